//go:build !unix && !windows

package sys

import "unsafe"

// LockedKind names the kind of memory AllocLocked gives on this system:
// none.
func LockedKind() string { return "" }

// AllocLocked answers errors.ErrUnsupported: this platform cannot lock
// memory.
func AllocLocked(n int) (*Locked, error) { return nil, errUnsupported }

func freeLocked(base unsafe.Pointer, size uintptr) error { return errUnsupported }

func IsLockLimit(err error) bool { return false }

func LockLimit() string { return "" }
