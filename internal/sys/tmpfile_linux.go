package sys

import (
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// noTmpfile holds the directories whose filesystem refused O_TMPFILE: each
// is probed once, then goes straight to the fallback.
var noTmpfile sync.Map

// OpenTmpfile opens an unnamed regular file in dir with O_TMPFILE: it never
// has a name, so nothing can be left behind. It answers
// errors.ErrUnsupported when the filesystem of dir does not support it.
func OpenTmpfile(dir string, perm uint32, exact bool) (*os.File, error) {
	if _, no := noTmpfile.Load(dir); no {
		return nil, errUnsupported
	}
	fd, err := openRetry(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, perm)
	if err != nil {
		switch err {
		case unix.EOPNOTSUPP, unix.EISDIR, unix.EINVAL:
			// EISDIR: a kernel older than 3.11 reads O_TMPFILE as O_DIRECTORY.
			noTmpfile.Store(dir, struct{}{})
			return nil, errUnsupported
		}
		return nil, err
	}
	if exact {
		if err := unix.Fchmod(fd, perm); err != nil {
			unix.Close(fd)
			return nil, err
		}
	}
	return os.NewFile(uintptr(fd), dir+"/(unnamed)"), nil
}
