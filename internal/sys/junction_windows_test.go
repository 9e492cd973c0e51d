package sys

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"
	"unsafe"

	"golang.org/x/sys/windows"
)

// makeJunction makes link a junction (a mount-point reparse point, which
// needs no privilege) to the directory target, as `mklink /J` does, in
// process so that a race can swap one in quickly.
func makeJunction(link, target string) error {
	abs, err := filepath.Abs(target)
	if err != nil {
		return err
	}
	if err := os.Mkdir(link, 0o700); err != nil {
		return err
	}
	p, err := windows.UTF16PtrFromString(link)
	if err != nil {
		return err
	}
	h, err := windows.CreateFile(p, windows.GENERIC_WRITE, 0, nil, windows.OPEN_EXISTING,
		windows.FILE_FLAG_OPEN_REPARSE_POINT|windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	if err != nil {
		os.Remove(link)
		return err
	}
	b := mountPointBuffer(`\??\`+abs, abs)
	var n uint32
	err = windows.DeviceIoControl(h, windows.FSCTL_SET_REPARSE_POINT, &b[0], uint32(len(b)), nil, 0, &n, nil)
	windows.CloseHandle(h)
	if err != nil {
		os.Remove(link)
		return err
	}
	return nil
}

// mountPointBuffer returns a REPARSE_DATA_BUFFER for a mount point with
// the substitute name sub and the print name print.
func mountPointBuffer(sub, print string) []byte {
	s := utf16.Encode([]rune(sub))
	pr := utf16.Encode([]rune(print))
	names := make([]uint16, 0, len(s)+len(pr)+2)
	names = append(append(append(append(names, s...), 0), pr...), 0)
	b := make([]byte, 16+2*len(names))
	le := binary.LittleEndian
	le.PutUint32(b[0:], windows.IO_REPARSE_TAG_MOUNT_POINT)
	le.PutUint16(b[4:], uint16(len(b)-8))      // ReparseDataLength
	le.PutUint16(b[8:], 0)                     // SubstituteNameOffset
	le.PutUint16(b[10:], uint16(2*len(s)))     // SubstituteNameLength
	le.PutUint16(b[12:], uint16(2*(len(s)+1))) // PrintNameOffset
	le.PutUint16(b[14:], uint16(2*len(pr)))    // PrintNameLength
	copy(b[16:], unsafe.Slice((*byte)(unsafe.Pointer(&names[0])), 2*len(names)))
	return b
}

// junctionOrSkip makes link a junction to the directory target or skips
// the test: where junctions cannot be made (a file system without reparse
// points; Wine) there is nothing to attack. (Directory symlinks are the
// same kind of reparse point, but need a privilege or developer mode.)
func junctionOrSkip(t *testing.T, link, target string) {
	t.Helper()
	if err := makeJunction(link, target); err != nil {
		t.Skipf("cannot make a junction here: %v", err)
	}
}
