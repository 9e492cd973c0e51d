package tempfile

import "io"

// The write methods below shadow those of the embedded *os.File so that
// the guards ([MaxSize], [MinFree]) see every write, and so that a kernel
// "no space" error matches [ErrNoSpace]. With a guard, the check and the
// write are one step, so that concurrent writes cannot pass a limit
// together. Writing through f.File directly, or through its descriptor,
// bypasses them.

// Write writes b at the current offset, after the guards allow it.
func (f *File) Write(b []byte) (int, error) {
	if f.g == nil || len(b) == 0 { // an empty write writes nothing to guard
		n, err := f.File.Write(b)
		return n, noSpace(err)
	}
	f.g.wmu.Lock()
	defer f.g.wmu.Unlock()
	if err := f.allowAtOffset("write", int64(len(b))); err != nil {
		return 0, err
	}
	n, err := f.File.Write(b)
	return n, noSpace(err)
}

// WriteString writes s at the current offset, after the guards allow it.
func (f *File) WriteString(s string) (int, error) {
	if f.g == nil || len(s) == 0 {
		n, err := f.File.WriteString(s)
		return n, noSpace(err)
	}
	f.g.wmu.Lock()
	defer f.g.wmu.Unlock()
	if err := f.allowAtOffset("write", int64(len(s))); err != nil {
		return 0, err
	}
	n, err := f.File.WriteString(s)
	return n, noSpace(err)
}

// WriteAt writes b at offset off, after the guards allow it.
func (f *File) WriteAt(b []byte, off int64) (int, error) {
	if f.g != nil && off >= 0 && len(b) > 0 {
		f.g.wmu.Lock()
		defer f.g.wmu.Unlock()
		if err := f.g.allow("writeat", f.g.path, off+int64(len(b)), int64(len(b))); err != nil {
			return 0, err
		}
	}
	n, err := f.File.WriteAt(b, off)
	return n, noSpace(err)
}

// ReadFrom copies r into the file until EOF. With a guard set, the data go
// through [File.Write], each piece checked (pieces of 32 KiB, or what r's
// WriteTo hands over); the copy stops at the first refused piece, with the
// pieces before it written.
func (f *File) ReadFrom(r io.Reader) (int64, error) {
	if f.g == nil {
		n, err := f.File.ReadFrom(r)
		return n, noSpace(err)
	}
	return io.CopyBuffer(writerOnly{f}, r, make([]byte, 32<<10))
}

// writerOnly hides ReadFrom, so that io.Copy uses Write.
type writerOnly struct{ io.Writer }

// Truncate changes the file's size; growing it past [MaxSize] is refused.
func (f *File) Truncate(size int64) error {
	if f.g != nil && size >= 0 {
		f.g.wmu.Lock()
		defer f.g.wmu.Unlock()
		if err := f.g.allow("truncate", f.g.path, size, 0); err != nil {
			return err
		}
	}
	return noSpace(f.File.Truncate(size))
}

// allowAtOffset checks a write of n bytes at the current offset; the
// caller holds f.g.wmu.
func (f *File) allowAtOffset(op string, n int64) error {
	end := int64(-1)
	if f.g.maxSize > 0 {
		off, err := f.File.Seek(0, io.SeekCurrent)
		if err != nil {
			return err
		}
		end = off + n
	}
	return f.g.allow(op, f.g.path, end, n)
}
