//go:build !unix

package tempfile

func isNotDir(err error) bool { return false }
