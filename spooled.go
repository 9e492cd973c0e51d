package tempfile

import (
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"sync"
	"unsafe"

	"github.com/tmpguard/tempfile/internal/sys"
)

// defaultChunk is the unit of a Spooled's memory: data live in chunks of
// this size, taken from and given back to a pool, so that a Spooled never
// copies its data to grow and a fresh one costs no fresh memory.
const defaultChunk = 64 << 10

var chunkPool = sync.Pool{New: func() any { return new([defaultChunk]byte) }}

// chunkSize is the chunk size of new Spooled objects; tests make it small
// to cross chunk boundaries often.
var chunkSize = defaultChunk

// A Spooled is a temporary file that lives in memory until it grows past a
// threshold, then spills to an anonymous file made by [New] and lives on
// there: small data never touch the disk, and large data never fill the
// memory. It is Python's SpooledTemporaryFile with the size limit made
// mandatory and enforced before each write, not after.
//
// A Spooled reads, writes and seeks like a file (it implements io.Reader,
// io.Writer, io.Seeker, io.ReaderAt, io.WriterAt, io.StringWriter,
// io.ReaderFrom, io.WriterTo and io.Closer); reads and writes interleave
// freely, and writing past the end leaves a zero-filled gap, as in a file.
// It is safe for use by multiple goroutines.
//
// With [Sensitive], its memory is locked and its spill encrypted: see
// "Sensitive data" in the package documentation.
type Spooled struct {
	mu        sync.Mutex
	threshold int64
	cfg       *config
	g         *guard
	chunk     int      // size of each chunk
	chunks    [][]byte // the data while in memory
	size      int64    // the size while in memory
	off       int64    // the offset of Read, Write and Seek
	file      *os.File // non-nil once spilled: the data live there
	sec       *sealer  // non-nil with Sensitive: locked chunks, sealed spill
	closed    bool
	reg       *record // in the registry of live objects (registry.go)
}

// NewSpooled returns an empty Spooled that keeps up to threshold bytes in
// memory (threshold must be positive: there is no unbounded default). The
// write that would grow it past threshold first spills the data into an
// anonymous file in [DefaultDir] or [InDir]; memory then holds nothing, and
// before that never more than threshold plus one 64 KiB chunk.
// [Spooled.Rollover] spills at once.
//
// Options are checked now, the directory included, so that a bad one fails
// here and not at the spill. [MaxSize] and [MinFree] apply ([MinFree] from
// the spill on). If spilling fails (a full disk, a directory gone), the
// write that caused it fails and writes nothing, and all data written so
// far stay readable in memory.
//
// With [Sensitive], the memory is locked and the spill encrypted; NewSpooled
// then fails with an error matching [ErrNoLockedMemory] if it cannot lock
// the memory of the object's key.
//
// The caller owns the Spooled and must Close it, which releases the memory
// or the file. If there is an error, it will be of type *fs.PathError.
func NewSpooled(threshold int64, opts ...Option) (*Spooled, error) {
	c, err := newConfig(opts, false)
	if threshold <= 0 {
		// Named after the directory it would spill into.
		return nil, &fs.PathError{Op: "spool", Path: c.dir, Err: invalid("threshold %d: must be positive", threshold)}
	}
	if err == nil {
		err = c.checkSensitive()
	}
	if err == nil && c.dirGiven {
		err = checkDir(c.dir)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "spool", Path: c.dir, Err: err}
	}
	s := &Spooled{threshold: threshold, cfg: c, g: newGuard(c), chunk: chunkSize}
	if c.sensitive {
		if s.sec, err = newSealer(s.chunk); err != nil {
			return nil, &fs.PathError{Op: "spool", Path: c.dir, Err: err}
		}
	}
	s.reg = track(s, kindSpooled, sys.Path{}, c, sys.CallerPC())
	return s, nil
}

func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New(dir + " is not a directory")
	}
	return nil
}

// Spilled reports whether the data have moved to a file.
func (s *Spooled) Spilled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.file != nil
}

// File returns the anonymous file that holds the data once spilled, or nil
// before. Writing through it bypasses the [MaxSize] and [MinFree] guards.
// The Spooled still owns it: do not close it. A [Sensitive] Spooled's file
// holds only ciphertext: File returns nil.
func (s *Spooled) File() *os.File {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sec != nil {
		return nil
	}
	return s.file
}

// Size returns the size of the data.
func (s *Spooled) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, _ := s.sizeLocked()
	return n
}

func (s *Spooled) sizeLocked() (int64, error) {
	if s.file == nil || s.sec != nil {
		return s.size, nil
	}
	fi, err := s.file.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// Rollover spills the data to a file now, if they are still in memory.
func (s *Spooled) Rollover() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check("rollover"); err != nil {
		return err
	}
	if s.file != nil {
		return nil
	}
	return s.spill()
}

// spill moves the data from memory to a new anonymous file. On error the
// file is discarded and the memory kept: nothing is lost.
func (s *Spooled) spill() error {
	if s.g != nil {
		if err := s.g.allow("spill", s.cfg.dir, -1, s.written(0, s.size)); err != nil {
			return err
		}
	}
	f, err := newAnonymous(s.cfg)
	if err != nil {
		return noSpace(err)
	}
	if s.sec != nil {
		if err := s.sec.spill(f, s.chunks, s.size); err != nil {
			f.Close()
			return err
		}
		logEvent(s.cfg.log, slog.LevelInfo, "tempfile: spilled", slog.Int64("size", s.size), slog.String("dir", s.cfg.dir), slog.Bool("sensitive", true))
		s.release(0)
		s.file = f // the size stays: the file holds records, not the data
		return nil
	}
	for i, c := range s.chunks {
		start := int64(i) * int64(s.chunk)
		if start >= s.size {
			break
		}
		if _, err := f.Write(c[:min(int64(s.chunk), s.size-start)]); err != nil {
			f.Close()
			return noSpace(err)
		}
	}
	logEvent(s.cfg.log, slog.LevelInfo, "tempfile: spilled", slog.Int64("size", s.size), slog.String("dir", s.cfg.dir))
	s.release(0)
	s.file, s.size = f, 0
	return nil
}

// written is how many bytes writing [off, end) puts on disk, for MinFree:
// the bytes themselves, or for a Sensitive Spooled the whole records that
// it seals again.
func (s *Spooled) written(off, end int64) int64 {
	if s.sec == nil || end <= off {
		return end - off
	}
	c := int64(s.chunk)
	return ((end-1)/c - off/c + 1) * (c + tagSize)
}

// release gives back the chunks from index i on; locked ones are zeroed.
func (s *Spooled) release(i int) {
	if s.sec != nil {
		s.sec.release(i)
		clear(s.chunks[i:])
		s.chunks = s.chunks[:i]
		return
	}
	for _, c := range s.chunks[i:] {
		if len(c) == defaultChunk {
			chunkPool.Put((*[defaultChunk]byte)(c))
		}
	}
	clear(s.chunks[i:])
	s.chunks = s.chunks[:i]
}

// grow makes the chunks cover end bytes, zeroing the bytes between the
// current size and from, which become part of the data without a write.
// Only locked memory can fail to come: then the chunks stay as they were.
func (s *Spooled) grow(from, end int64) error {
	for int64(len(s.chunks))*int64(s.chunk) < end {
		if s.sec != nil {
			c, err := s.sec.newChunk()
			if err != nil {
				s.release(int((s.size + int64(s.chunk) - 1) / int64(s.chunk)))
				return err
			}
			s.chunks = append(s.chunks, c)
		} else if s.chunk == defaultChunk {
			s.chunks = append(s.chunks, chunkPool.Get().(*[defaultChunk]byte)[:])
		} else {
			s.chunks = append(s.chunks, make([]byte, s.chunk))
		}
	}
	for pos := s.size; pos < from; {
		c := s.chunks[pos/int64(s.chunk)][pos%int64(s.chunk):]
		n := min(int64(len(c)), from-pos)
		clear(c[:n])
		pos += n
	}
	return nil
}

func (s *Spooled) check(op string) error {
	if s.closed {
		return &fs.PathError{Op: op, Path: "spooled", Err: fs.ErrClosed}
	}
	return nil
}

func (s *Spooled) name() string {
	if s.file != nil {
		return s.file.Name()
	}
	return "spooled"
}

// writeAt writes b at off, spilling first if the write would cross the
// threshold.
func (s *Spooled) writeAt(op string, b []byte, off int64) (int, error) {
	if err := s.check(op); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, &fs.PathError{Op: op, Path: s.name(), Err: errors.New("negative offset")}
	}
	if off > math.MaxInt64-int64(len(b)) {
		return 0, &fs.PathError{Op: op, Path: s.name(), Err: errors.New("offset too large")}
	}
	if len(b) == 0 {
		// Writes nothing, so it neither spills nor meets a guard.
		return 0, nil
	}
	end := off + int64(len(b))
	if s.file == nil && end > s.threshold {
		if s.g != nil {
			if err := s.g.allow(op, s.name(), end, 0); err != nil {
				return 0, err // over MaxSize: no need to spill
			}
		}
		if err := s.spill(); err != nil {
			return 0, err
		}
	}
	if s.file != nil {
		if s.g != nil {
			if err := s.g.allow(op, s.file.Name(), end, s.written(off, end)); err != nil {
				return 0, err
			}
		}
		if s.sec != nil {
			n, err := s.sec.writeAt(s.file, b, off)
			if n > 0 {
				s.size = max(s.size, off+int64(n))
			}
			return n, s.pathError(op, err)
		}
		n, err := s.file.WriteAt(b, off)
		return n, noSpace(err)
	}
	if s.g != nil {
		if err := s.g.allow(op, s.name(), end, 0); err != nil {
			return 0, err
		}
	}
	if err := s.grow(off, end); err != nil {
		return 0, &fs.PathError{Op: op, Path: s.name(), Err: err}
	}
	for pos := off; pos < end; {
		c := s.chunks[pos/int64(s.chunk)][pos%int64(s.chunk):]
		n := copy(c, b[pos-off:])
		pos += int64(n)
	}
	s.size = max(s.size, end)
	return len(b), nil
}

// readAt reads into b from off; like io.ReaderAt it returns io.EOF when it
// reads less than len(b).
func (s *Spooled) readAt(op string, b []byte, off int64) (int, error) {
	if err := s.check(op); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, &fs.PathError{Op: op, Path: s.name(), Err: errors.New("negative offset")}
	}
	if s.sec != nil && s.file != nil {
		n, err := s.sec.readAt(s.file, b, off, s.size)
		return n, s.pathError(op, err)
	}
	if s.file != nil {
		return s.file.ReadAt(b, off)
	}
	if off >= s.size {
		if len(b) == 0 {
			return 0, nil
		}
		return 0, io.EOF
	}
	end := min(off+int64(len(b)), s.size)
	for pos := off; pos < end; {
		c := s.chunks[pos/int64(s.chunk)][pos%int64(s.chunk):]
		n := copy(b[pos-off:end-off], c)
		pos += int64(n)
	}
	n := int(end - off)
	if n < len(b) {
		return n, io.EOF
	}
	return n, nil
}

// Write writes b at the offset and moves the offset past it.
func (s *Spooled) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.writeAt("write", b, s.off)
	s.off += int64(n)
	return n, err
}

// WriteString writes str at the offset and moves the offset past it.
func (s *Spooled) WriteString(str string) (int, error) {
	// The bytes are only read: no copy of str is needed.
	return s.Write(unsafe.Slice(unsafe.StringData(str), len(str)))
}

// WriteAt writes b at off; the offset does not move.
func (s *Spooled) WriteAt(b []byte, off int64) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeAt("writeat", b, off)
}

// Read reads from the offset and moves it past what it read.
func (s *Spooled) Read(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, err := s.readAt("read", b, s.off)
	s.off += int64(n)
	if n > 0 && err == io.EOF {
		err = nil // the next Read says EOF, as with a file
	}
	return n, err
}

// ReadAt reads len(b) bytes from off; the offset does not move.
func (s *Spooled) ReadAt(b []byte, off int64) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readAt("readat", b, off)
}

// Seek sets the offset for the next Read or Write, as [os.File.Seek] does.
// Seeking past the end is allowed; a negative result is an error.
func (s *Spooled) Seek(offset int64, whence int) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check("seek"); err != nil {
		return 0, err
	}
	var base int64
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		base = s.off
	case io.SeekEnd:
		size, err := s.sizeLocked()
		if err != nil {
			return 0, err
		}
		base = size
	default:
		return 0, &fs.PathError{Op: "seek", Path: s.name(), Err: errors.New("invalid whence")}
	}
	if base+offset < 0 {
		return 0, &fs.PathError{Op: "seek", Path: s.name(), Err: errors.New("negative position")}
	}
	s.off = base + offset
	return s.off, nil
}

// Truncate changes the size; growing fills with zeros, past the threshold
// it spills. The offset does not move.
func (s *Spooled) Truncate(size int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check("truncate"); err != nil {
		return err
	}
	if size < 0 {
		return &fs.PathError{Op: "truncate", Path: s.name(), Err: errors.New("negative size")}
	}
	if s.g != nil {
		if err := s.g.allow("truncate", s.name(), size, 0); err != nil {
			return err
		}
	}
	if s.file == nil && size > s.threshold {
		if err := s.spill(); err != nil {
			return err
		}
	}
	if s.sec != nil && s.file != nil {
		if err := s.sec.truncate(s.file, s.size, size); err != nil {
			return s.pathError("truncate", err)
		}
		s.size = size
		return nil
	}
	if s.file != nil {
		return noSpace(s.file.Truncate(size))
	}
	if size > s.size {
		if err := s.grow(size, size); err != nil {
			return &fs.PathError{Op: "truncate", Path: s.name(), Err: err}
		}
	} else {
		if s.sec != nil && size%int64(s.chunk) != 0 {
			clear(s.chunks[size/int64(s.chunk)][size%int64(s.chunk):])
		}
		s.release(int((size + int64(s.chunk) - 1) / int64(s.chunk)))
	}
	s.size = size
	return nil
}

// pathError wraps err, if any, in a *fs.PathError unless it is one.
func (s *Spooled) pathError(op string, err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	if _, ok := err.(*fs.PathError); ok {
		return err
	}
	return &fs.PathError{Op: op, Path: s.name(), Err: err}
}

// ReadFrom copies r into the Spooled from the offset until EOF.
func (s *Spooled) ReadFrom(r io.Reader) (int64, error) {
	var buf *[defaultChunk]byte
	if s.sec != nil {
		// Sensitive data pass through locked memory only.
		m, err := allocLocked(defaultChunk)
		if err != nil {
			return 0, &fs.PathError{Op: "readfrom", Path: "spooled", Err: err}
		}
		defer releaseLocked(m)
		buf = (*[defaultChunk]byte)(m.Bytes())
	} else {
		buf = chunkPool.Get().(*[defaultChunk]byte)
		defer chunkPool.Put(buf)
	}
	var total int64
	for {
		n, err := r.Read(buf[:])
		if n > 0 {
			w, werr := s.Write(buf[:n])
			total += int64(w)
			if werr != nil {
				return total, werr
			}
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// WriteTo writes the data from the offset to the end into w and moves the
// offset to the end. The Spooled is locked meanwhile: w must not be the
// Spooled itself, nor call it.
func (s *Spooled) WriteTo(w io.Writer) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check("writeto"); err != nil {
		return 0, err
	}
	var total int64
	if s.sec != nil && s.file != nil {
		return s.writeSealedTo(w)
	}
	if s.file != nil {
		size, err := s.sizeLocked()
		if err != nil || s.off >= size {
			return 0, err
		}
		n, err := io.Copy(w, io.NewSectionReader(s.file, s.off, size-s.off))
		s.off += n
		return n, err
	}
	for s.off < s.size {
		c := s.chunks[s.off/int64(s.chunk)][s.off%int64(s.chunk):]
		c = c[:min(int64(len(c)), s.size-s.off)]
		n, err := w.Write(c)
		s.off += int64(n)
		total += int64(n)
		if err != nil {
			return total, err
		}
		if n < len(c) {
			return total, io.ErrShortWrite
		}
	}
	return total, nil
}

// Close releases the memory or the file. It is idempotent.
func (s *Spooled) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.reg.untrack(s, "")
	s.release(0)
	if s.sec != nil {
		s.sec.close() // zeroes the key
	}
	s.size, s.off = 0, 0
	if s.file != nil {
		err := s.file.Close()
		s.file = nil
		return err
	}
	return nil
}

// writeSealedTo is WriteTo once a Sensitive Spooled has spilled: the
// chunks are opened one by one into locked memory and written from there.
func (s *Spooled) writeSealedTo(w io.Writer) (int64, error) {
	var total int64
	for s.off < s.size {
		i := int(s.off / int64(s.chunk))
		plain := s.sec.scratch.Bytes()
		n, err := s.sec.get(s.file, i, plain)
		if err != nil {
			return total, s.pathError("writeto", err)
		}
		clear(plain[n:])
		start := int64(i) * int64(s.chunk)
		c := plain[s.off-start : min(int64(s.chunk), s.size-start)]
		m, err := w.Write(c)
		s.off += int64(m)
		total += int64(m)
		if err != nil {
			return total, err
		}
		if m < len(c) {
			return total, io.ErrShortWrite
		}
	}
	return total, nil
}
