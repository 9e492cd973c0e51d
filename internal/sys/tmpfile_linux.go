package sys

import (
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// tmpfileDirs remembers, per directory, whether its filesystem takes
// O_TMPFILE: the name given to its unnamed files where it does, "" where
// it does not. Each directory is probed once.
var tmpfileDirs sync.Map

// OpenTmpfile opens an unnamed regular file in dir with O_TMPFILE: it never
// has a name, so nothing can be left behind. It answers
// errors.ErrUnsupported when the filesystem of dir does not support it.
func OpenTmpfile(dir string, perm uint32, exact bool) (*os.File, error) {
	var name string
	if v, ok := tmpfileDirs.Load(dir); ok {
		if name = v.(string); name == "" {
			return nil, errUnsupported
		}
	}
	// O_EXCL: the file can never be given a name later (linkat).
	fd, err := openRetry(dir, unix.O_TMPFILE|unix.O_EXCL|unix.O_RDWR|unix.O_CLOEXEC, perm)
	if err != nil {
		switch err {
		case unix.EOPNOTSUPP, unix.EISDIR, unix.EINVAL:
			// EISDIR: a kernel older than 3.11 reads O_TMPFILE as O_DIRECTORY.
			tmpfileDirs.Store(dir, "")
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
	if name == "" {
		// The name of the handle, for messages: the directory and a mark
		// that the file has no name of its own.
		name = dir + "/(unnamed)"
		tmpfileDirs.Store(dir, name)
	}
	return os.NewFile(uintptr(fd), name), nil
}
