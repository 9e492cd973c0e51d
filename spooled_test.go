package tempfile_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/tmpguard/tempfile"
)

func TestSpooledStaysInMemoryThenSpills(t *testing.T) {
	dir := t.TempDir()
	s, err := tempfile.NewSpooled(100, tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Write(bytes.Repeat([]byte("a"), 100))
	if s.Spilled() || s.File() != nil {
		t.Fatal("spilled at the threshold, want it to stay in memory up to it")
	}
	// Writing nothing past the threshold writes nothing: no spill.
	s.Seek(1000, io.SeekStart)
	if n, err := s.Write(nil); n != 0 || err != nil || s.Spilled() {
		t.Fatalf("empty Write past the threshold = %d, %v, spilled %v; want 0, nil, no spill", n, err, s.Spilled())
	}
	if n, err := s.WriteAt(nil, 5000); n != 0 || err != nil || s.Spilled() || s.Size() != 100 {
		t.Fatalf("empty WriteAt past the threshold = %d, %v, spilled %v, size %d; want 0, nil, no spill, 100", n, err, s.Spilled(), s.Size())
	}
	s.Seek(100, io.SeekStart)
	s.Write([]byte("b"))
	if !s.Spilled() || s.File() == nil {
		t.Fatal("did not spill past the threshold")
	}
	mustBeEmpty(t, dir) // the spill file is anonymous
	if s.Size() != 101 {
		t.Errorf("Size() = %d, want 101", s.Size())
	}
	s.Seek(0, io.SeekStart)
	b, _ := io.ReadAll(s)
	if want := strings.Repeat("a", 100) + "b"; string(b) != want {
		t.Errorf("read back %q", b)
	}
	must(t, s.Close())
	must(t, s.Close())
	if _, err := s.Write([]byte("x")); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Write after Close = %v, want fs.ErrClosed", err)
	}
}

func TestSpooledBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name      string
		threshold int64
		opts      []tempfile.Option
		says      string
	}{
		{"zero threshold", 0, nil, "threshold 0: must be positive"},
		{"negative threshold", -1, nil, "threshold -1: must be positive"},
		{"missing InDir", 10, []tempfile.Option{tempfile.InDir(filepath.Join(dir, "missing"))}, "no such file"},
		{"bad prefix", 10, []tempfile.Option{tempfile.Prefix("a/b")}, "path separator"},
		{"bad MaxSize", 10, []tempfile.Option{tempfile.MaxSize(0)}, "MaxSize(0)"},
		{"bad MinFree", 10, []tempfile.Option{tempfile.MinFree(-5)}, "MinFree(-5)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := tempfile.NewSpooled(tc.threshold, append([]tempfile.Option{tempfile.InDir(dir)}, tc.opts...)...)
			if s != nil || err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("NewSpooled(%d) = %v, %v; want an error saying %q", tc.threshold, s, err, tc.says)
			}
		})
	}
	mustBeEmpty(t, dir)
}

func TestSpooledGapAndTruncate(t *testing.T) {
	tempfile.WithChunkSize(t, 8)
	s, err := tempfile.NewSpooled(64, tempfile.InDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Write([]byte("garbage-garbage-garbage"))
	s.Truncate(0)
	s.WriteAt([]byte("xy"), 20) // a gap over the old bytes
	got := make([]byte, 22)
	n, err := s.ReadAt(got, 0)
	if n != 22 || err != nil || string(got) != strings.Repeat("\x00", 20)+"xy" {
		t.Errorf("ReadAt = %d, %v, %q; want 20 zero bytes then xy", n, err, got)
	}
	s.Truncate(30)
	if n, err := s.ReadAt(got[:8], 22); n != 8 || err != nil || string(got[:8]) != strings.Repeat("\x00", 8) {
		t.Errorf("after growing Truncate, ReadAt = %d, %v, %q; want zeros", n, err, got[:8])
	}
	if n, err := s.ReadAt(got, 25); n != 5 || err != io.EOF {
		t.Errorf("ReadAt across the end = %d, %v; want 5, EOF", n, err)
	}
}

func TestSpooledMaxSize(t *testing.T) {
	for _, threshold := range []int64{4, 1000} { // limit reached on disk / in memory
		t.Run(fmt.Sprint("threshold=", threshold), func(t *testing.T) {
			s, err := tempfile.NewSpooled(threshold, tempfile.InDir(t.TempDir()), tempfile.MaxSize(10))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.Write([]byte("0123456789")); err != nil {
				t.Fatal(err)
			}
			n, err := s.Write([]byte("x"))
			if n != 0 || !errors.Is(err, tempfile.ErrTooLarge) {
				t.Errorf("Write past MaxSize = %d, %v; want 0, ErrTooLarge", n, err)
			}
			if err := s.Truncate(11); !errors.Is(err, tempfile.ErrTooLarge) {
				t.Errorf("Truncate past MaxSize = %v, want ErrTooLarge", err)
			}
			if s.Size() != 10 {
				t.Errorf("Size() = %d after refusals, want 10", s.Size())
			}
		})
	}
}

func TestSpillFailureKeepsData(t *testing.T) {
	dir := t.TempDir()
	spill := filepath.Join(dir, "spill")
	must(t, os.Mkdir(spill, 0o700))
	s, err := tempfile.NewSpooled(16, tempfile.InDir(spill))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Write([]byte("sixteen bytes!!!"))
	must(t, os.Remove(spill)) // the spill directory goes away
	n, err := s.Write([]byte("more"))
	if n != 0 || err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Write that must spill into a missing directory = %d, %v; want 0 and an error", n, err)
	}
	if s.Spilled() {
		t.Error("Spilled() after a failed spill")
	}
	if err := s.Rollover(); err == nil {
		t.Error("Rollover into a missing directory succeeded")
	}
	got := make([]byte, 32)
	n, _ = s.ReadAt(got, 0)
	if string(got[:n]) != "sixteen bytes!!!" {
		t.Errorf("after the failed spill the data are %q", got[:n])
	}
	must(t, os.Mkdir(spill, 0o700))
	if _, err := s.Write([]byte("more")); err != nil {
		t.Fatalf("Write once the directory is back: %v", err)
	}
	s.Seek(0, io.SeekStart)
	b, _ := io.ReadAll(s)
	if string(b) != "sixteen bytes!!!more" {
		t.Errorf("read back %q", b)
	}
}

func TestSpooledReadFromWriteTo(t *testing.T) {
	for _, size := range []int{10, 100 << 10} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			s, err := tempfile.NewSpooled(50<<10, tempfile.InDir(t.TempDir()))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			data := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
			n, err := s.ReadFrom(bytes.NewReader(data))
			if n != int64(size) || err != nil {
				t.Fatalf("ReadFrom = %d, %v", n, err)
			}
			if s.Spilled() != (size > 50<<10) {
				t.Errorf("Spilled() = %v with %d bytes", s.Spilled(), size)
			}
			s.Seek(3, io.SeekStart)
			var out bytes.Buffer
			if n, err := s.WriteTo(&out); n != int64(size-3) || err != nil || !bytes.Equal(out.Bytes(), data[3:]) {
				t.Errorf("WriteTo = %d, %v; want the data after offset 3", n, err)
			}
			if off, _ := s.Seek(0, io.SeekCurrent); off != int64(size) {
				t.Errorf("offset after WriteTo = %d, want %d", off, size)
			}
		})
	}
}

// FuzzSpooled runs random operations on a Spooled and on a []byte model of
// a file, side by side, and compares every result: offsets, counts, errors
// and bytes, across the spill and across chunk boundaries. Each input runs
// twice: plain, and Sensitive, where the small chunks also make the spill's
// sealed chunks small, so that partial, whole, rewritten and truncated
// chunks all go through the cipher.
func FuzzSpooled(f *testing.F) {
	f.Add([]byte{10, 0, 5, 1, 2, 3, 0, 2, 20, 3, 4, 0, 7})
	f.Add([]byte{3, 1, 40, 9, 2, 0, 30, 5, 6, 2, 0, 99, 1, 0, 4})
	f.Add([]byte{1, 4, 200, 0, 50, 2, 0, 10, 3, 5, 1, 30})
	f.Add([]byte{4, 2, 6, 0, 0, 30, 1, 5, 7, 5, 12, 0, 1, 2, 9, 5, 40, 0, 3, 0, 50})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) < 2 {
			return
		}
		for _, sensitive := range []bool{false, true} {
			checkSpooledModel(t, dir, ops, sensitive)
		}
	})
}

func checkSpooledModel(t *testing.T, dir string, ops []byte, sensitive bool) {
	tempfile.WithChunkSize(t, 1+int(ops[0]%9))
	threshold := int64(1 + ops[1]%64)
	ops = ops[2:]
	opts := []tempfile.Option{tempfile.InDir(dir)}
	if sensitive {
		opts = append(opts, tempfile.Sensitive())
	}
	s, err := tempfile.NewSpooled(threshold, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var model []byte
	var off int64
	next := func() int {
		if len(ops) == 0 {
			return 0
		}
		v := int(ops[0])
		ops = ops[1:]
		return v
	}
	payload := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(len(ops) + i*7 + 1)
		}
		return b
	}
	grow := func(end int64) {
		if end > int64(len(model)) {
			model = append(model, make([]byte, end-int64(len(model)))...)
		}
	}
	for step := 0; len(ops) > 0; step++ {
		op, a, b := next()%8, int64(next()), next()
		switch op {
		case 0: // Write
			p := payload(b)
			n, err := s.Write(p)
			if n != len(p) || err != nil {
				t.Fatalf("sensitive=%v step %d: Write(%d) = %d, %v", sensitive, step, len(p), n, err)
			}
			if n > 0 { // an empty write does not extend a file
				grow(off + int64(n))
				copy(model[off:], p)
			}
			off += int64(n)
		case 1: // WriteAt
			p := payload(b)
			n, err := s.WriteAt(p, a)
			if n != len(p) || err != nil {
				t.Fatalf("sensitive=%v step %d: WriteAt(%d, %d) = %d, %v", sensitive, step, len(p), a, n, err)
			}
			if len(p) > 0 {
				grow(a + int64(n))
				copy(model[a:], p)
			}
		case 2: // Read
			got := make([]byte, b)
			n, err := s.Read(got)
			want := max(0, min(int64(b), int64(len(model))-off))
			if int64(n) != want || !bytes.Equal(got[:n], model[min(off, int64(len(model))):][:want]) {
				t.Fatalf("sensitive=%v step %d: Read(%d) at %d = %d, %v; want %d bytes", sensitive, step, b, off, n, err, want)
			}
			if (err == io.EOF) != (want == 0 && b > 0) {
				t.Fatalf("sensitive=%v step %d: Read(%d) at %d of %d: err %v", sensitive, step, b, off, len(model), err)
			}
			off += int64(n)
		case 3: // ReadAt
			got := make([]byte, b)
			n, err := s.ReadAt(got, a)
			want := max(0, min(int64(b), int64(len(model))-a))
			if int64(n) != want || (want < int64(b)) != (err == io.EOF) {
				t.Fatalf("sensitive=%v step %d: ReadAt(%d, %d) = %d, %v; want %d bytes of %d", sensitive, step, b, a, n, err, want, len(model))
			}
			if n > 0 && !bytes.Equal(got[:n], model[a:a+want]) {
				t.Fatalf("sensitive=%v step %d: ReadAt(%d, %d) bytes differ", sensitive, step, b, a)
			}
		case 4: // Seek
			whence := b % 3
			rel := a - 100
			base := map[int]int64{io.SeekStart: 0, io.SeekCurrent: off, io.SeekEnd: int64(len(model))}[whence]
			got, err := s.Seek(rel, whence)
			if base+rel < 0 {
				if err == nil {
					t.Fatalf("sensitive=%v step %d: Seek(%d, %d) to a negative offset succeeded", sensitive, step, rel, whence)
				}
				continue
			}
			if err != nil || got != base+rel {
				t.Fatalf("sensitive=%v step %d: Seek(%d, %d) = %d, %v; want %d", sensitive, step, rel, whence, got, err, base+rel)
			}
			off = got
		case 5: // Truncate
			if err := s.Truncate(a); err != nil {
				t.Fatalf("sensitive=%v step %d: Truncate(%d) = %v", sensitive, step, a, err)
			}
			if a < int64(len(model)) {
				model = model[:a]
			} else {
				grow(a)
			}
		case 6: // Rollover
			if err := s.Rollover(); err != nil || !s.Spilled() {
				t.Fatalf("sensitive=%v step %d: Rollover() = %v, Spilled %v", sensitive, step, err, s.Spilled())
			}
		case 7: // Size
			if s.Size() != int64(len(model)) {
				t.Fatalf("sensitive=%v step %d: Size() = %d, want %d", sensitive, step, s.Size(), len(model))
			}
		}
	}
	all := make([]byte, len(model)+1)
	n, err := s.ReadAt(all, 0)
	if n != len(model) || err != io.EOF || !bytes.Equal(all[:n], model) {
		t.Fatalf("sensitive=%v: final content differs: %d bytes, %v; want %d (threshold %d, spilled %v)", sensitive, n, err, len(model), threshold, s.Spilled())
	}
	var out bytes.Buffer
	s.Seek(0, io.SeekStart)
	if n, err := s.WriteTo(&out); n != int64(len(model)) || err != nil || !bytes.Equal(out.Bytes(), model) {
		t.Fatalf("sensitive=%v: WriteTo = %d, %v; want the %d bytes of the model", sensitive, n, err, len(model))
	}
}

// TestSpooledMemoryBound sends 512 MiB through a 1 MiB threshold in 64 KiB
// writes: the heap must stay under 8 MiB throughout.
func TestSpooledMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 512 MiB")
	}
	const total, piece = 512 << 20, 64 << 10
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	s, err := tempfile.NewSpooled(1<<20, tempfile.InDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	buf := bytes.Repeat([]byte{1}, piece)
	var peak uint64
	for i := range total / piece {
		if _, err := s.Write(buf); err != nil {
			t.Fatal(err)
		}
		if i%32 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc-min(base, ms.HeapAlloc))
		}
	}
	if s.Size() != total {
		t.Fatalf("Size() = %d, want %d", s.Size(), total)
	}
	t.Logf("peak heap growth while writing 512 MiB: %.2f MiB", float64(peak)/(1<<20))
	if peak >= 8<<20 {
		t.Errorf("peak heap growth %d bytes, want under 8 MiB", peak)
	}
}

// TestSpooledHugeOffset: an offset whose end does not fit in an int64 is
// an error, not a panic, in memory and on disk.
func TestSpooledHugeOffset(t *testing.T) {
	for _, tc := range []struct{ spilled, sensitive bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		opts := []tempfile.Option{tempfile.InDir(t.TempDir())}
		if tc.sensitive {
			opts = append(opts, tempfile.Sensitive())
		}
		s, err := tempfile.NewSpooled(16, opts...)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if tc.spilled {
			must(t, s.Rollover())
		}
		if n, err := s.WriteAt(make([]byte, 10), math.MaxInt64-1); n != 0 || err == nil {
			t.Errorf("%+v: WriteAt at MaxInt64-1 = %d, %v; want an error", tc, n, err)
		}
		s.Seek(math.MaxInt64, io.SeekStart)
		if n, err := s.Write([]byte("x")); n != 0 || err == nil {
			t.Errorf("%+v: Write at MaxInt64 = %d, %v; want an error", tc, n, err)
		}
		if n, err := s.WriteAt([]byte("x"), math.MaxInt64/2); n != 0 || err == nil {
			t.Errorf("%+v: WriteAt at MaxInt64/2 = %d, %v; want an error", tc, n, err)
		}
	}
}

// TestSpooledReusedChunksAreZeroed: chunks come back from a pool with the
// data of an earlier object; a gap must still read as zeros.
func TestSpooledReusedChunksAreZeroed(t *testing.T) {
	dirty := bytes.Repeat([]byte{0xee}, 256<<10)
	for range 8 {
		s, err := tempfile.NewSpooled(1<<20, tempfile.InDir(t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		s.Write(dirty)
		s.Close()
	}
	s, err := tempfile.NewSpooled(1<<20, tempfile.InDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.WriteAt([]byte("end"), 200<<10) // a 200 KiB gap over reused chunks
	s.Truncate(220 << 10)             // and a grown tail
	got := make([]byte, 220<<10)
	if n, err := s.ReadAt(got, 0); n != len(got) || err != nil {
		t.Fatalf("ReadAt = %d, %v", n, err)
	}
	for i, b := range got {
		if b != 0 && (i < 200<<10 || i >= 200<<10+3) {
			t.Fatalf("byte %d is %#x, want 0: old data showed through", i, b)
		}
	}
}
