package tempfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/tmpguard/tempfile/internal/sys"
)

// Keep disarms the removal: the file stays where it is after
// [File.Close], and the caller becomes responsible for it. Keep returns the
// file's path; it fails if the file was already removed.
func (f *File) Keep() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.state == removed {
		return "", &fs.PathError{Op: "keep", Path: f.path, Err: fs.ErrClosed}
	}
	if f.state == live {
		f.state = kept
		f.reg.untrack(f, f.path)
	}
	return f.path, nil
}

// Persist moves the file to path atomically: it flushes the file to disk,
// renames it over path (replacing what is there; [File.PersistNoClobber]
// never does), and flushes path's
// directory, so that after a crash path holds either its old content or
// the whole new one, never a part. Across filesystems, where a rename
// cannot go, it copies the data into a new temporary file in path's
// directory, flushes it and renames that; the open handle then refers to
// the copy. Persist must not run while other goroutines read or write the
// file. Persist keeps the file's mode (0600 unless [Perm] or Chmod
// said otherwise).
//
// On success the removal is disarmed: [File.Close] only closes the handle,
// and [File.Name] returns path. Within one filesystem the handle stays the
// same, so the embedded *os.File's own messages keep the name it was
// created with; after a copy the handle is the copy's, named path.
//
// On failure nothing has moved, nothing is left in path's directory, and
// the caller still owns the temporary file (Close still removes it). An
// error after the file reached path (flushing the directory, removing the
// original after a copy) says "persisted", and [File.Name] already returns
// path. If there is an error, it will be of type *os.LinkError.
func (f *File) Persist(path string) error { return f.persist(path, false) }

// PersistNoClobber is [File.Persist] that never replaces anything: if
// something is at path, even a dangling symlink, it fails with an error
// matching fs.ErrExist and leaves path, its directory and the temporary
// file as they were. The check and the move are one atomic step
// (renameat2 RENAME_NOREPLACE on Linux, renamex_np RENAME_EXCL on macOS,
// link and unlink on other Unix systems and where a filesystem lacks
// those, MoveFileEx without MOVEFILE_REPLACE_EXISTING on Windows), so two
// programs persisting to one path cannot both succeed. If there is an
// error, it will be of type *os.LinkError.
func (f *File) PersistNoClobber(path string) error { return f.persist(path, true) }

// move is how Persist (noClobber false) or PersistNoClobber moves a file
// into place; both return the bare system error.
func move(noClobber bool) func(oldpath, newpath string) error {
	if noClobber {
		return sys.RenameNoReplace
	}
	return func(oldpath, newpath string) error { return unwrapLink(os.Rename(oldpath, newpath)) }
}

// persist moves the file to path (Persist), or only if nothing is there
// (PersistNoClobber).
func (f *File) persist(path string, noClobber bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	linkErr := func(err error) error {
		return &os.LinkError{Op: "persist", Old: f.path, New: path, Err: err}
	}
	if f.state == removed {
		return linkErr(fs.ErrClosed)
	}
	if err := f.sync(); err != nil {
		return linkErr(err)
	}
	// The move goes by name: check just before it that the name still
	// leads to the file, so that what another process put at the name is
	// never moved into place.
	orig, err := f.checkName()
	if err != nil {
		return linkErr(err)
	}
	copied := false
	if err := move(noClobber)(f.path, path); err != nil {
		if !sys.IsCrossDevice(err) {
			return linkErr(err)
		}
		if err := f.persistCopy(path, noClobber); err != nil {
			return linkErr(noSpace(err))
		}
		copied = true
	}
	old, oldz := f.path, f.pz
	f.path, f.pz, f.state = path, sys.PathOf(path), persisted
	f.reg.untrack(f, "")
	if f.g != nil {
		f.g.retarget(path)
	}
	var errs []error
	if copied {
		// The original goes by name too: only if the name still leads to it.
		err := errReplaced
		if fi, lerr := os.Lstat(old); lerr == nil && os.SameFile(fi, orig) {
			err = sys.Remove(oldz)
		}
		if err != nil && !os.IsNotExist(err) {
			errs = append(errs, fmt.Errorf("persisted, but the original could not be removed: %w", err))
		}
	}
	if err := sys.SyncDir(filepath.Dir(path)); err != nil {
		errs = append(errs, fmt.Errorf("persisted, but the directory could not be flushed: %w", err))
	}
	logEvent(f.log, slog.LevelInfo, "tempfile: persisted", slog.String("from", old), slog.String("to", path), slog.Bool("copied", copied))
	if len(errs) > 0 {
		return &os.LinkError{Op: "persist", Old: old, New: path, Err: errors.Join(errs...)}
	}
	return nil
}

// sync flushes the file to disk, through its handle or, after CloseHandle,
// a handle opened through the file itself.
func (f *File) sync() error {
	if !f.handleClosed {
		return f.File.Sync()
	}
	h, err := f.reopen(os.O_RDONLY)
	if err != nil {
		return err
	}
	err = h.Sync()
	return errors.Join(err, h.Close())
}

// persistCopy copies the file into a new temporary file beside path and
// moves that to path as persist does; the caller removes the original. On
// error the copy is removed and the original is left as it was.
func (f *File) persistCopy(path string, noClobber bool) (err error) {
	if noClobber {
		// Only advice, the move decides: but a taken path should not cost
		// a copy, nor fail for want of space instead.
		if _, err := os.Lstat(path); err == nil {
			return fs.ErrExist
		}
	}
	// The data and the mode come from the file itself, never from what
	// is at its name now: the open handle (read from the start, leaving
	// its offset alone), or after CloseHandle a handle opened through it.
	src := f.File
	if f.handleClosed {
		if src, err = f.reopen(os.O_RDONLY); err != nil {
			return err
		}
		defer src.Close()
	}
	fi, err := src.Stat()
	if err != nil {
		return unwrapPath(err) // the caller names the file
	}
	mode := fi.Mode().Perm()
	if f.handleClosed && f.pin == nil {
		mode = f.perm // opened by name: its mode is not to be trusted
	}
	if f.g != nil && f.g.minFree > 0 {
		// The copy writes the whole file on path's filesystem: the minimum
		// free holds there too.
		g := guard{minFree: f.g.minFree, dir: filepath.Dir(path), log: f.g.log}
		if err := g.allow("persist", path, -1, fi.Size()); err != nil {
			return errors.Unwrap(err)
		}
	}
	// The copy is named after the target, cut short so that the whole
	// name stays within the 255 bytes filesystems allow.
	base := filepath.Base(path)
	if n := 200; len(base) > n {
		for n > 0 && !utf8.RuneStart(base[n]) {
			n--
		}
		base = base[:n]
	}
	c := config{dir: filepath.Dir(path), prefix: "." + base + ".", suffix: ".tmp", perm: mode, permExact: true}
	dst, err := create(&c, "persist", createExcl)
	if err != nil {
		return errors.Unwrap(err)
	}
	defer func() {
		if err != nil {
			// The copy goes by name: only if the name still leads to it
			// (in a shared directory another process may have moved it).
			dfi, derr := dst.Stat()
			lfi, lerr := os.Lstat(dst.Name())
			if derr == nil && lerr == nil && os.SameFile(dfi, lfi) {
				sys.Remove(sys.PathOf(dst.Name()))
			} else if derr == nil && !os.IsNotExist(lerr) {
				err = fmt.Errorf("%w; the copy, renamed by another process, stays under an unknown name in %s", err, filepath.Dir(path))
			}
			dst.Close()
		}
	}()
	if _, err := io.Copy(dst, io.NewSectionReader(src, 0, fi.Size())); err != nil {
		return err
	}
	if err := dst.Sync(); err != nil {
		return err
	}
	// The copy's name is in path's directory, which may be shared too:
	// move it only if it still leads to the copy.
	if dfi, err := dst.Stat(); err != nil {
		return err
	} else if lfi, err := os.Lstat(dst.Name()); err != nil || !os.SameFile(dfi, lfi) {
		return errReplaced
	}
	if err := move(noClobber)(dst.Name(), path); err != nil {
		return err
	}
	// From here on the copy is in place: no error may remove it.
	if f.handleClosed {
		f.closedInfo, _ = dst.Stat() // Reopen checks against the copy now
		if f.pin != nil {
			f.pin.Close()
			f.pin, _ = sys.Pin(dst)
		}
		dst.Close()
	} else {
		// The handle names the file where it now is; if that fails, only
		// its messages keep the copy's first name.
		dst, _ = sys.Renamed(dst, path)
		off, _ := f.File.Seek(0, io.SeekCurrent)
		dst.Seek(off, io.SeekStart)
		f.File.Close()
		f.File = dst
	}
	return nil
}

// unwrapPath returns the system error inside a *fs.PathError, for a caller
// whose own error names the path already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func unwrapLink(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
