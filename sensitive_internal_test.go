package tempfile

import (
	"crypto/cipher"
	"errors"
	"testing"
	"unsafe"
)

// fakeAEAD is an AEAD-shaped value for moveInto: with a pointer in it, it
// must not be moved out of the Go heap (the collector would not see the
// pointer).
type fakeAEAD[T any] struct{ v T }

func (*fakeAEAD[T]) NonceSize() int                           { return 12 }
func (*fakeAEAD[T]) Overhead() int                            { return 16 }
func (*fakeAEAD[T]) Seal(dst, _, p, _ []byte) []byte          { return append(dst, p...) }
func (*fakeAEAD[T]) Open(dst, _, c, _ []byte) ([]byte, error) { return append(dst, c...), nil }

func TestMoveInto(t *testing.T) {
	dst := make([]byte, 1024)
	var a cipher.AEAD = &fakeAEAD[[4]uint64]{v: [4]uint64{1, 2, 3, 4}}
	heap := a.(*fakeAEAD[[4]uint64])
	if err := moveInto(&a, dst); err != nil {
		t.Fatalf("moveInto(a pointer-free state) = %v", err)
	}
	if moved := a.(*fakeAEAD[[4]uint64]); unsafe.Pointer(moved) != unsafe.Pointer(&dst[0]) || moved.v != [4]uint64{1, 2, 3, 4} {
		t.Errorf("after moveInto the AEAD is at %p holding %v; want at %p holding 1 2 3 4", moved, moved.v, &dst[0])
	}
	if heap.v != [4]uint64{} {
		t.Errorf("the heap copy still holds %v after the move, want zeros", heap.v)
	}
	for _, tc := range []struct {
		name string
		a    cipher.AEAD
	}{
		{"pointer", &fakeAEAD[*int]{v: new(int)}},
		{"slice", &fakeAEAD[[]byte]{v: []byte("key")}},
		{"interface", &fakeAEAD[any]{v: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := moveInto(&tc.a, dst); !errors.Is(err, errors.ErrUnsupported) {
				t.Errorf("moveInto(a state with a %s) = %v, want errors.ErrUnsupported", tc.name, err)
			}
		})
	}
}
