//go:build windows

package sys

import (
	"slices"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The handle primitives of the Windows code: opening a name relative to a
// directory handle, reading and changing attributes through a handle,
// deleting through a handle. Nothing here resolves a path again once a
// handle is open.

// The information classes' structures, which x/sys/windows does not define.
type (
	fileBasicInfo struct { // FILE_BASIC_INFO
		CreationTime, LastAccessTime, LastWriteTime, ChangeTime int64
		FileAttributes                                          uint32
		_                                                       uint32
	}
	fileAttributeTagInfo struct { // FILE_ATTRIBUTE_TAG_INFO
		FileAttributes uint32
		ReparseTag     uint32
	}
	fileDispositionInfo struct { // FILE_DISPOSITION_INFO
		DeleteFile bool
	}
	fileDispositionInfoEx struct { // FILE_DISPOSITION_INFO_EX
		Flags uint32
	}
	fileFullDirInfo struct { // FILE_FULL_DIR_INFO, FileName follows
		NextEntryOffset uint32
		FileIndex       uint32
		CreationTime    int64
		LastAccessTime  int64
		LastWriteTime   int64
		ChangeTime      int64
		EndOfFile       int64
		AllocationSize  int64
		FileAttributes  uint32
		FileNameLength  uint32 // in bytes
		EaSize          uint32
		FileName        [1]uint16
	}
)

const (
	shareAll = windows.FILE_SHARE_READ | windows.FILE_SHARE_WRITE | windows.FILE_SHARE_DELETE

	// The attributes that FILE_BASIC_INFO can set; the others (directory,
	// reparse point, compressed, ...) are the file system's.
	settableAttrs = windows.FILE_ATTRIBUTE_READONLY | windows.FILE_ATTRIBUTE_HIDDEN |
		windows.FILE_ATTRIBUTE_SYSTEM | windows.FILE_ATTRIBUTE_ARCHIVE |
		windows.FILE_ATTRIBUTE_TEMPORARY | windows.FILE_ATTRIBUTE_OFFLINE |
		windows.FILE_ATTRIBUTE_NOT_CONTENT_INDEXED
)

// Test seam: forceDeleteFallback makes deleteHandle skip
// FILE_DISPOSITION_INFO_EX, as on Windows before 10 1607 or on FAT.
var forceDeleteFallback bool

var procReOpenFile = windows.NewLazySystemDLL("kernel32.dll").NewProc("ReOpenFile")

// reopen opens the file that h refers to again, with access: the object
// itself, never a name, so that nothing swapped in at the name since can be
// reached (ReOpenFile, as package os does).
func reopen(h windows.Handle, access uint32) (windows.Handle, error) {
	r, _, e := procReOpenFile.Call(uintptr(h), uintptr(access), shareAll,
		windows.FILE_FLAG_OPEN_REPARSE_POINT|windows.FILE_FLAG_BACKUP_SEMANTICS)
	if windows.Handle(r) == windows.InvalidHandle {
		if errno, ok := e.(syscall.Errno); ok && errno != 0 {
			return windows.InvalidHandle, errno
		}
		return windows.InvalidHandle, syscall.EINVAL
	}
	return windows.Handle(r), nil
}

// openAt opens the entry name of the directory dir, a single name as a
// listing of dir returns it, with access. FILE_OPEN_REPARSE_POINT opens a
// symlink, junction or mount point itself: the open never leaves dir. The
// name is matched exactly (no OBJ_CASE_INSENSITIVE), so that in a
// case-sensitive directory it cannot reach a sibling that differs in case.
// A name with a separator is refused: it would be a path, whose middle
// elements the system would follow through links (no file system lists
// such a name, but nothing here trusts that it cannot).
func openAt(dir windows.Handle, name []uint16, access uint32) (windows.Handle, error) {
	if len(name) == 0 || len(name) > 0x7fff || slices.Contains(name, '\\') || slices.Contains(name, '/') {
		return windows.InvalidHandle, windows.ERROR_INVALID_NAME
	}
	us := windows.NTUnicodeString{
		Length:        uint16(2 * len(name)),
		MaximumLength: uint16(2 * len(name)),
		Buffer:        &name[0],
	}
	oa := windows.OBJECT_ATTRIBUTES{RootDirectory: dir, ObjectName: &us}
	oa.Length = uint32(unsafe.Sizeof(oa))
	var h windows.Handle
	err := windows.NtCreateFile(&h, access|windows.SYNCHRONIZE, &oa, &windows.IO_STATUS_BLOCK{}, nil,
		0, shareAll, windows.FILE_OPEN,
		windows.FILE_OPEN_REPARSE_POINT|windows.FILE_OPEN_FOR_BACKUP_INTENT|windows.FILE_SYNCHRONOUS_IO_NONALERT,
		0, 0)
	if err == windows.STATUS_DELETE_PENDING {
		// Being deleted by someone else: RtlNtStatusToDosError would say
		// ERROR_ACCESS_DENIED.
		return windows.InvalidHandle, windows.ERROR_DELETE_PENDING
	}
	if err != nil {
		return windows.InvalidHandle, ntErrno(err)
	}
	return h, nil
}

// ntErrno turns an NTSTATUS into the Win32 error that package os and
// errors.Is understand (ERROR_FILE_NOT_FOUND matches fs.ErrNotExist).
func ntErrno(err error) error {
	if st, ok := err.(windows.NTStatus); ok {
		return st.Errno()
	}
	return err
}

// attributesOf returns the attributes of the file open at h, and its
// reparse tag if it is a reparse point.
func attributesOf(h windows.Handle) (attrs, tag uint32, err error) {
	var ti fileAttributeTagInfo
	err = windows.GetFileInformationByHandleEx(h, windows.FileAttributeTagInfo,
		(*byte)(unsafe.Pointer(&ti)), uint32(unsafe.Sizeof(ti)))
	return ti.FileAttributes, ti.ReparseTag, err
}

// setAttributes sets the settable attributes of the file open at h, which
// must have FILE_WRITE_ATTRIBUTES access.
func setAttributes(h windows.Handle, attrs uint32) error {
	info := fileBasicInfo{FileAttributes: attrs & settableAttrs}
	if info.FileAttributes == 0 {
		info.FileAttributes = windows.FILE_ATTRIBUTE_NORMAL // 0 would mean "unchanged"
	}
	return windows.SetFileInformationByHandle(h, windows.FileBasicInfo,
		(*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
}

// deleteHandle deletes the file or empty directory open at h (which must
// have DELETE access; attrs are its attributes): a link is deleted itself,
// since h was opened without following it. With POSIX semantics the name
// goes when h is closed, even if other handles are open; read-only
// entries are deleted as they are. Where the system or the file system
// lacks those (before Windows 10 1809, FAT), the read-only attribute is
// cleared through a handle made from h (ReOpenFile, the object and not its
// name) and the classic disposition used; if that fails, the attribute is
// put back.
func deleteHandle(h windows.Handle, attrs uint32) (err error) {
	if !forceDeleteFallback {
		info := fileDispositionInfoEx{Flags: windows.FILE_DISPOSITION_DELETE |
			windows.FILE_DISPOSITION_POSIX_SEMANTICS |
			windows.FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE}
		err = windows.SetFileInformationByHandle(h, windows.FileDispositionInfoEx,
			(*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
		switch err {
		case windows.ERROR_INVALID_PARAMETER, // the class or a flag is unknown
			windows.ERROR_NOT_SUPPORTED, windows.ERROR_INVALID_FUNCTION: // the file system lacks it
		default:
			return err
		}
	}
	if attrs&windows.FILE_ATTRIBUTE_READONLY != 0 {
		a, rerr := reopen(h, windows.FILE_READ_ATTRIBUTES|windows.FILE_WRITE_ATTRIBUTES|windows.SYNCHRONIZE)
		if rerr != nil {
			return rerr
		}
		defer windows.CloseHandle(a)
		if rerr := setAttributes(a, attrs&^windows.FILE_ATTRIBUTE_READONLY); rerr != nil {
			return rerr
		}
		defer func() {
			if err != nil {
				setAttributes(a, attrs) // as it was: the error says why it stays
			}
		}()
	}
	info := fileDispositionInfo{DeleteFile: true}
	return windows.SetFileInformationByHandle(h, windows.FileDispositionInfo,
		(*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
}
