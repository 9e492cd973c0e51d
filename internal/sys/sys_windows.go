//go:build windows

package sys

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

func create(path string, perm uint32, extra uint32) (*os.File, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	attrs := uint32(windows.FILE_ATTRIBUTE_NORMAL)
	if perm&0o200 == 0 && extra&windows.FILE_FLAG_DELETE_ON_CLOSE == 0 {
		// A read-only file cannot be deleted on close: only named files
		// take the attribute.
		attrs = windows.FILE_ATTRIBUTE_READONLY
	}
	// CREATE_NEW fails on anything already there, a symlink included, and
	// FILE_FLAG_OPEN_REPARSE_POINT keeps a reparse point from being followed.
	h, err := windows.CreateFile(p,
		windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.CREATE_NEW, attrs|windows.FILE_FLAG_OPEN_REPARSE_POINT|extra, 0)
	if err != nil {
		if err == windows.ERROR_FILE_EXISTS || err == windows.ERROR_ALREADY_EXISTS {
			return nil, fs.ErrExist
		}
		return nil, err
	}
	return os.NewFile(uintptr(h), path), nil
}

// CreateExcl creates path for reading and writing, failing with an error
// matching fs.ErrExist if anything is there. Windows has no umask: exact is
// always true in effect.
func CreateExcl(p Path, perm uint32, exact bool) (*os.File, error) {
	return create(p.String(), perm, 0)
}

// CreateAnon creates path with FILE_FLAG_DELETE_ON_CLOSE: Windows removes
// it when the last handle closes, even if the process dies.
func CreateAnon(p Path, perm uint32, exact bool) (*os.File, error) {
	return create(p.String(), perm, windows.FILE_FLAG_DELETE_ON_CLOSE|windows.FILE_ATTRIBUTE_TEMPORARY)
}

// OpenTmpfile answers errors.ErrUnsupported: Windows has no O_TMPFILE.
func OpenTmpfile(dir string, perm uint32, exact bool) (*os.File, error) {
	return nil, errUnsupported
}

// Mkdir creates the directory path. Windows directories inherit their ACL
// from the parent; the user's temporary directory is private to the user.
func Mkdir(p Path, perm uint32, exact bool) error {
	return underlying(os.Mkdir(p.String(), fs.FileMode(perm)))
}

// Remove removes the file at path.
func Remove(p Path) error { return underlying(os.Remove(p.String())) }

// underlying returns the system error inside a *fs.PathError: the callers
// name the path themselves, as they do with the Unix calls' bare errnos.
func underlying(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// RenameNoReplace renames oldpath to newpath unless something is at
// newpath (MoveFileEx without MOVEFILE_REPLACE_EXISTING); then it fails
// with an error matching fs.ErrExist and changes nothing.
func RenameNoReplace(oldpath, newpath string) error {
	from, err := windows.UTF16PtrFromString(longPath(oldpath))
	if err != nil {
		return err
	}
	to, err := windows.UTF16PtrFromString(longPath(newpath))
	if err != nil {
		return err
	}
	return windows.MoveFileEx(from, to, 0)
}

// longPath gives an absolute path past MAX_PATH the \\?\ prefix that lifts
// the limit, as package os does for its own calls. Relative and UNC paths
// are left as they are.
func longPath(p string) string {
	if len(p) < 248 || !filepath.IsAbs(p) || strings.HasPrefix(p, `\\`) {
		return p
	}
	return `\\?\` + filepath.Clean(p)
}

// IsCrossDevice reports whether err says that a rename crossed volumes.
func IsCrossDevice(err error) bool { return errors.Is(err, windows.ERROR_NOT_SAME_DEVICE) }

// SyncDir does nothing: Windows cannot flush a directory handle, and
// renames are journaled by NTFS.
func SyncDir(dir string) error { return nil }

// SyncPath flushes the file at path.
func SyncPath(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Renamed returns a new handle on f's open file that gives name as its
// name, and closes f; on error it returns f as it was. An *os.File cannot
// change its name, and after a rename its messages should say where the
// file now is.
func Renamed(f *os.File, name string) (*os.File, error) {
	cur := windows.CurrentProcess()
	var h windows.Handle
	if err := windows.DuplicateHandle(cur, windows.Handle(f.Fd()), cur, &h, 0, false, windows.DUPLICATE_SAME_ACCESS); err != nil {
		return f, err
	}
	f.Close()
	return os.NewFile(uintptr(h), name), nil
}

// OpenNoFollow opens path with flag (os.O_RDONLY or os.O_RDWR). A
// symlink or junction is opened itself, not followed, and the file is
// shared for deleting and renaming too, as the files create makes, so
// that the handle never stops a cleanup.
func OpenNoFollow(path string, flag int) (*os.File, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	access := uint32(windows.GENERIC_READ)
	if flag&os.O_RDWR != 0 {
		access |= windows.GENERIC_WRITE
	}
	h, err := windows.CreateFile(p, access,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_NORMAL|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(h), path), nil
}

// RemoveTree removes path and everything below it without following
// symlinks or junctions (the link goes, its target stays), clearing the
// read-only attribute where it stops a removal, and goes on after errors.
func RemoveTree(p Path) error {
	var errs []error
	removeTree(p.String(), &errs)
	return errors.Join(errs...)
}

func removeTree(path string, errs *[]error) {
	fi, err := os.Lstat(path)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			*errs = append(*errs, &os.PathError{Op: "cleanup", Path: path, Err: errors.Unwrap(err)})
		}
		return
	}
	if fi.IsDir() {
		ents, err := os.ReadDir(path)
		if err != nil {
			*errs = append(*errs, &os.PathError{Op: "cleanup", Path: path, Err: errors.Unwrap(err)})
			return
		}
		for _, e := range ents {
			removeTree(filepath.Join(path, e.Name()), errs)
		}
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		if os.Chmod(path, 0o700) == nil {
			err = os.Remove(path)
		}
		if err != nil {
			*errs = append(*errs, &os.PathError{Op: "cleanup", Path: path, Err: errors.Unwrap(err)})
		}
	}
}

// FreeSpace returns the bytes that the user may still write on the volume
// that holds dir, and its cluster size (4096 when it cannot be read).
func FreeSpace(dir string) (free, block int64, err error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, 0, err
	}
	var avail, total, all uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &all); err != nil {
		return 0, 0, err
	}
	return int64(avail), 4096, nil
}

// FSKey returns a key that is the same for every directory of one volume.
func FSKey(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return strings.ToUpper(filepath.VolumeName(abs)), nil
}

// IsNoSpace reports whether err says that the volume is full.
func IsNoSpace(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}
