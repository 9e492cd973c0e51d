//go:build unix && !linux

package sys

import "golang.org/x/sys/unix"

func openPath(p Path, flags int, perm uint32) (int, error) { return openRetry(p.String(), flags, perm) }

func unlinkPath(p Path, flags int) error {
	if flags&unix.AT_REMOVEDIR != 0 {
		return unix.Rmdir(p.String())
	}
	return unix.Unlink(p.String())
}

func mkdirPath(p Path, perm uint32) error {
	for {
		err := unix.Mkdir(p.String(), perm)
		if err != unix.EINTR {
			return err
		}
	}
}
