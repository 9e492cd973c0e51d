//go:build unix && !linux

package sys

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// LockedKind names the kind of memory AllocLocked gives on this system.
func LockedKind() string { return "mlock" }

// AllocLocked maps n zeroed bytes (rounded up to whole pages) between two
// PROT_NONE guard pages and locks them (mlock). These systems have no
// portable way to leave pages out of a core dump. A lock beyond
// RLIMIT_MEMLOCK fails with an error that [IsLockLimit] knows.
func AllocLocked(n int) (*Locked, error) {
	ps := uintptr(os.Getpagesize())
	size := (uintptr(max(n, 1)) + ps - 1) &^ (ps - 1)
	base, err := unix.MmapPtr(-1, 0, nil, size+2*ps, unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		return nil, err
	}
	b := unsafe.Slice((*byte)(unsafe.Add(base, ps)), size)
	if err = unix.Mprotect(b, unix.PROT_READ|unix.PROT_WRITE); err == nil {
		err = unix.Mlock(b)
	}
	if err != nil {
		unix.MunmapPtr(base, size+2*ps)
		return nil, err
	}
	return &Locked{b: b[:n], base: base, size: size + 2*ps}, nil
}

func freeLocked(base unsafe.Pointer, size uintptr) error {
	return unix.MunmapPtr(base, size)
}
