package sys

import (
	"os"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hasSecretMem reports whether the kernel makes memfd_secret(2) files
// (Linux 5.14 on, enabled by default from 6.5 or with secretmem.enable=1).
// Probed once; tests swap it to take the mlock path.
var hasSecretMem = probeSecretMem

var probeSecretMem = sync.OnceValue(func() bool {
	if sysMemfdSecret == 0 {
		return false
	}
	fd, _, errno := unix.Syscall(sysMemfdSecret, unix.O_CLOEXEC, 0, 0)
	if errno != 0 {
		return false
	}
	unix.Close(int(fd))
	return true
})

// LockedKind names the kind of memory AllocLocked gives on this system.
func LockedKind() string {
	if hasSecretMem() {
		return "memfd_secret"
	}
	return "mlock"
}

// AllocLocked maps n zeroed bytes (rounded up to whole pages) between two
// PROT_NONE guard pages. With memfd_secret the pages are locked, out of
// core dumps and out of the kernel's own direct map: not even the kernel
// reads them without mapping them again. Otherwise they are private
// anonymous pages, locked (mlock), left out of core dumps
// (MADV_DONTDUMP) and wiped in a forked child (MADV_WIPEONFORK). A lock
// beyond RLIMIT_MEMLOCK fails with an error that [IsLockLimit] knows.
func AllocLocked(n int) (*Locked, error) {
	ps := uintptr(os.Getpagesize())
	size := (uintptr(max(n, 1)) + ps - 1) &^ (ps - 1)
	base, err := unix.MmapPtr(-1, 0, nil, size+2*ps, unix.PROT_NONE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS|unix.MAP_NORESERVE)
	if err != nil {
		return nil, err
	}
	mid := unsafe.Add(base, ps)
	if hasSecretMem() {
		err = mapSecret(mid, size)
	} else {
		err = lockAnon(unsafe.Slice((*byte)(mid), size))
	}
	if err != nil {
		unix.MunmapPtr(base, size+2*ps)
		return nil, err
	}
	return &Locked{b: unsafe.Slice((*byte)(mid), size)[:n], base: base, size: size + 2*ps}, nil
}

// mapSecret maps a memfd_secret file of size bytes over the reserved
// pages at mid. The kernel counts the mapping against RLIMIT_MEMLOCK and
// refuses it (EAGAIN) beyond.
func mapSecret(mid unsafe.Pointer, size uintptr) error {
	fd, _, errno := unix.Syscall(sysMemfdSecret, unix.O_CLOEXEC, 0, 0)
	if errno != 0 {
		return errno
	}
	defer unix.Close(int(fd)) // the mapping keeps the file
	if err := unix.Ftruncate(int(fd), int64(size)); err != nil {
		return err
	}
	if _, err := unix.MmapPtr(int(fd), 0, mid, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_FIXED); err != nil {
		return err
	}
	// A shared mapping would be shared with a forked child: keep it out.
	return unix.Madvise(unsafe.Slice((*byte)(mid), size), unix.MADV_DONTFORK)
}

func lockAnon(b []byte) error {
	if err := unix.Mprotect(b, unix.PROT_READ|unix.PROT_WRITE); err != nil {
		return err
	}
	if err := unix.Madvise(b, unix.MADV_DONTDUMP); err != nil {
		return err
	}
	if err := unix.Madvise(b, unix.MADV_WIPEONFORK); err != nil && err != unix.EINVAL {
		return err // EINVAL: a kernel before 4.14, which has no such advice
	}
	return unix.Mlock(b)
}

func freeLocked(base unsafe.Pointer, size uintptr) error {
	return unix.MunmapPtr(base, size)
}

// WithoutSecretMem makes AllocLocked take the mlock path until the
// returned function restores the probe; for tests.
func WithoutSecretMem() (restore func()) {
	hasSecretMem = func() bool { return false }
	return func() { hasSecretMem = probeSecretMem }
}
