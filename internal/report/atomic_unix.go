//go:build unix

package report

import "syscall"

const oNoCTTY = syscall.O_NOCTTY
