package tempfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"unicode/utf8"

	"github.com/tmpguard/tempfile/internal/sys"
)

// New creates an anonymous temporary file: it has no name that another
// process could open, replace or find left over. The caller owns the
// *os.File and closes it; closing releases the storage. Use it whenever
// the data need not be opened by name, as with Python's TemporaryFile.
//
// On Linux the file is opened with O_TMPFILE and never has a name, so
// nothing is left behind even if the process is killed at any moment.
// Where the filesystem does not support it (probed once per filesystem:
// some FUSE and network filesystems), and on the other Unix systems, it is
// created and unlinked at once: a process killed between the two calls
// (SIGKILL, a crash) leaves an empty 0600 file, named like [NewFile]'s
// files with the process's owner mark, which [Sweep] recognises and
// removes. On Windows it is created with FILE_FLAG_DELETE_ON_CLOSE: its
// name stays visible until it is closed, and the system deletes it when
// the last handle goes, whatever ends the process.
//
// Options [InDir] and [Perm] apply; [Prefix] and [Suffix] only name the
// file in the moment a fallback needs a name. If there is an error, it will
// be of type *fs.PathError.
func New(opts ...Option) (*os.File, error) {
	c, err := newConfig(opts, false)
	if err == nil {
		err = c.refuseGuard("New, which returns a plain *os.File,")
	}
	if err == nil {
		err = c.refuseSensitive("New makes an anonymous file, whose data are")
	}
	if err != nil {
		return nil, &fs.PathError{Op: "createtemp", Path: c.dir, Err: err}
	}
	return newAnonymous(c)
}

// newAnonymous creates an anonymous file as c says; New and the spill of a
// Spooled share it.
func newAnonymous(c *config) (*os.File, error) {
	f, err := openTmpfile(c.dir, uint32(c.perm), c.permExact)
	if errors.Is(err, errors.ErrUnsupported) {
		f, err = create(c, "createtemp", createAnon)
		c.owner.release("") // the name is gone: the mark served its moment
		c.owner = nil
	} else if err != nil {
		err = &fs.PathError{Op: "createtemp", Path: c.dir, Err: explain(c, err, true)}
	}
	if err != nil {
		return nil, err
	}
	logEvent(c.log, slog.LevelDebug, "tempfile: created", slog.String("kind", "anonymous"), slog.String("dir", c.dir))
	return f, nil
}

// openTmpfile opens an unnamed file; tests swap it to force the fallback.
var openTmpfile = sys.OpenTmpfile

// A File is a named temporary file. It embeds the open *os.File, so it
// reads, writes and seeks like one, and it adds the life cycle of a
// temporary file:
//
//   - [File.Close] closes the handle and removes the file: `defer f.Close()`
//     right after [NewFile] is all the cleanup there is to write.
//   - [File.CloseHandle] closes only the handle, so that another program can
//     open [File.Name] when it needs the writer to be done (a reader that
//     wants the whole data, a program that locks the file); the file stays
//     until Close.
//   - [File.Keep] disarms the removal; [File.Persist] moves the file into
//     place atomically and also disarms it.
//
// A File is safe for use by multiple goroutines as far as its life cycle
// goes; reads and writes follow the rules of *os.File.
type File struct {
	*os.File

	g   *guard       // nil without MaxSize or MinFree
	log *slog.Logger // nil: silent

	mu           sync.Mutex
	path         string
	pz           sys.Path // path, ready for a system call
	perm         fs.FileMode
	shared       bool // in a directory others can rename in: check the name before using it
	state        state
	handleClosed bool
	closedInfo   fs.FileInfo // the file's identity, taken by CloseHandle for Reopen
	pin          *os.File    // Linux: an O_PATH descriptor of the file after CloseHandle
	reg          *record     // in the registry of live objects (registry.go)
}

type state uint8

const (
	live      state = iota // removed by Close
	kept                   // left in place by Close
	persisted              // moved into place; left there by Close
	removed                // gone
)

// NewFile creates a temporary file with a name, open for reading and
// writing, mode 0600 (see [Perm]), in [DefaultDir] (see [InDir]). The name
// is the prefix ("tmp" unless [Prefix] says otherwise), 12 random
// characters (60 bits from a cryptographically strong source), the owner
// mark (6 characters, see [Sweep]) and the suffix. The file is created
// exclusively and never through a symlink.
//
// The caller owns the File and must call [File.Close], which removes it;
// the idiom is
//
//	f, err := tempfile.NewFile()
//	if err != nil {
//		return err
//	}
//	defer f.Close()
//
// If the data need not be opened by name, [New] is safer. If there is an
// error, it will be of type *fs.PathError; nothing is left behind.
func NewFile(opts ...Option) (*File, error) {
	c, err := newConfig(opts, false)
	if err == nil {
		err = c.refuseSensitive("NewFile makes a named file, whose data are")
	}
	if err != nil {
		return nil, &fs.PathError{Op: "createtemp", Path: c.dir, Err: err}
	}
	f, err := create(c, "createtemp", newNamed)
	if err == nil {
		f.reg = track(f, kindFile, f.pz, c, sys.CallerPC())
		logEvent(c.log, slog.LevelDebug, "tempfile: created", slog.String("kind", "file"), slog.String("path", f.path))
	}
	return f, err
}

// The functions that create objects for the creation loop.

func createExcl(c *config, p sys.Path) (*os.File, error) {
	return sys.CreateExcl(p, uint32(c.perm), c.permExact)
}

func createAnon(c *config, p sys.Path) (*os.File, error) {
	return sys.CreateAnon(p, uint32(c.perm), c.permExact)
}

func newNamed(c *config, p sys.Path) (*File, error) {
	f, err := sys.CreateExcl(p, uint32(c.perm), c.permExact)
	if err != nil {
		return nil, err
	}
	file := &File{File: f, path: p.String(), pz: p, perm: c.perm, shared: c.shared, g: newGuard(c), log: c.log}
	if file.g != nil {
		file.g.path = file.path
	}
	return file, nil
}

// WithFile creates a temporary file, calls fn with it and removes it when
// fn returns, fails or panics (the panic goes on after the cleanup): the Go
// form of Python's `with NamedTemporaryFile() as f:`. fn may call
// [File.Keep] or [File.Persist] to keep the file. WithFile returns fn's
// error joined with any cleanup error.
func WithFile(fn func(*File) error, opts ...Option) (err error) {
	f, err := NewFile(opts...)
	if err != nil {
		return err
	}
	f.reg.calledFrom(sys.CallerPC())
	defer func() { err = joinCleanup(err, f.Close()) }()
	return fn(f)
}

// Name returns the file's path: where it was created, or where
// [File.Persist] moved it.
func (f *File) Name() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.path
}

// Close closes the handle and removes the file, unless [File.Keep],
// [File.Persist] or [File.PersistNoClobber] succeeded, in which case it
// only closes the handle. It
// is idempotent: a second call does nothing and returns nil. A file removed
// by someone else is not an error.
func (f *File) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var rerr error
	if f.state == live {
		if f.shared || f.handleClosed {
			// The name may lead to another file by now: unlink it only if
			// it is still this one. (A private directory needs no check:
			// no other user can rename in it.)
			_, rerr = f.checkName()
		}
		if rerr == nil {
			// Unlinked while the handle is still open, so that if this
			// fails the file's identity is at hand for a later Close.
			rerr = sys.Remove(f.pz)
		}
		if os.IsNotExist(rerr) {
			rerr = nil // removed by someone else: gone all the same
		}
		if rerr != nil && !f.handleClosed {
			f.closedInfo, _ = f.File.Stat()
			if f.shared && f.pin == nil {
				f.pin, _ = sys.Pin(f.File)
			}
		}
	}
	err := f.closeHandle()
	if f.state == live {
		if rerr != nil {
			rerr = &fs.PathError{Op: "cleanup", Path: f.path, Err: rerr}
			logEvent(f.log, slog.LevelError, "tempfile: cleanup failed", slog.String("path", f.path), slog.Any("error", rerr))
			if errors.Is(rerr, errReplaced) || errors.Is(rerr, errRenamed) {
				f.state = removed // not ours to remove, or not where it was
			}
		} else {
			f.state = removed
			logEvent(f.log, slog.LevelDebug, "tempfile: removed", slog.String("path", f.path))
		}
	}
	if f.state != live { // closed for good: Reopen refuses from now on
		f.reg.untrack(f, "") // no-op if Keep or Persist did it
		f.closedInfo = nil
		if f.pin != nil {
			f.pin.Close()
			f.pin = nil
		}
	}
	return errors.Join(err, rerr)
}

// errReplaced says that a File's name no longer leads to it: another
// process renamed, removed or replaced it.
var errReplaced = fmt.Errorf("the name leads to another file now, or to nothing (renamed or replaced by another process): %w", fs.ErrNotExist)

// errRenamed says that a File's name is gone while the file still has a
// name: another process renamed it, and it stays there.
var errRenamed = fmt.Errorf("renamed by another process: not removed, it stays under a name this process does not know: %w", fs.ErrNotExist)

// identity returns what the file is: from its handle, or after CloseHandle
// from the pin (Linux) or the identity CloseHandle recorded.
func (f *File) identity() (fs.FileInfo, error) {
	fi, _, err := f.identityFresh()
	return fi, err
}

// identityFresh is identity, and whether the answer is of now (from a
// descriptor) rather than recorded earlier.
func (f *File) identityFresh() (fi fs.FileInfo, fresh bool, err error) {
	switch {
	case !f.handleClosed:
		fi, err = f.File.Stat()
		return fi, true, err
	case f.pin != nil:
		fi, err = f.pin.Stat()
		return fi, true, err
	case f.closedInfo != nil:
		return f.closedInfo, false, nil
	}
	return nil, false, fs.ErrClosed
}

// checkName checks, without following a symlink, that the name still
// leads to the file. Where the identity comes from a descriptor (the
// handle, or the pin on Linux), the inode cannot have been reused. It
// returns the identity it checked against.
func (f *File) checkName() (fs.FileInfo, error) {
	want, fresh, err := f.identityFresh()
	if err != nil {
		return nil, err
	}
	fi, err := os.Lstat(f.path)
	if err != nil {
		if n, ok := sys.Links(want); fresh && ok && n > 0 && os.IsNotExist(err) {
			return want, errRenamed // the name is gone, the file is not
		}
		return want, err // gone: for Close, that is no error
	}
	if !os.SameFile(fi, want) {
		return want, errReplaced
	}
	return want, nil
}

// reopen returns a new handle on the file that is certainly it: opened
// through the open handle or, after CloseHandle, through the pin (Linux,
// /proc/self/fd), whatever has happened to the name; elsewhere by name,
// without following a symlink or blocking on a FIFO, checked against the
// file's identity (after CloseHandle, an inode number reused by another
// file could pass that check: the window docs/SECURITY.md describes).
func (f *File) reopen(flag int) (*os.File, error) {
	via := f.File
	if f.handleClosed {
		via = f.pin
	}
	if via != nil {
		h, err := sys.Reopen(via, flag)
		if !errors.Is(err, errors.ErrUnsupported) {
			return h, err
		}
	}
	want, err := f.identity()
	if err != nil {
		return nil, err
	}
	h, err := sys.OpenNoFollow(f.path, flag)
	if err != nil {
		return nil, err
	}
	if fi, err := h.Stat(); err != nil || !os.SameFile(fi, want) {
		h.Close()
		if err == nil {
			err = errReplaced
		}
		return nil, err
	}
	return h, nil
}

// CloseHandle closes the file's handle but not the file: [File.Name] stays
// valid, for another program to open, until [File.Close]. This is what
// Python's NamedTemporaryFile cannot do by default (closing it deletes it).
// It is idempotent.
func (f *File) CloseHandle() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.handleClosed && f.state != removed {
		// What Reopen checks the name against once the handle is gone.
		f.closedInfo, _ = f.File.Stat()
		if f.shared {
			// Where other users can rename, an O_PATH descriptor (Linux)
			// keeps the very file at hand, without reading or writing
			// it, for Reopen, Persist and Close: its inode number cannot
			// be reused while it is held. It costs a descriptor per
			// file, so only there.
			f.pin, _ = sys.Pin(f.File)
		}
	}
	return f.closeHandle()
}

func (f *File) closeHandle() error {
	if f.handleClosed {
		return nil
	}
	f.handleClosed = true
	if err := f.File.Close(); err != nil && !errors.Is(err, fs.ErrClosed) {
		return err
	}
	return nil
}

// Reopen opens the file again for reading and writing: a new *os.File
// with an offset of its own, which the caller closes ([File.Close] does not
// close it). It works after [File.CloseHandle] too. It checks, without
// following a symlink, that the name still leads to this file: if the name
// is gone or leads to anything else now (another file, a symlink, a FIFO),
// it fails with an error matching fs.ErrNotExist. The new handle is then
// opened through the file itself on Linux (/proc/self/fd), so that no
// change of the name after the check can hand over another file; elsewhere
// by name, checked again. Writes through the new handle do not pass the
// [MaxSize] and [MinFree] guards, as writes through f.File do not. If there
// is an error, it will be of type *fs.PathError.
func (f *File) Reopen() (*os.File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	pathErr := func(err error) error { return &fs.PathError{Op: "reopen", Path: f.path, Err: err} }
	if f.state == removed || f.handleClosed && f.closedInfo == nil && f.pin == nil {
		return nil, pathErr(fs.ErrClosed) // by Close
	}
	// The name must still lead to the file; the new handle is then opened
	// through the file itself where the system allows (Linux), so that a
	// swap after the check cannot hand over another file.
	if _, err := f.checkName(); err != nil {
		return nil, pathErr(err)
	}
	nf, err := f.reopen(os.O_RDWR)
	if err != nil {
		return nil, pathErr(err)
	}
	return nf, nil
}

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
