//go:build windows

package sys

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/sys/windows"
)

// create creates the file path (past MAX_PATH too: longPath) for reading
// and writing; extra are more flags for CreateFile.
func create(path string, perm uint32, extra uint32) (*os.File, error) {
	p, err := windows.UTF16PtrFromString(longPath(path))
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
		windows.GENERIC_READ|windows.GENERIC_WRITE, shareAll,
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

// IsCrossDevice reports whether err says that a rename crossed volumes.
func IsCrossDevice(err error) bool { return errors.Is(err, windows.ERROR_NOT_SAME_DEVICE) }

// SyncDir does nothing: Windows cannot flush a directory handle, and
// renames are journaled by NTFS.
func SyncDir(dir string) error { return nil }

// SyncPath flushes the regular file at path to disk, without following a
// link. FlushFileBuffers needs a handle with write access, which the
// system refuses on a read-only file (a Perm without 0o200), so the file is
// opened by name once, to read its attributes, and everything else goes
// through that handle: a write handle is made from it (ReOpenFile, which
// reopens the object, not the name); if that is refused because the file
// is read-only, the attribute is cleared through another handle made the
// same way, the write handle made, and the attribute put back at once,
// before the flush. For that moment the file can be opened for writing by
// whoever its ACL lets write it: the owner, in the user's own temporary
// directory.
func SyncPath(path string) error {
	p, err := windows.UTF16PtrFromString(longPath(path))
	if err != nil {
		return err
	}
	h, err := windows.CreateFile(p, windows.FILE_READ_ATTRIBUTES|windows.SYNCHRONIZE, shareAll,
		nil, windows.OPEN_EXISTING, windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return err
	}
	defer windows.CloseHandle(h)
	attrs, err := regularFile(h)
	if err != nil {
		return err
	}
	w, err := reopen(h, windows.GENERIC_WRITE)
	if err == windows.ERROR_ACCESS_DENIED && attrs&windows.FILE_ATTRIBUTE_READONLY != 0 {
		w, err = writableFor(h, attrs, windows.GENERIC_WRITE)
	}
	if err != nil {
		return err
	}
	err = windows.FlushFileBuffers(w)
	if cerr := windows.CloseHandle(w); err == nil {
		err = cerr
	}
	return err
}

// writableFor returns a handle with access on the read-only file open at h
// (attrs are its attributes): it clears the read-only attribute, reopens h
// with access, and sets the attribute again, all through handles on the
// object.
func writableFor(h windows.Handle, attrs, access uint32) (windows.Handle, error) {
	a, err := reopen(h, windows.FILE_READ_ATTRIBUTES|windows.FILE_WRITE_ATTRIBUTES|windows.SYNCHRONIZE)
	if err != nil {
		return windows.InvalidHandle, err
	}
	defer windows.CloseHandle(a)
	if err := setAttributes(a, attrs&^windows.FILE_ATTRIBUTE_READONLY); err != nil {
		return windows.InvalidHandle, err
	}
	w, err := reopen(h, access)
	if rerr := setAttributes(a, attrs); rerr != nil {
		if err == nil {
			windows.CloseHandle(w)
		}
		return windows.InvalidHandle, fmt.Errorf("could not make the file read-only again: %w", rerr)
	}
	return w, err
}

// regularFile returns the attributes of the file open at h, or an error if
// it is not a regular file: syscall.ELOOP for a reparse point (a symlink,
// a junction), as O_NOFOLLOW gives on Unix.
func regularFile(h windows.Handle) (uint32, error) {
	attrs, _, err := attributesOf(h)
	switch {
	case err != nil:
		return 0, err
	case attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0:
		return 0, syscall.ELOOP
	case attrs&windows.FILE_ATTRIBUTE_DIRECTORY != 0:
		return 0, syscall.EISDIR
	}
	if t, err := windows.GetFileType(h); err != nil || t != windows.FILE_TYPE_DISK {
		if err == nil {
			err = windows.ERROR_BAD_FILE_TYPE
		}
		return 0, err
	}
	return attrs, nil
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

// OpenNoFollow opens the regular file at path with flag (os.O_RDONLY or
// os.O_RDWR), past MAX_PATH too. A symlink or junction at path is not
// followed: the open fails, with syscall.ELOOP where the link itself was
// opened (a link to a file); a directory, a link to one and a device fail
// too. The file is shared for deleting and renaming too, as the files
// create makes, so that the handle never stops a cleanup.
func OpenNoFollow(path string, flag int) (*os.File, error) {
	p, err := windows.UTF16PtrFromString(longPath(path))
	if err != nil {
		return nil, err
	}
	access := uint32(windows.GENERIC_READ)
	if flag&os.O_RDWR != 0 {
		access |= windows.GENERIC_WRITE
	}
	h, err := windows.CreateFile(p, access, shareAll,
		nil, windows.OPEN_EXISTING, windows.FILE_ATTRIBUTE_NORMAL|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return nil, err
	}
	if _, err := regularFile(h); err != nil {
		windows.CloseHandle(h)
		return nil, err
	}
	return os.NewFile(uintptr(h), path), nil
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
