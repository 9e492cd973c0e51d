//go:build !unix

package report

const oNoCTTY = 0
