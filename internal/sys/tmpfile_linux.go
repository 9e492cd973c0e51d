package sys

import (
	"os"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// noTmpfile holds the filesystems (their FSKey) that refused O_TMPFILE:
// each is probed once, then all its directories go straight to the
// fallback. It has one entry per such filesystem, however many directories
// are used; noTmpfileCount lets the common case, where every filesystem
// supports O_TMPFILE, skip the lookup. A filesystem mounted later under a
// device number the kernel reused inherits the record: New then takes the
// create-and-unlink fallback there, which is slower, not unsafe.
var (
	noTmpfile      sync.Map
	noTmpfileCount atomic.Int32
)

// tmpfileDir is what OpenTmpfile knows of a directory: its path ready for
// the system call, the name given to the handles of its files, and whether
// its filesystem refused O_TMPFILE.
type tmpfileDir struct {
	dir, name   string
	path        Path
	unsupported bool
}

// lastDir caches the directory of the last call, so that the common case
// (one temporary directory) costs a comparison and no allocation, and
// nothing grows with the number of directories.
var lastDir atomic.Pointer[tmpfileDir]

// OpenTmpfile opens an unnamed regular file in dir with O_TMPFILE: it never
// has a name, so nothing can be left behind. It answers
// errors.ErrUnsupported when the filesystem of dir does not support it.
func OpenTmpfile(dir string, perm uint32, exact bool) (*os.File, error) {
	d := lastDir.Load()
	if d == nil || d.dir != dir {
		d = lookupTmpfileDir(dir)
	}
	if d.unsupported {
		return nil, errUnsupported
	}
	// O_EXCL: the file can never be given a name later (linkat).
	fd, err := openPath(d.path, unix.O_TMPFILE|unix.O_EXCL|unix.O_RDWR|unix.O_CLOEXEC, perm)
	if err != nil {
		switch err {
		case unix.EOPNOTSUPP, unix.EISDIR, unix.EINVAL:
			// EISDIR: a kernel older than 3.11 reads O_TMPFILE as O_DIRECTORY.
			markNoTmpfile(dir)
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
	return os.NewFile(uintptr(fd), d.name), nil
}

// lookupTmpfileDir makes dir the last directory, unsupported if its
// filesystem already refused O_TMPFILE.
func lookupTmpfileDir(dir string) *tmpfileDir {
	unsupported := false
	if noTmpfileCount.Load() > 0 {
		if key, err := FSKey(dir); err == nil {
			_, unsupported = noTmpfile.Load(key)
		}
	}
	return setLastDir(dir, unsupported)
}

// markNoTmpfile records that the filesystem of dir refused O_TMPFILE.
func markNoTmpfile(dir string) {
	if key, err := FSKey(dir); err == nil {
		if _, had := noTmpfile.LoadOrStore(key, struct{}{}); !had {
			noTmpfileCount.Add(1)
		}
	}
	setLastDir(dir, true)
}

// setLastDir caches dir as the last directory. The name of its handles,
// for messages, is the directory and a mark that the file has no name of
// its own.
func setLastDir(dir string, unsupported bool) *tmpfileDir {
	d := &tmpfileDir{dir: dir, name: dir + "/(unnamed)", path: PathOf(dir), unsupported: unsupported}
	lastDir.Store(d)
	return d
}
