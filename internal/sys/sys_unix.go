//go:build unix

package sys

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

const createFlags = unix.O_RDWR | unix.O_CREAT | unix.O_EXCL | unix.O_NOFOLLOW | unix.O_CLOEXEC

// CreateExcl creates path for reading and writing. It fails with an error
// matching fs.ErrExist if anything, a dangling symlink included, is already
// there, and it never follows a symlink. With exact set the mode is applied
// again with fchmod, so that the umask cannot remove bits from it.
func CreateExcl(p Path, perm uint32, exact bool) (*os.File, error) {
	fd, err := openPath(p, createFlags, perm)
	if err != nil {
		return nil, err
	}
	if exact {
		if err := unix.Fchmod(fd, perm); err != nil {
			unix.Close(fd)
			if lerr := leftBehind(unlinkPath(p, 0)); lerr != nil {
				err = errors.Join(err, lerr)
			}
			return nil, err
		}
	}
	return os.NewFile(uintptr(fd), p.String()), nil
}

// leftBehind turns the failure to unlink a file just created into an
// error that says the file stays; a name already gone is no failure.
func leftBehind(err error) error {
	if err == nil || err == unix.ENOENT {
		return nil
	}
	// The caller names the path: say that it is left behind, the one
	// thing the caller can act on.
	return fmt.Errorf("created, but could not be unlinked and is left behind: %w", err)
}

// CreateAnon creates a file at path and unlinks it at once: the name is
// visible only between the two calls. It is the fallback where O_TMPFILE
// is not available.
func CreateAnon(p Path, perm uint32, exact bool) (*os.File, error) {
	f, err := CreateExcl(p, perm, exact)
	if err != nil {
		return nil, err
	}
	if err := leftBehind(unlinkPath(p, 0)); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Mkdir creates the directory path; with exact set its mode is applied
// again so that the umask cannot remove bits from it.
func Mkdir(p Path, perm uint32, exact bool) error {
	if err := mkdirPath(p, perm); err != nil {
		return err
	}
	if exact {
		// Through a descriptor opened without following a symlink: the
		// name may have been swapped since the mkdir.
		fd, err := openPath(p, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err == nil {
			err = unix.Fchmod(fd, perm)
			unix.Close(fd)
		}
		if err != nil {
			unlinkPath(p, unix.AT_REMOVEDIR)
			return err
		}
	}
	return nil
}

// Remove unlinks the file at p.
func Remove(p Path) error { return unlinkPath(p, 0) }

// IsCrossDevice reports whether err says that a rename crossed filesystems.
func IsCrossDevice(err error) bool { return errors.Is(err, unix.EXDEV) }

// SyncDir flushes the directory dir, so that a rename into it is durable.
func SyncDir(dir string) error {
	fd, err := openRetry(dir, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_DIRECTORY|unix.O_NONBLOCK, 0)
	if err != nil {
		return err
	}
	return syncClose(fd)
}

// SyncPath flushes the regular file at path, without following a symlink
// and without blocking on a FIFO or a device put at the name.
func SyncPath(path string) error {
	fd, err := openRegular(path, unix.O_RDONLY)
	if err != nil {
		return err
	}
	return syncClose(fd)
}

func syncClose(fd int) error {
	err := unix.Fsync(fd)
	if cerr := unix.Close(fd); err == nil {
		err = cerr
	}
	return err
}

// OpenNoFollow opens the regular file at path with flag (os.O_RDONLY or
// os.O_RDWR). It never follows a symlink, never blocks on a FIFO or a
// device put at the name (O_NONBLOCK), and refuses anything but a regular
// file.
func OpenNoFollow(path string, flag int) (*os.File, error) {
	fd, err := openRegular(path, flag)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}

// OpenDir opens the directory at path for reading, without following a
// symlink or blocking on anything else put at the name: a handle that
// keeps the directory's inode (its number cannot be reused) and tells
// whether it was removed (no links) or renamed.
func OpenDir(path string) (*os.File, error) {
	fd, err := openRetry(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}

// Links returns the number of names fi's file has, if the system says.
func Links(fi os.FileInfo) (uint64, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return uint64(st.Nlink), true
}

// ErrNotRegular reports a name that leads to something else than a
// regular file (a FIFO, a device, a directory, a socket).
var ErrNotRegular = errors.New("not a regular file")

// openRegular opens path with O_NOFOLLOW|O_NONBLOCK, checks with fstat
// that it is a regular file, then clears O_NONBLOCK.
func openRegular(path string, flag int) (int, error) {
	fd, err := openRetry(path, flag|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	var st unix.Stat_t
	if err = unix.Fstat(fd, &st); err == nil && st.Mode&unix.S_IFMT != unix.S_IFREG {
		err = ErrNotRegular
	}
	if err == nil {
		err = unix.SetNonblock(fd, false)
	}
	if err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

func openRetry(path string, flags int, perm uint32) (int, error) {
	for {
		fd, err := unix.Open(path, flags, perm)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// Renamed returns a new handle on f's open file that gives name as its
// name, and closes f; on error it returns f as it was. An *os.File cannot
// change its name, and after a rename its messages should say where the
// file now is.
func Renamed(f *os.File, name string) (*os.File, error) {
	// Not F_DUPFD_CLOEXEC, which aix lacks: dup and mark close-on-exec
	// under ForkLock, as package os does, so that no exec sees the copy.
	syscall.ForkLock.RLock()
	fd, err := unix.Dup(int(f.Fd()))
	if err == nil {
		unix.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return f, err
	}
	f.Close()
	return os.NewFile(uintptr(fd), name), nil
}

// linkNoReplace moves oldpath to newpath with link(2), which fails on an
// existing newpath, then removes oldpath; if that fails, it removes the new
// name again, so that a failure changes nothing (or says what it left).
// The file has both names for a moment. A filesystem without hard links
// (FAT, some network and FUSE filesystems) has no way to do it: that is
// an error matching errors.ErrUnsupported.
func linkNoReplace(oldpath, newpath string) error {
	if err := syscall.Link(oldpath, newpath); err != nil { // x/sys has no Link on aix
		if err == unix.EPERM || err == unix.ENOTSUP || err == unix.EOPNOTSUPP {
			return fmt.Errorf("%w: this filesystem can neither rename without replacing nor link (%v)", errors.ErrUnsupported, err)
		}
		return err
	}
	if err := unix.Unlink(oldpath); err != nil {
		if uerr := unix.Unlink(newpath); uerr != nil && uerr != unix.ENOENT {
			return fmt.Errorf("%w; the file is now at both names: %v", err, uerr)
		}
		return err
	}
	return nil
}

// ignoringEINTR calls fn until it is not interrupted by a signal.
func ignoringEINTR(fn func() error) error {
	for {
		if err := fn(); err != unix.EINTR {
			return err
		}
	}
}

// FSKey returns a key that is the same for every directory of one
// filesystem: its device number.
func FSKey(dir string) (string, error) {
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return "", err
	}
	return strconv.FormatUint(uint64(st.Dev), 10), nil
}

// IsNoSpace reports whether err says that the filesystem, or the user's
// quota on it, is full.
func IsNoSpace(err error) bool {
	return errors.Is(err, unix.ENOSPC) || errors.Is(err, unix.EDQUOT)
}
