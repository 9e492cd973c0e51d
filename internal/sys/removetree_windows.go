//go:build windows

package sys

import (
	"errors"
	"io/fs"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Why not os.Root (Go 1.25+: Root.RemoveAll, handle-relative on Windows
// as on Unix)? It keeps the removal inside the tree (opened on the tree's
// parent, it does not follow a link at the root either), but it does not
// meet the contract of RemoveTree: it stops at the first error and returns
// only that one, with a path relative to the root; and it removes a folder
// that a volume is mounted on as it removes a junction (which unmounts the
// volume), where RemoveTree leaves it and reports ErrMountPoint as the Unix
// code does. So the removal below does what os.Root does inside
// (NtCreateFile relative to a directory handle, FILE_OPEN_REPARSE_POINT,
// deletion through the handle) with the contract of RemoveTree on top.

// RemoveTree removes path and everything below it, working through handles
// so that no entry can be swapped between a check and an action on it:
//
//   - the root is opened by name once, without following a reparse point at
//     its last element; every entry below is opened relative to its parent
//     directory's handle (NtCreateFile with RootDirectory), with
//     FILE_OPEN_REPARSE_POINT, so that no open follows a symlink or junction
//     or leaves the parent;
//   - what an entry is comes from its open handle: a directory that is not a
//     reparse point is listed through its handle and emptied; anything else
//     (a file, a symlink, a junction) is deleted as it is, through the
//     handle, so a link goes and its target stays;
//   - a volume mounted in a folder of the tree, and a directory on another
//     volume however it was reached, are not entered nor removed: each is
//     reported with ErrMountPoint;
//   - every deletion is made through the handle that was checked
//     (deleteHandle): read-only entries are deleted too.
//
// It goes on after an error: the result joins one *fs.PathError (Op
// "cleanup") per path that could not be removed, and a directory whose
// contents could not all be removed stays without an error of its own. A
// path that does not exist is not an error.
func RemoveTree(p Path) error {
	path := p.String()
	if !p.valid() {
		return &fs.PathError{Op: "cleanup", Path: path, Err: windows.ERROR_INVALID_NAME}
	}
	name, err := windows.UTF16PtrFromString(longPath(path))
	if err != nil {
		return &fs.PathError{Op: "cleanup", Path: path, Err: err}
	}
	// FILE_FLAG_OPEN_REPARSE_POINT: if the root itself has become a link,
	// the link is opened (and removed), not its target.
	open := func(access uint32) (windows.Handle, error) {
		return windows.CreateFile(name, access, shareAll, nil, windows.OPEN_EXISTING,
			windows.FILE_FLAG_OPEN_REPARSE_POINT|windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	}
	h, err := open(entryAccess)
	if err == windows.ERROR_ACCESS_DENIED || err == windows.ERROR_SHARING_VIOLATION {
		h, err = open(entryAccessMin)
	}
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return &fs.PathError{Op: "cleanup", Path: path, Err: err}
		}
		return nil
	}
	r := remover{root: path}
	r.remove(h, nil)
	windows.CloseHandle(h)
	return errors.Join(r.errs...)
}

const (
	// What an entry is opened with: to delete it, to read what it is, and
	// to list it if it is a directory (FILE_LIST_DIRECTORY is
	// FILE_READ_DATA on a file). deleteHandle gets the right to clear a
	// read-only attribute, when it must, from this handle.
	entryAccess = windows.DELETE | windows.FILE_READ_ATTRIBUTES |
		windows.FILE_LIST_DIRECTORY | windows.SYNCHRONIZE
	// What is tried when that is refused: a file open elsewhere without
	// FILE_SHARE_READ can still be deleted if it shares deletion.
	entryAccessMin = windows.DELETE | windows.FILE_READ_ATTRIBUTES | windows.SYNCHRONIZE

	listBufSize = 16 << 10 // holds at least one entry of 255 characters (578 bytes)
	emptyPasses = 3        // listings of a directory that entries keep appearing in
)

// Test seam: removeHook, if set, runs at the two moments where a removal by
// name would be fooled by a swap: "listed", after an entry was listed and
// before it is opened; "opened", after a directory was opened and checked
// and before it is listed. path is the entry's path.
var removeHook func(event, path string)

// The memory a removal takes is a small constant per level of the tree,
// whatever its depth: one listing buffer serves every level, and each level
// keeps only the names of the batch of entries it is removing (a few
// hundred bytes in a deep and narrow tree), reused from batch to batch.
// Paths are built only for errors.
type remover struct {
	root   string     // the path given, for messages
	names  [][]uint16 // the names from the root to the directory being emptied: slices of levels' names
	levels []level    // per depth
	buf    []uint64   // the listing buffer (uint64 for the entries' alignment)
	vol    uint32     // the root's volume serial number
	errs   []error
}

// A level holds the names of the batch of entries being removed at one
// depth, one after the other; ends[i] is where the ith ends.
type level struct {
	names []uint16
	ends  []int
}

// path returns the path of name in the directory being emptied (of that
// directory if name is nil). Paths are built only for errors and hooks.
func (r *remover) path(name []uint16) string {
	var b strings.Builder
	b.WriteString(r.root)
	for _, n := range r.names {
		b.WriteByte('\\')
		b.WriteString(windows.UTF16ToString(n))
	}
	if name != nil {
		b.WriteByte('\\')
		b.WriteString(windows.UTF16ToString(name))
	}
	return b.String()
}

func (r *remover) add(name []uint16, err error) {
	if err != nil {
		r.errs = append(r.errs, &fs.PathError{Op: "cleanup", Path: r.path(name), Err: err})
	}
}

// remove removes the entry open at h: name in the directory being emptied,
// or the root if name is nil.
func (r *remover) remove(h windows.Handle, name []uint16) {
	attrs, tag, err := attributesOf(h)
	if err != nil {
		r.add(name, err)
		return
	}
	switch {
	case attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0:
		// Never entered. A volume mounted here is another file system.
		if tag == windows.IO_REPARSE_TAG_MOUNT_POINT {
			if vol, err := mountsVolume(h); vol || err != nil {
				if err == nil {
					err = ErrMountPoint
				}
				r.add(name, err)
				return
			}
		}
	case attrs&windows.FILE_ATTRIBUTE_DIRECTORY != 0:
		var fi windows.ByHandleFileInformation
		if err := windows.GetFileInformationByHandle(h, &fi); err != nil {
			r.add(name, err)
			return
		}
		if name == nil {
			r.vol = fi.VolumeSerialNumber
		} else if fi.VolumeSerialNumber != r.vol {
			r.add(name, ErrMountPoint)
			return
		}
		if name != nil {
			r.names = append(r.names, name)
		}
		if removeHook != nil {
			removeHook("opened", r.path(nil))
		}
		ok := r.empty(h)
		for pass := 1; ok; pass++ {
			err := deleteHandle(h, attrs)
			if err != windows.ERROR_DIR_NOT_EMPTY || pass == emptyPasses {
				r.add(nil, ignoreNotExist(err))
				break
			}
			ok = r.empty(h) // entries appeared meanwhile
		}
		if name != nil {
			r.names = r.names[:len(r.names)-1]
		}
		return
	}
	r.add(name, ignoreNotExist(deleteHandle(h, attrs)))
}

// empty removes the entries of the directory open at h, listing it through
// h from its start, a batch at a time: the names of a batch are copied out
// of the listing buffer, which the levels below then reuse. It reports
// whether all went without an error.
func (r *remover) empty(h windows.Handle) bool {
	depth := len(r.names)
	if depth == len(r.levels) {
		r.levels = append(r.levels, level{})
	}
	if r.buf == nil {
		r.buf = make([]uint64, listBufSize/8)
	}
	before := len(r.errs)
	class := uint32(windows.FileFullDirectoryRestartInfo)
	for {
		err := windows.GetFileInformationByHandleEx(h, class, (*byte)(unsafe.Pointer(&r.buf[0])), listBufSize)
		class = windows.FileFullDirectoryInfo
		if err == windows.ERROR_NO_MORE_FILES || err == windows.ERROR_FILE_NOT_FOUND {
			// The end; ERROR_FILE_NOT_FOUND is how an empty directory
			// with no "." and ".." entries ends (as in package os).
			break
		}
		if err != nil {
			r.add(nil, err)
			break
		}
		names, ends := r.levels[depth].names[:0], r.levels[depth].ends[:0]
		for off := uintptr(0); ; {
			info := (*fileFullDirInfo)(unsafe.Add(unsafe.Pointer(&r.buf[0]), off))
			name := unsafe.Slice(&info.FileName[0], info.FileNameLength/2)
			if !isDots(name) {
				names = append(names, name...)
				ends = append(ends, len(names))
			}
			if info.NextEntryOffset == 0 {
				break
			}
			off += uintptr(info.NextEntryOffset)
		}
		// Kept for the next batch; r.levels may grow below, the arrays stay.
		r.levels[depth].names, r.levels[depth].ends = names, ends
		start := 0
		for _, end := range ends {
			r.entry(h, names[start:end:end])
			start = end
		}
	}
	return len(r.errs) == before
}

// entry removes the entry name of the directory open at dir. name is a
// slice of this depth's level, which stays as it is until the next batch.
func (r *remover) entry(dir windows.Handle, name []uint16) {
	if removeHook != nil {
		removeHook("listed", r.path(name))
	}
	h, err := openAt(dir, name, entryAccess)
	if err == windows.ERROR_ACCESS_DENIED || err == windows.ERROR_SHARING_VIOLATION {
		h, err = openAt(dir, name, entryAccessMin)
	}
	if err != nil {
		r.add(name, ignoreNotExist(err))
		return
	}
	r.remove(h, name)
	windows.CloseHandle(h) // with POSIX semantics, the name goes now
}

// ignoreNotExist drops the errors that say the entry is gone already or
// going: someone else removed it, or is removing it.
func ignoreNotExist(err error) error {
	if errors.Is(err, fs.ErrNotExist) || err == windows.ERROR_DELETE_PENDING {
		return nil
	}
	return err
}

func isDots(name []uint16) bool {
	return len(name) == 1 && name[0] == '.' || len(name) == 2 && name[0] == '.' && name[1] == '.'
}

// mountsVolume reports whether the mount-point reparse point open at h is
// a volume mounted in a folder rather than a junction: both have the tag
// IO_REPARSE_TAG_MOUNT_POINT, and a volume's target is its GUID name.
func mountsVolume(h windows.Handle) (bool, error) {
	buf := make([]byte, windows.MAXIMUM_REPARSE_DATA_BUFFER_SIZE)
	var n uint32
	if err := windows.DeviceIoControl(h, windows.FSCTL_GET_REPARSE_POINT, nil, 0,
		&buf[0], uint32(len(buf)), &n, nil); err != nil {
		return false, err
	}
	target, ok := mountPointTarget(buf[:n])
	return !ok || isVolumeName(target), nil
}

// mountPointTarget returns the substitute name of a mount-point reparse
// buffer (REPARSE_DATA_BUFFER with a MountPointReparseBuffer), or false if
// b is not a well-formed one.
func mountPointTarget(b []byte) ([]uint16, bool) {
	const header = 16 // tag, data length, reserved; four offsets and lengths
	if len(b) < header || le32(b) != windows.IO_REPARSE_TAG_MOUNT_POINT {
		return nil, false
	}
	off, n := int(le16(b[8:])), int(le16(b[10:]))
	if off%2 != 0 || n%2 != 0 || header+off+n > len(b) {
		return nil, false
	}
	s := make([]uint16, n/2)
	for i := range s {
		s[i] = le16(b[header+off+2*i:])
	}
	return s, true
}

// isVolumeName reports whether target names a volume: \??\Volume{GUID}\.
func isVolumeName(target []uint16) bool {
	return strings.HasPrefix(strings.ToLower(windows.UTF16ToString(target)), `\??\volume{`)
}

func le16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
func le32(b []byte) uint32 { return uint32(le16(b)) | uint32(le16(b[2:]))<<16 }
