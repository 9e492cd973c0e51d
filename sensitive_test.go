package tempfile_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"unsafe"

	"github.com/tmpguard/tempfile"
)

// newSensitive returns a Sensitive Spooled in a fresh directory, closed
// when the test ends.
func newSensitive(t *testing.T, threshold int64, opts ...tempfile.Option) *tempfile.Spooled {
	t.Helper()
	s, err := tempfile.NewSpooled(threshold, append([]tempfile.Option{tempfile.InDir(t.TempDir()), tempfile.Sensitive()}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSensitiveRefused(t *testing.T) {
	dir := t.TempDir()
	sens := []tempfile.Option{tempfile.InDir(dir), tempfile.Sensitive()}
	for _, tc := range []struct {
		name string
		make func() (any, error)
		says string
	}{
		{"New", func() (any, error) { return tempfile.New(sens...) }, "New makes an anonymous file, whose data are plaintext on disk by nature"},
		{"NewFile", func() (any, error) { return tempfile.NewFile(sens...) }, "NewFile makes a named file, whose data are plaintext on disk by nature"},
		{"NewDir", func() (any, error) { return tempfile.NewDir(sens...) }, "NewDir makes a directory, whose files are plaintext on disk by nature"},
		{"NewSpooled with Perm(0640)", func() (any, error) {
			return tempfile.NewSpooled(10, append(sens, tempfile.Perm(0o640))...)
		}, "Perm(0640): the spill file of sensitive data stays private"},
		{"NewSpooled with ForcePerm(0666)", func() (any, error) {
			return tempfile.NewSpooled(10, append(sens, tempfile.ForcePerm(0o666))...)
		}, "Perm(0666)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.make()
			var pe *fs.PathError
			if !errors.Is(err, tempfile.ErrInvalidOption) || !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("%s = %v; want a *fs.PathError matching ErrInvalidOption saying %q", tc.name, err, tc.says)
			}
		})
	}
	mustBeEmpty(t, dir)
	// Private modes are fine.
	s, err := tempfile.NewSpooled(10, append(sens, tempfile.Perm(0o400))...)
	if err != nil {
		t.Fatalf("NewSpooled(Sensitive(), Perm(0400)) = %v", err)
	}
	s.Close()
}

// TestSensitiveRoundTrip writes, rewrites, truncates and reads a Sensitive
// Spooled in memory and after the spill, through every method.
func TestSensitiveRoundTrip(t *testing.T) {
	for _, spill := range []bool{false, true} {
		s := newSensitive(t, 1<<20)
		data := bytes.Repeat([]byte("0123456789abcdef"), 20000) // 320,000 bytes: 5 chunks, the last partial
		if spill {
			must(t, s.Rollover())
		}
		if n, err := s.ReadFrom(bytes.NewReader(data)); n != int64(len(data)) || err != nil {
			t.Fatalf("spill=%v: ReadFrom = %d, %v", spill, n, err)
		}
		if s.Spilled() != spill || s.File() != nil {
			t.Fatalf("spill=%v: Spilled() = %v, File() = %v; want no file handed out", spill, s.Spilled(), s.File())
		}
		copy(data[70000:], "overwritten across a chunk boundary")
		s.WriteAt([]byte("overwritten across a chunk boundary"), 70000)
		must(t, s.Truncate(200001))
		data = data[:200001]
		must(t, s.Truncate(250000)) // the cut bytes come back as zeros
		data = append(data, make([]byte, 250000-200001)...)
		if s.Size() != int64(len(data)) {
			t.Fatalf("spill=%v: Size() = %d, want %d", spill, s.Size(), len(data))
		}
		s.Seek(1, io.SeekStart)
		var out bytes.Buffer
		if n, err := s.WriteTo(&out); n != int64(len(data)-1) || err != nil || !bytes.Equal(out.Bytes(), data[1:]) {
			t.Errorf("spill=%v: WriteTo = %d, %v; want the data after offset 1", spill, n, err)
		}
		got := make([]byte, 100)
		if n, err := s.ReadAt(got, 65500); n != 100 || err != nil || !bytes.Equal(got, data[65500:65600]) {
			t.Errorf("spill=%v: ReadAt across a chunk boundary = %d, %v, %q", spill, n, err, got[:n])
		}
	}
}

// TestSensitiveZeroedBeforeRelease: every locked region is zeroed before
// it goes back to the system, on Truncate, on the spill and on Close.
func TestSensitiveZeroedBeforeRelease(t *testing.T) {
	const chunk = 64 << 10
	var released [][]byte
	tempfile.WatchLockedRelease(t, func(b []byte) {
		if !allZero(b) {
			t.Errorf("a locked region of %d bytes went back to the system unzeroed", len(b))
		}
		released = append(released, b)
	})
	secret := bytes.Repeat([]byte("top secret! "), 4*chunk/12+1)
	for _, tc := range []struct {
		name    string
		do      func(s *tempfile.Spooled) error
		regions int // locked regions given back
	}{
		{"Truncate", func(s *tempfile.Spooled) error { return s.Truncate(chunk + 10) }, 2},
		{"spill", func(s *tempfile.Spooled) error { return s.Rollover() }, 4},
		{"Close", func(s *tempfile.Spooled) error { return s.Close() }, 5}, // the chunks and the key
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSensitive(t, 1<<20)
			s.Write(secret[:4*chunk])
			chunks := tempfile.SpooledChunks(s)
			released = nil
			must(t, tc.do(s))
			if len(released) != tc.regions {
				t.Fatalf("%s gave back %d locked regions, want %d", tc.name, len(released), tc.regions)
			}
			if tc.name == "Truncate" {
				// The part of the last chunk past the new end is zeroed
				// too: it stays, but it held the secret.
				if tail := chunks[1][10:]; !allZero(tail) {
					t.Errorf("after Truncate the kept chunk still holds old bytes past the end")
				}
			}
		})
	}
}

// TestSensitiveCipherStateIsLocked: the AES-GCM state the object uses
// lives in its locked region, not in the Go heap.
func TestSensitiveCipherStateIsLocked(t *testing.T) {
	s := newSensitive(t, 16)
	region, state := tempfile.CipherState(s)
	start := uintptr(unsafe.Pointer(unsafe.SliceData(region)))
	if state < start || state >= start+uintptr(len(region)) {
		t.Errorf("the AES-GCM state is at %#x, outside the locked region [%#x, %#x)", state, start, start+uintptr(len(region)))
	}
	if allZero(region[:32]) {
		t.Error("the key in the locked region is all zeros")
	}
	must(t, s.Rollover())
	s.Write([]byte("sealed with the moved state"))
	got := make([]byte, 27)
	if n, err := s.ReadAt(got, 0); n != 27 || string(got) != "sealed with the moved state" {
		t.Errorf("ReadAt = %d, %v, %q", n, err, got)
	}
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
