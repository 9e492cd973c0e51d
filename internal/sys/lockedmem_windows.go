//go:build windows

package sys

import (
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// LockedKind names the kind of memory AllocLocked gives on this system.
func LockedKind() string { return "VirtualLock" }

// AllocLocked commits n zeroed bytes (rounded up to whole pages) between
// two PAGE_NOACCESS guard pages and locks them in the working set
// (VirtualLock), so that they are never paged out. Windows has no way to
// leave them out of a crash dump. A lock beyond the process's minimum
// working set fails with an error that [IsLockLimit] knows.
func AllocLocked(n int) (*Locked, error) {
	ps := uintptr(os.Getpagesize())
	size := (uintptr(max(n, 1)) + ps - 1) &^ (ps - 1)
	base, err := windows.VirtualAlloc(0, size+2*ps, windows.MEM_RESERVE, windows.PAGE_NOACCESS)
	if err != nil {
		return nil, err
	}
	mid := base + ps
	if _, err = windows.VirtualAlloc(mid, size, windows.MEM_COMMIT, windows.PAGE_READWRITE); err == nil {
		err = windows.VirtualLock(mid, size)
	}
	if err != nil {
		windows.VirtualFree(base, 0, windows.MEM_RELEASE)
		return nil, err
	}
	b := unsafe.Slice((*byte)(pointer(mid)), size)
	return &Locked{b: b[:n], base: pointer(base), size: size + 2*ps}, nil
}

// pointer turns an address from VirtualAlloc into a pointer. The memory
// is not Go's: the garbage collector neither moves nor frees it, so the
// address stays valid until VirtualFree.
func pointer(addr uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&addr))
}

func freeLocked(base unsafe.Pointer, size uintptr) error {
	ps := uintptr(os.Getpagesize())
	windows.VirtualUnlock(uintptr(base)+ps, size-2*ps)
	return windows.VirtualFree(uintptr(base), 0, windows.MEM_RELEASE)
}

// IsLockLimit reports whether err says that no more memory may be locked.
func IsLockLimit(err error) bool {
	return err == windows.ERROR_WORKING_SET_QUOTA || err == windows.ERROR_NOT_ENOUGH_MEMORY ||
		err == windows.ERROR_NO_SYSTEM_RESOURCES || err == windows.ERROR_COMMITMENT_LIMIT
}

// LockLimit describes the limit on locked memory, for messages.
func LockLimit() string { return "the process's minimum working set size" }
