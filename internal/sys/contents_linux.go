package sys

import (
	"bytes"
	"unsafe"

	"golang.org/x/sys/unix"
)

// nameOff is where a name starts in a linux_dirent64 record.
const nameOff = int(unsafe.Offsetof(unix.Dirent{}.Name))

// contents removes every entry of the open directory dirfd, whose path is
// dir (for messages only: every call works relative to a descriptor). One
// pass is enough: removing entries never hides the others from a reader.
//
// This is the Linux fast path: it reads the directory with getdents into a
// buffer reused at each depth, and unlinks each file with the name that
// getdents already ended with a NUL, so that a file costs one system call
// and no allocation. Anything else (a directory, an error to fix or
// report) goes to entry.
func (r *remover) contents(dirfd int, dir string) {
	if r.depth == len(r.bufs) {
		r.bufs = append(r.bufs, make([]byte, 8<<10))
	}
	buf := r.bufs[r.depth]
	r.depth++
	defer func() { r.depth-- }()
	for {
		n, err := unix.Getdents(dirfd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			r.add(dir, err)
			return
		}
		if n <= 0 {
			return
		}
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
			if d.Type != unix.DT_DIR && d.Type != unix.DT_UNKNOWN {
				_, _, errno := unix.Syscall(unix.SYS_UNLINKAT, uintptr(dirfd), uintptr(unsafe.Pointer(&name[0])), 0)
				if errno == 0 || errno == unix.ENOENT {
					continue
				}
			}
			r.entry(dirfd, dir, string(name[:len(name)-1]), d.Type == unix.DT_DIR)
		}
	}
}
