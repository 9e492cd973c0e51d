package sys

import "unsafe"

// Locked is memory that the kernel keeps in RAM and out of core dumps,
// between two inaccessible guard pages. Alloc returns it zeroed; Free zeroes
// it before it gives it back.
type Locked struct {
	b    []byte         // the usable bytes
	base unsafe.Pointer // the whole mapping, guard pages included
	size uintptr
}

// Bytes returns the locked bytes: as many as asked of [AllocLocked].
func (m *Locked) Bytes() []byte { return m.b }

// Free zeroes the memory, then unmaps it with its guard pages. It is
// idempotent.
func (m *Locked) Free() error {
	if m.base == nil {
		return nil
	}
	clear(m.b[:cap(m.b)])
	err := freeLocked(m.base, m.size)
	m.b, m.base, m.size = nil, nil, 0
	return err
}
