package tempfile_test

// Benchmarks of issue 4, side by side with their baselines in one run:
//
//	benchstat -col /impl docs/bench/spooled.txt
//
// They share benchEach and benchDir with bench_linux_test.go.

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"io"
	"os"
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

// benchWrites writes 64 KiB pieces into w until the benchmark ends, going
// back to offset 0 every 64 MiB so that the disk does not fill.
func benchWrites(b *testing.B, w io.WriteSeeker) {
	src := bytes.Repeat([]byte{0x5a}, piece)
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

// BenchmarkSpooledWriteAfterSpill: 64 KiB writes into a Spooled that has
// spilled, against the same writes into an anonymous *os.File. Every 64 MiB
// both go back to offset 0, so that the disk does not fill.
func BenchmarkSpooledWriteAfterSpill(b *testing.B) {
	run := benchWrites
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

// Benchmarks of issue 11: a Sensitive Spooled against a plain one and
// against its floor, in one run:
//
//	benchstat -col /impl docs/bench/sensitive.txt

// sealFloor is the least that a sealed spill can cost: AES-256-GCM seal
// of each 64 KiB chunk with a counter nonce, then one pwrite of the record
// at the chunk's place, into an anonymous file.
type sealFloor struct {
	f     *os.File
	aead  cipher.AEAD
	nonce [12]byte
	ctr   uint64
	rec   []byte
	off   int64
}

func newSealFloor(b *testing.B, dir string) *sealFloor {
	f, err := tempfile.New(tempfile.InDir(dir))
	benchFatal(b, err)
	key := make([]byte, 32)
	rand.Read(key)
	block, err := aes.NewCipher(key)
	benchFatal(b, err)
	aead, err := cipher.NewGCM(block)
	benchFatal(b, err)
	return &sealFloor{f: f, aead: aead, rec: make([]byte, piece+aead.Overhead())}
}

func (s *sealFloor) Write(p []byte) (int, error) {
	s.ctr++
	binary.BigEndian.PutUint64(s.nonce[4:], s.ctr)
	rec := s.aead.Seal(s.rec[:0], s.nonce[:], p, s.nonce[:])
	_, err := s.f.WriteAt(rec, s.off/piece*int64(len(s.rec)))
	s.off += int64(len(p))
	return len(p), err
}

func (s *sealFloor) Seek(off int64, whence int) (int64, error) {
	s.off = off
	return off, nil
}

// BenchmarkSensitiveWriteAfterSpill: 64 KiB writes, aligned to the chunks,
// into a Spooled that has spilled: Sensitive, plain, and the floor (seal
// and pwrite alone). Every 64 MiB they go back to offset 0, as in
// BenchmarkSpooledWriteAfterSpill.
func BenchmarkSensitiveWriteAfterSpill(b *testing.B) {
	run := benchWrites
	spooled := func(opts ...tempfile.Option) func(b *testing.B, dir string) {
		return func(b *testing.B, dir string) {
			s, err := tempfile.NewSpooled(1<<20, append(opts, tempfile.InDir(dir))...)
			benchFatal(b, err)
			defer s.Close()
			benchFatal(b, s.Rollover())
			run(b, s)
		}
	}
	benchEach(b, []benchImpl{
		{"floor-seal-pwrite", func(b *testing.B, dir string) {
			f := newSealFloor(b, dir)
			defer f.f.Close()
			run(b, f)
		}},
		{"sensitive", spooled(tempfile.Sensitive())},
		{"plain", spooled()},
	})
}

// BenchmarkSensitiveReadAfterSpill: 64 KiB reads, aligned to the chunks,
// of 64 MiB spilled: Sensitive, plain, and the floor (pread of each record
// and AES-256-GCM open alone).
func BenchmarkSensitiveReadAfterSpill(b *testing.B) {
	const total = 64 << 20
	src := bytes.Repeat([]byte{0x5a}, piece)
	dst := make([]byte, piece)
	run := func(b *testing.B, r io.ReaderAt) {
		b.SetBytes(piece)
		var off int64
		for b.Loop() {
			if _, err := r.ReadAt(dst, off); err != nil {
				b.Fatal(err)
			}
			off = (off + piece) % total
		}
	}
	spooled := func(opts ...tempfile.Option) func(b *testing.B, dir string) {
		return func(b *testing.B, dir string) {
			s, err := tempfile.NewSpooled(1<<20, append(opts, tempfile.InDir(dir))...)
			benchFatal(b, err)
			defer s.Close()
			for range total / piece {
				_, err := s.Write(src)
				benchFatal(b, err)
			}
			run(b, s)
		}
	}
	benchEach(b, []benchImpl{
		{"floor-pread-open", func(b *testing.B, dir string) {
			f := newSealFloor(b, dir)
			defer f.f.Close()
			for range total / piece {
				f.Write(src)
			}
			rec := make([]byte, len(f.rec))
			run(b, readerAtFunc(func(p []byte, off int64) (int, error) {
				i := off / piece
				if _, err := f.f.ReadAt(rec, i*int64(len(rec))); err != nil {
					return 0, err
				}
				binary.BigEndian.PutUint64(f.nonce[4:], uint64(i+1))
				_, err := f.aead.Open(p[:0], f.nonce[:], rec, f.nonce[:])
				return len(p), err
			}))
		}},
		{"sensitive", spooled(tempfile.Sensitive())},
		{"plain", spooled()},
	})
}

type readerAtFunc func(p []byte, off int64) (int, error)

func (f readerAtFunc) ReadAt(p []byte, off int64) (int, error) { return f(p, off) }

// BenchmarkSensitiveInMemory: the in-memory part. fresh: a new object
// receives 512 KiB in 64 KiB writes, is read back and closed (the
// Sensitive one maps, locks and zeroes its memory each time); reused: 64
// KiB writes then reads at cycling offsets within 512 KiB of one object.
func BenchmarkSensitiveInMemory(b *testing.B) {
	src := bytes.Repeat([]byte{0x5a}, piece)
	sink := make([]byte, piece)
	for _, mode := range []string{"fresh", "reused"} {
		for _, impl := range []string{"plain", "sensitive", "sensitive-mlock"} {
			var opts []tempfile.Option
			if impl != "plain" {
				opts = append(opts, tempfile.Sensitive())
			}
			b.Run("mode="+mode+"/impl="+impl, func(b *testing.B) {
				if impl == "sensitive-mlock" {
					tempfile.WithoutSecretMem(b)
				}
				b.ReportAllocs()
				start := benchCPUNow()
				defer func() {
					b.ReportMetric(float64((benchCPUNow()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
				}()
				if mode == "fresh" {
					b.SetBytes(smallTotal)
					for b.Loop() {
						s, err := tempfile.NewSpooled(1<<20, opts...)
						benchFatal(b, err)
						for range smallTotal / piece {
							s.Write(src)
						}
						for off := int64(0); off < smallTotal; off += piece {
							s.ReadAt(sink, off)
						}
						benchFatal(b, s.Close())
					}
					return
				}
				s, err := tempfile.NewSpooled(1<<20, opts...)
				benchFatal(b, err)
				defer s.Close()
				b.SetBytes(2 * piece)
				var off int64
				for b.Loop() {
					s.WriteAt(src, off)
					s.ReadAt(sink, off)
					off = (off + piece) % smallTotal
				}
			})
		}
	}
}
