package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sync"

	"github.com/tmpguard/tempfile/internal/sys"
)

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
