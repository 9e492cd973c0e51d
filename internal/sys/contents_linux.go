package sys

import (
	"bytes"
	"errors"
	"io"
	"unsafe"

	"golang.org/x/sys/unix"
)

// nameOff is where a name starts in a linux_dirent64 record.
const nameOff = int(unsafe.Offsetof(unix.Dirent{}.Name))

// contents removes the entries of the open directory dirfd that one
// reading shows.
//
// This is the Linux fast path: it reads the directory with getdents into
// the remover's one buffer, and unlinks each file with the name that
// getdents already ended with a NUL, so that a file costs one system call
// and no allocation. Anything else (a directory, an error to fix or
// report) goes to entry; since that may reuse the buffer for a
// subdirectory, the reading then resumes after the entry through its
// d_off cookie (lseek), so that the tree's depth costs no buffer per
// level. A filesystem whose cookies shift as entries go can make this
// skip entries: the caller reads again while a pass removes anything.
func (r *remover) contents(dirfd int) {
	if r.buf == nil {
		r.buf = make([]byte, 16<<10)
	}
	buf := r.buf
	failed, handled := r.nerr, 0
	for {
		if r.nerr-failed >= maxPerDir {
			return // it stays: its first errors say why
		}
		if handled >= maxEntries {
			r.add("", errors.New("entries keep being added to this directory: not removed"))
			return
		}
		n, err := unix.Getdents(dirfd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			r.add("", err)
			return
		}
		if n <= 0 {
			return
		}
		resume := int64(-1)
		for off := 0; off < n; {
			d := (*unix.Dirent)(unsafe.Pointer(&buf[off]))
			rec := buf[off : off+int(d.Reclen)]
			off += int(d.Reclen)
			name := rec[nameOff:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i+1] // with its NUL
			} else {
				continue // malformed: no NUL
			}
			if string(name) == ".\x00" || string(name) == "..\x00" {
				continue
			}
			handled++
			if d.Type != unix.DT_DIR && d.Type != unix.DT_UNKNOWN {
				_, _, errno := unix.Syscall(unix.SYS_UNLINKAT, uintptr(dirfd), uintptr(unsafe.Pointer(&name[0])), 0)
				if errno == 0 {
					r.removed++
					continue
				}
				if errno == unix.ENOENT {
					continue
				}
			}
			resume = d.Off // read on after this entry
			r.entry(dirfd, string(name[:len(name)-1]), d.Type == unix.DT_DIR)
			break
		}
		if resume >= 0 {
			if _, err := unix.Seek(dirfd, resume, io.SeekStart); err != nil {
				r.add("", err)
				return
			}
		}
	}
}
