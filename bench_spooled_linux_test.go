package tempfile_test

// Benchmarks of issue 4, side by side with their baselines in one run:
//
//	benchstat -col /impl docs/bench/spooled.txt
//
// They share benchEach and benchDir with bench_linux_test.go.

import (
	"bytes"
	"io"
	"testing"

	"github.com/tmpguard/tempfile"
)

const (
	smallTotal = 512 << 10
	piece      = 64 << 10
)

// BenchmarkSpooledSmall: a fresh object receives 512 KiB in 64 KiB pieces,
// is read back and closed, all in memory. The baselines are a fresh
// bytes.Buffer and one reused across iterations (Reset).
func BenchmarkSpooledSmall(b *testing.B) {
	src := bytes.Repeat([]byte{0x5a}, piece)
	sink := make([]byte, piece)
	readBack := func(b *testing.B, r io.Reader) {
		for n := 0; n < smallTotal; {
			m, err := r.Read(sink)
			if err != nil {
				b.Fatal(err)
			}
			n += m
		}
	}
	impls := []struct {
		name string
		fn   func(b *testing.B)
	}{
		{"spooled", func(b *testing.B) {
			for b.Loop() {
				s, err := tempfile.NewSpooled(1 << 20)
				benchFatal(b, err)
				for range smallTotal / piece {
					s.Write(src)
				}
				s.Seek(0, io.SeekStart)
				readBack(b, s)
				benchFatal(b, s.Close())
			}
		}},
		{"bytes.Buffer-fresh", func(b *testing.B) {
			for b.Loop() {
				var buf bytes.Buffer
				for range smallTotal / piece {
					buf.Write(src)
				}
				readBack(b, &buf)
			}
		}},
		{"bytes.Buffer-reused", func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				for range smallTotal / piece {
					buf.Write(src)
				}
				readBack(b, &buf)
			}
		}},
	}
	for _, im := range impls {
		b.Run("impl="+im.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(smallTotal)
			im.fn(b)
		})
	}
}

// BenchmarkSpooledWriteAfterSpill: 64 KiB writes into a Spooled that has
// spilled, against the same writes into an anonymous *os.File. Every 64 MiB
// both go back to offset 0, so that the disk does not fill.
func BenchmarkSpooledWriteAfterSpill(b *testing.B) {
	src := bytes.Repeat([]byte{0x5a}, piece)
	run := func(b *testing.B, w io.WriteSeeker) {
		b.SetBytes(piece)
		i := 0
		for b.Loop() {
			if i++; i%1024 == 0 {
				w.Seek(0, io.SeekStart)
			}
			if _, err := w.Write(src); err != nil {
				b.Fatal(err)
			}
		}
	}
	benchEach(b, []benchImpl{
		{"spooled", func(b *testing.B, dir string) {
			s, err := tempfile.NewSpooled(1<<20, tempfile.InDir(dir))
			benchFatal(b, err)
			defer s.Close()
			benchFatal(b, s.Rollover())
			run(b, s)
		}},
		{"os.File", func(b *testing.B, dir string) {
			f, err := tempfile.New(tempfile.InDir(dir))
			benchFatal(b, err)
			defer f.Close()
			run(b, f)
		}},
	})
}

// BenchmarkSpooled100MiB: 100 MiB through a 1 MiB threshold in 64 KiB
// writes, read back, closed; against an anonymous file doing the same.
func BenchmarkSpooled100MiB(b *testing.B) {
	const total = 100 << 20
	src := bytes.Repeat([]byte{0x5a}, piece)
	sink := make([]byte, piece)
	run := func(b *testing.B, w io.ReadWriteSeeker) {
		for range total / piece {
			if _, err := w.Write(src); err != nil {
				b.Fatal(err)
			}
		}
		w.Seek(0, io.SeekStart)
		for {
			_, err := w.Read(sink)
			if err == io.EOF {
				break
			}
			benchFatal(b, err)
		}
	}
	benchEach(b, []benchImpl{
		{"spooled", func(b *testing.B, dir string) {
			b.SetBytes(total)
			for b.Loop() {
				s, err := tempfile.NewSpooled(1<<20, tempfile.InDir(dir))
				benchFatal(b, err)
				run(b, s)
				benchFatal(b, s.Close())
			}
		}},
		{"os.File", func(b *testing.B, dir string) {
			b.SetBytes(total)
			for b.Loop() {
				f, err := tempfile.New(tempfile.InDir(dir))
				benchFatal(b, err)
				run(b, f)
				benchFatal(b, f.Close())
			}
		}},
	})
}

// BenchmarkMinFree: 1 GiB in 64 KiB writes into a named File with and
// without the MinFree guard.
func BenchmarkMinFree(b *testing.B) {
	const total = 1 << 30
	src := bytes.Repeat([]byte{0x5a}, piece)
	run := func(b *testing.B, dir string, opts ...tempfile.Option) {
		b.SetBytes(total)
		for b.Loop() {
			f, err := tempfile.NewFile(append(opts, tempfile.InDir(dir))...)
			benchFatal(b, err)
			for range total / piece {
				if _, err := f.Write(src); err != nil {
					b.Fatal(err)
				}
			}
			benchFatal(b, f.Close())
		}
	}
	benchEach(b, []benchImpl{
		{"guard-off", func(b *testing.B, dir string) { run(b, dir) }},
		{"guard-on", func(b *testing.B, dir string) { run(b, dir, tempfile.MinFree(64<<20)) }},
	})
}
