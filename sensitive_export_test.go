package tempfile

import (
	"testing"
	"unsafe"

	"github.com/tmpguard/tempfile/internal/sys"
)

// TagSize is the size of the tag that ends each sealed record on disk: the
// record of chunk i starts at i*(chunk+TagSize).
const TagSize = tagSize

// WatchLockedRelease calls fn with the bytes of every locked region that an
// object gives back (to the pool or to the system), after they were zeroed.
func WatchLockedRelease(t testing.TB, fn func(b []byte)) {
	t.Helper()
	saved := lockedReleaseHook
	lockedReleaseHook = fn
	t.Cleanup(func() { lockedReleaseHook = saved })
}

// SpooledChunks returns the memory chunks of s, whole (past the size too).
func SpooledChunks(s *Spooled) [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.chunks
}

// CipherState returns the locked region that holds the key and the
// AES-GCM state of a Sensitive s, and the address of the state the AEAD
// uses.
func CipherState(s *Spooled) (region []byte, aead uintptr) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sec.state.Bytes(), uintptr((*iface)(unsafe.Pointer(&s.sec.aead)).data)
}

// LockedKind names the locked memory in use: memfd_secret, mlock,
// VirtualLock.
func LockedKind() string { return sys.LockedKind() }
