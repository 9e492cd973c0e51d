//go:build unix && !linux

package sys

import "golang.org/x/sys/unix"

func openPath(p Path, flags int, perm uint32) (int, error) { return openRetry(p.String(), flags, perm) }

func unlinkPath(p Path, flags int) error {
	return unix.Unlinkat(unix.AT_FDCWD, p.String(), flags)
}

func mkdirPath(p Path, perm uint32) error {
	return ignoringEINTR(func() error { return unix.Mkdirat(unix.AT_FDCWD, p.String(), perm) })
}
