package sys

import (
	"os"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// noTmpfile holds the directories whose filesystem refused O_TMPFILE: each
// is probed once, then goes straight to the fallback.
var noTmpfile sync.Map

// lastDir caches the directory of the last O_TMPFILE and the name given to
// its handles, so that the common case (one temporary directory) costs a
// comparison and no allocation, and nothing grows with the number of
// directories.
var lastDir atomic.Pointer[struct{ dir, name string }]

// OpenTmpfile opens an unnamed regular file in dir with O_TMPFILE: it never
// has a name, so nothing can be left behind. It answers
// errors.ErrUnsupported when the filesystem of dir does not support it.
func OpenTmpfile(dir string, perm uint32, exact bool) (*os.File, error) {
	var name string
	if l := lastDir.Load(); l != nil && l.dir == dir {
		name = l.name
	} else if _, no := noTmpfile.Load(dir); no {
		return nil, errUnsupported
	}
	// O_EXCL: the file can never be given a name later (linkat).
	fd, err := openRetry(dir, unix.O_TMPFILE|unix.O_EXCL|unix.O_RDWR|unix.O_CLOEXEC, perm)
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
	if name == "" {
		// The name of the handle, for messages: the directory and a mark
		// that the file has no name of its own.
		name = dir + "/(unnamed)"
		lastDir.Store(&struct{ dir, name string }{dir, name})
	}
	return os.NewFile(uintptr(fd), name), nil
}
