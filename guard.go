package tempfile

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/tmpguard/tempfile/internal/sys"
)

// ErrNoSpace reports a write refused because the filesystem is full: by
// the [MinFree] guard before anything was written, or by the kernel
// (ENOSPC, a full quota). Errors that match it also match the underlying
// system error, if any.
var ErrNoSpace = errors.New("no space left on device")

// ErrTooLarge reports a write refused by the [MaxSize] guard: it would have
// grown the object past its limit. Nothing was written.
var ErrTooLarge = errors.New("object would exceed its size limit")

// MaxSize limits the object to n bytes: a write (or Truncate) that would
// grow it past n fails with an error matching [ErrTooLarge] and writes
// nothing. It applies to [File] and [Spooled]; [New] and [NewDir] refuse
// it, since they cannot enforce it.
func MaxSize(n int64) Option {
	var err error
	if n <= 0 {
		err = invalid("MaxSize(%d): the limit must be positive", n)
	}
	return optionFunc(func(c *config) {
		c.maxSize = n
		c.addErr(err)
	})
}

// MinFree keeps at least n bytes free on the object's filesystem: a write
// that would leave less fails with an error matching [ErrNoSpace], before
// anything is written. The check is made on every write, not once up front
// (space can vanish between a check and a write), and costs little: the
// free space is asked of the system (statfs) when a write could use up the
// margin the last answer left, and after every MiB written by the guarded
// objects of the process on that filesystem (whole blocks are counted,
// overwrites included). So whatever other processes do, once free space
// has fallen below n, guarded writes of at most 1 MiB in all (or one
// write, if it is larger) are accepted before the refusals start. It
// applies to [File] and [Spooled] (from the moment a Spooled spills);
// [New] and [NewDir] refuse it.
func MinFree(n int64) Option {
	var err error
	if n <= 0 {
		err = invalid("MinFree(%d): the minimum must be positive", n)
	}
	return optionFunc(func(c *config) {
		c.minFree = n
		c.addErr(err)
	})
}

// guard enforces MaxSize and MinFree for one object.
type guard struct {
	maxSize int64 // 0: no limit
	minFree int64 // 0: no minimum
	log     *slog.Logger

	// wmu makes the check and the write one step for a File, whose handle
	// may be written by several goroutines; a Spooled has its own lock.
	wmu  sync.Mutex
	dir  string    // where the object lives: the filesystem to watch
	fs   *fsBudget // that filesystem's budget, shared; nil until first asked
	path string    // a File's path, for messages: where Persist moved it
}

// An fsBudget is what the process knows of one filesystem's free space:
// the last answer of statfs minus what guarded writes have charged since.
// All guarded objects on the filesystem share it, so that together they
// keep the minimum free.
type fsBudget struct {
	mu    sync.Mutex
	free  int64 // free bytes, as last asked, less the charges since
	block int64 // the filesystem's block size; 0 until asked
	since int64 // bytes charged since statfs was last asked
	every int64 // ask again after this many bytes even within the margin
}

// recheckEvery bounds what guarded writes may charge on one answer of
// statfs: after another process takes the space, at most this much (or
// one write, if larger) is accepted before the guard notices. It costs
// about a thousand statfs calls per GiB written.
const recheckEvery = 1 << 20

var budgets sync.Map // filesystem key (sys.FSKey) -> *fsBudget

// newGuard returns nil when c sets no guard, so that unguarded objects pay
// one nil check per write.
func newGuard(c *config) *guard {
	if c.maxSize == 0 && c.minFree == 0 {
		return nil
	}
	return &guard{maxSize: c.maxSize, minFree: c.minFree, dir: c.dir, log: c.log}
}

// retarget points the guard at path, where a Persist moved the file, and
// at its filesystem.
func (g *guard) retarget(path string) {
	g.wmu.Lock()
	defer g.wmu.Unlock()
	g.path, g.dir, g.fs = path, filepath.Dir(path), nil
}

// refuseGuard reports the guard options that an object cannot enforce.
func (c *config) refuseGuard(kind string) error {
	if c.maxSize != 0 || c.minFree != 0 {
		return invalid("MaxSize and MinFree need an object that sees every write; %s cannot enforce them", kind)
	}
	return nil
}

// allow decides whether n more bytes may be written so that the object
// ends at end bytes (end < 0: unknown, no size check). It returns a
// *fs.PathError naming path when the write must not happen. The caller
// holds g.wmu (a File) or its own lock (a Spooled).
func (g *guard) allow(op, path string, end, n int64) error {
	if g.maxSize > 0 && end > g.maxSize {
		return g.refuse(op, path, fmt.Errorf("%w: %d bytes, limit %d (MaxSize)", ErrTooLarge, end, g.maxSize))
	}
	if g.minFree == 0 || n <= 0 {
		return nil
	}
	joined := g.fs == nil
	if joined {
		key, err := sys.FSKey(g.dir)
		if err != nil {
			return &fs.PathError{Op: op, Path: path, Err: fmt.Errorf("checking free space: %w", err)}
		}
		b, _ := budgets.LoadOrStore(key, new(fsBudget))
		g.fs = b.(*fsBudget)
	}
	b := g.fs
	b.mu.Lock()
	defer b.mu.Unlock()
	// A write costs whole blocks: charge them, so that small writes cannot
	// slip through. An object that joins the budget asks the filesystem
	// afresh: the budget may be another filesystem's that had the same
	// device number before it was unmounted.
	cost := blocks(n, b.block)
	if joined || b.block == 0 || cost > b.free-g.minFree || b.since+cost > b.every {
		free, block, err := sys.FreeSpace(g.dir)
		if err != nil {
			return &fs.PathError{Op: op, Path: path, Err: fmt.Errorf("checking free space: %w", err)}
		}
		b.free, b.block, b.since = free, max(block, 1), 0
		// Ask again once recheckEvery is charged, so that space taken by
		// other processes is noticed in time.
		b.every = recheckEvery
		if cost = blocks(n, b.block); cost > free-g.minFree {
			return g.refuse(op, path, fmt.Errorf("%w: writing %d bytes (%d in blocks) would leave %d free on %s, below the minimum %d (MinFree)",
				ErrNoSpace, n, cost, free-cost, g.dir, g.minFree))
		}
	}
	b.free -= cost
	b.since += cost
	return nil
}

// blocks is what writing n bytes may cost on a filesystem of the given
// block size: the blocks n covers, plus one for a write that starts in a
// fresh block. With no block size known yet (0) it is 0.
func blocks(n, block int64) int64 {
	if block == 0 {
		return 0
	}
	return (n+block-1)/block*block + block
}

func (g *guard) refuse(op, path string, err error) error {
	if g.log != nil {
		g.log.LogAttrs(context.Background(), slog.LevelWarn, "tempfile: write refused",
			slog.String("path", path), slog.String("reason", err.Error()))
	}
	return &fs.PathError{Op: op, Path: path, Err: err}
}

// noSpace makes a kernel "no space" error match ErrNoSpace too.
func noSpace(err error) error {
	if err == nil || !sys.IsNoSpace(err) || errors.Is(err, ErrNoSpace) {
		return err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: pe.Op, Path: pe.Path, Err: fullError{pe.Err}}
	}
	return fullError{err}
}

// fullError is a system error that said the filesystem is full.
type fullError struct{ err error }

func (e fullError) Error() string        { return e.err.Error() + " (the filesystem is full)" }
func (e fullError) Unwrap() error        { return e.err }
func (e fullError) Is(target error) bool { return target == ErrNoSpace }

// logEvent logs a routine event at level when a logger is set.
func logEvent(l *slog.Logger, level slog.Level, msg string, attrs ...slog.Attr) {
	if l != nil {
		l.LogAttrs(context.Background(), level, msg, attrs...)
	}
}
