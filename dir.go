package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/tmpguard/tempfile/internal/sys"
)

// A Dir is a temporary directory. [Dir.Close] removes it with everything
// in it; [Dir.Keep] disarms that. A Dir is safe for use by multiple
// goroutines.
type Dir struct {
	log   *slog.Logger
	mu    sync.Mutex
	path  string
	pz    sys.Path // path, ready for a system call
	state state
	pin   *os.File // in a shared directory: a handle that keeps the inode
	reg   *record  // in the registry of live objects (registry.go)
}

// NewDir creates a temporary directory, mode 0700 (see [Perm]), in
// [DefaultDir] (see [InDir]), named like [NewFile]'s files. The caller owns
// it and must call [Dir.Close], which removes the whole tree:
//
//	d, err := tempfile.NewDir()
//	if err != nil {
//		return err
//	}
//	defer d.Close()
//
// If there is an error, it will be of type *fs.PathError; nothing is left
// behind.
func NewDir(opts ...Option) (*Dir, error) {
	c, err := newConfig(opts, true)
	if err == nil {
		err = c.refuseGuard("a Dir")
	}
	if err == nil {
		err = c.refuseSensitive("NewDir makes a directory, whose files are")
	}
	if err != nil {
		return nil, &fs.PathError{Op: "mkdirtemp", Path: c.dir, Err: err}
	}
	d, err := create(c, "mkdirtemp", mkdir)
	if err == nil {
		d.reg = track(d, kindDir, d.pz, c, sys.CallerPC())
		logEvent(c.log, slog.LevelDebug, "tempfile: created", slog.String("kind", "dir"), slog.String("path", d.path))
	}
	return d, err
}

func mkdir(c *config, p sys.Path) (*Dir, error) {
	if err := sys.Mkdir(p, uint32(c.perm), c.permExact); err != nil {
		return nil, err
	}
	d := &Dir{path: p.String(), pz: p, log: c.log}
	if c.shared {
		// Others can rename in the parent: hold the directory made, to
		// remove only that. The handle keeps its inode, so that its
		// number cannot be handed to a directory made in its place, and
		// tells a removal (no links) from a rename. (Opened just after
		// the mkdir: the window of every name-based step,
		// docs/SECURITY.md.)
		pin, err := sys.OpenDir(d.path)
		if err != nil {
			sys.RemoveTree(p) // nothing left behind
			return nil, err
		}
		d.pin = pin
	}
	return d, nil
}

// WithDir creates a temporary directory, calls fn with it and removes it
// when fn returns, fails or panics (the panic goes on after the cleanup):
// the Go form of Python's `with TemporaryDirectory() as d:`. WithDir
// returns fn's error joined with any cleanup error.
func WithDir(fn func(*Dir) error, opts ...Option) (err error) {
	d, err := NewDir(opts...)
	if err != nil {
		return err
	}
	d.reg.calledFrom(sys.CallerPC())
	defer func() { err = joinCleanup(err, d.Close()) }()
	return fn(d)
}

// Path returns the directory's absolute path.
func (d *Dir) Path() string { return d.path }

// Join returns the path of elem inside the directory, as
// filepath.Join(d.Path(), elem...).
func (d *Dir) Join(elem ...string) string {
	return filepath.Join(append([]string{d.path}, elem...)...)
}

// Close removes the directory and everything in it, unless [Dir.Keep] was
// called. It never follows a symlink (a link inside is removed, its target
// is not touched), works on directory descriptors and single names so that
// nothing renamed during the removal can lead it outside the tree, and
// never crosses a mount point, whether inside the tree or on the directory
// itself (on Linux a bind mount of the same filesystem too). It makes
// read-only subdirectories that the caller owns writable, through a
// descriptor of the very directory (never by a name that could be swapped
// for a symlink), so that their entries can go; another user's directory
// is never changed, and what it blocks is reported. It goes on after an
// error and returns all of them joined, one *fs.PathError (Op "cleanup")
// per path that could not be removed. Close is idempotent: after a
// successful call it does nothing, after a failed one it tries again. In a
// directory accepted with [AllowSharedDir], Close first checks that the
// name still leads to this directory, and removes nothing if not.
func (d *Dir) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.state != live {
		return nil
	}
	var err error
	if d.pin == nil {
		err = sys.RemoveTree(d.pz)
	} else if fi, serr := d.pin.Stat(); serr != nil {
		err = &fs.PathError{Op: "cleanup", Path: d.path, Err: serr}
	} else {
		// Only the directory the pin holds: what was made.
		err = sys.RemoveTreeSame(d.pz, fi)
	}
	if errors.Is(err, sys.ErrReplaced) && d.pin != nil {
		if fi, serr := d.pin.Stat(); serr == nil {
			if n, ok := sys.Links(fi); ok && n == 0 {
				err = nil // removed by someone else: gone all the same
			} else {
				err = fmt.Errorf("%w; the directory, renamed by another process, stays under a name this process does not know", err)
			}
		}
	}
	if err != nil {
		logEvent(d.log, slog.LevelError, "tempfile: cleanup failed", slog.String("path", d.path), slog.Any("error", err))
		if !errors.Is(err, sys.ErrReplaced) {
			return err
		}
		// Not ours to remove, and nowhere else to look.
	}
	d.state = removed
	d.reg.untrack(d, "")
	if d.pin != nil {
		d.pin.Close()
		d.pin = nil
	}
	if err != nil {
		return err
	}
	logEvent(d.log, slog.LevelDebug, "tempfile: removed", slog.String("path", d.path))
	return nil
}

// Keep disarms the removal: the directory stays after [Dir.Close], and the
// caller becomes responsible for it. Keep returns the directory's path.
func (d *Dir) Keep() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.state == live {
		d.state = kept
		d.reg.untrack(d, d.path)
		if d.pin != nil {
			d.pin.Close()
			d.pin = nil
		}
	}
	return d.path
}
