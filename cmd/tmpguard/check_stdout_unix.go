//go:build unix

package main

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// stdoutClosed reports whether w is a standard output that was closed when
// the program started (tmpguard check >&-). The Go runtime then opens
// /dev/null read-write on descriptor 1, so that writes succeed and vanish:
// that is what is looked for. A shell redirection to /dev/null opens it
// write-only, so ">/dev/null" is not taken for a closed output; only
// "1<>/dev/null" would be.
func stdoutClosed(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f.Fd() != 1 {
		return false
	}
	fl, err := unix.FcntlInt(f.Fd(), unix.F_GETFL, 0)
	if err != nil || fl&unix.O_ACCMODE != unix.O_RDWR {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err == nil && os.SameFile(fi, null)
}
