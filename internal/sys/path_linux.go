package sys

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// cwd returns AT_FDCWD as a system call argument (a negative int).
func cwd() uintptr {
	fd := unix.AT_FDCWD
	return uintptr(fd)
}

func (p Path) ptr() uintptr { return uintptr(unsafe.Pointer(unsafe.StringData(p.z))) }

// The system calls below take a Path's bytes directly, where x/sys would
// copy the string to add the NUL.

func openPath(p Path, flags int, perm uint32) (int, error) {
	if !p.valid() {
		return -1, unix.EINVAL
	}
	for {
		fd, _, errno := unix.Syscall6(unix.SYS_OPENAT, cwd(), p.ptr(), uintptr(flags), uintptr(perm), 0, 0)
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return -1, errno
		}
		return int(fd), nil
	}
}

func unlinkPath(p Path, flags int) error {
	if !p.valid() {
		return unix.EINVAL
	}
	if _, _, errno := unix.Syscall(unix.SYS_UNLINKAT, cwd(), p.ptr(), uintptr(flags)); errno != 0 {
		return errno
	}
	return nil
}

func mkdirPath(p Path, perm uint32) error {
	if !p.valid() {
		return unix.EINVAL
	}
	for {
		_, _, errno := unix.Syscall(unix.SYS_MKDIRAT, cwd(), p.ptr(), uintptr(perm))
		if errno == unix.EINTR {
			continue
		}
		if errno != 0 {
			return errno
		}
		return nil
	}
}
