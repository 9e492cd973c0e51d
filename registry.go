package tempfile

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/tmpguard/tempfile/internal/leakcheck"
	"github.com/tmpguard/tempfile/internal/sys"
)

// The registry holds one record per live File, Dir and Spooled of the
// process. A record never points at its object, so that the object can
// become unreachable: then its finalizer removes what it left and reports
// the leak (see leak.go).
//
// A finalizer (runtime.SetFinalizer), not runtime.AddCleanup: measured
// on this machine, AddCleanup and Cleanup.Stop cost about 270 ns of CPU
// per object and two allocations, SetFinalizer and its removal about
// 130 ns and none; NewFile+Close has a budget of a few hundred
// nanoseconds for all of issue 8. The finalizer gets the object itself,
// which is unreachable by then: it only reads the object's record.

type kind uint8

const (
	kindFile kind = iota + 1
	kindDir
	kindSpooled
)

func (k kind) String() string {
	switch k {
	case kindFile:
		return "file"
	case kindDir:
		return "dir"
	}
	return "spooled"
}

// A record is what the registry knows of one live object: enough to remove
// it and to say where it was created, and nothing that leads back to it.
type record struct {
	prev, next *record // the registry's list, under registry.mu
	seq        uint64  // creation order, for tempfiletest.NoLeaks
	done       bool    // unregistered (under registry.mu)
	kind       kind
	pz         sys.Path // what to remove; empty for a Spooled
	log        *slog.Logger
	owner      *ownerDir   // the owner mark of its directory; nil if unmarked
	ident      fs.FileInfo // in a shared directory: what the name must still lead to
	pc         uintptr     // the return PC of the constructor: the creation site
	stack      []uintptr   // the whole stack, with LeakStacks(true)
}

var registry struct {
	mu   sync.Mutex
	head record // sentinel of a circular list
	seq  uint64
}

func init() {
	registry.head.prev, registry.head.next = &registry.head, &registry.head
	leakcheck.Seq = func() uint64 {
		registry.mu.Lock()
		defer registry.mu.Unlock()
		return registry.seq
	}
	leakcheck.Since = liveSince
}

// stacks is the switch of LeakStacks.
var stacks atomic.Bool

// LeakStacks makes every object created from now on record the whole stack
// of its creation, for leak reports and tempfiletest.NoLeaks; it returns
// the previous setting. Off by default: an object then records one program
// counter, read from the frame pointer on amd64 (a few nanoseconds), and
// a report names the file and line of the call that created it. A stack
// costs a microsecond or so per object.
func LeakStacks(on bool) (was bool) { return stacks.Swap(on) }

// track registers obj (a *File, *Dir or *Spooled), a new object, with a
// record of kind for path pz (empty for a Spooled), created by c, and sets
// its finalizer. pc is the creation site: the exported constructor calls
// track(..., sys.CallerPC()) itself.
func track(obj any, k kind, pz sys.Path, c *config, pc uintptr) *record {
	r := &record{kind: k, pz: pz, log: c.log, owner: c.owner, pc: pc}
	c.owner = nil // the record holds the reference now
	if stacks.Load() {
		var pcs [64]uintptr
		n := runtime.Callers(3, pcs[:]) // from the constructor's caller
		r.stack = append([]uintptr(nil), pcs[:n]...)
	}
	registry.mu.Lock()
	registry.seq++
	r.seq = registry.seq
	h := &registry.head
	r.prev, r.next = h.prev, h
	h.prev.next, h.prev = r, r
	registry.mu.Unlock()
	// Method expressions: static functions, no allocation.
	switch o := obj.(type) {
	case *File:
		if o.shared {
			// Where other users can rename, remove only what the name
			// still leads to (as Close does).
			r.ident, _ = o.File.Stat()
		}
		runtime.SetFinalizer(o, (*File).leaked)
	case *Dir:
		if o.pin != nil { // in a shared directory
			r.ident, _ = o.pin.Stat()
		}
		runtime.SetFinalizer(o, (*Dir).leaked)
	case *Spooled:
		runtime.SetFinalizer(o, (*Spooled).leaked)
	}
	return r
}

func (f *File) leaked()    { leaked(f.reg) }
func (d *Dir) leaked()     { leaked(d.reg) }
func (s *Spooled) leaked() { leaked(s.reg) }

// calledFrom makes pc the creation site of r's object: WithFile and
// WithDir name their own caller, not themselves. A nil r does nothing.
func (r *record) calledFrom(pc uintptr) {
	if r != nil {
		r.pc = pc
	}
}

// unlink takes r off the list; it reports false if r was already off.
func (r *record) unlink() bool {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if r == nil || r.done {
		return false
	}
	r.done = true
	r.prev.next, r.next.prev = r.next, r.prev
	r.prev, r.next = nil, nil
	return true
}

// untrack unregisters obj, the object of r, whose owner now removed it or
// took charge of it (Close, Keep, Persist): its finalizer is removed and
// its owner mark released. kept is the name to record as kept in the
// owner's lock file ("" for none), so that no sweep takes it. A nil r
// does nothing.
func (r *record) untrack(obj any, kept string) {
	if !r.unlink() {
		return
	}
	runtime.SetFinalizer(obj, nil)
	r.owner.release(kept)
}

// remove removes what r stands for from the file system: the file, or the
// tree with the rules of Dir.Close, checked first in a shared directory. A Spooled has nothing there: its
// memory and its anonymous file go with the object.
func (r *record) remove() error {
	switch r.kind {
	case kindFile:
		if r.ident != nil {
			if fi, err := os.Lstat(r.pz.String()); err == nil && !os.SameFile(fi, r.ident) {
				return &fs.PathError{Op: "cleanup", Path: r.pz.String(), Err: errReplaced}
			}
		}
		if err := sys.Remove(r.pz); err != nil && !os.IsNotExist(err) {
			return &fs.PathError{Op: "cleanup", Path: r.pz.String(), Err: err}
		}
	case kindDir:
		if r.ident != nil {
			return sys.RemoveTreeSame(r.pz, r.ident)
		}
		return sys.RemoveTree(r.pz)
	}
	return nil
}

// CleanupAll removes every live [File] and [Dir] of the process, as their
// Close would, and unregisters every live [Spooled]: for main before
// os.Exit, which runs no deferred calls, and for tests. It returns every
// error it met, joined; an object it could not remove stays registered,
// so that a later call tries again. The objects stay usable as far as
// their handles go: a later Close finds nothing left to remove and
// succeeds. CleanupAll also removes the owner lock files (see Sweep) that
// no kept object needs.
func CleanupAll() error {
	var errs []error
	for _, r := range liveRecords(0) {
		// The object's finalizer stays: it finds the record done.
		if !r.unlink() {
			continue // closed meanwhile
		}
		if err := r.remove(); err != nil {
			errs = append(errs, err)
			relink(r)
			continue
		}
		r.owner.release("")
	}
	dropIdleOwners()
	return errors.Join(errs...)
}

// relink puts r back on the list after a failed removal, so that a later
// CleanupAll tries again. A finalizer that already ran reports no leak
// of it again.
func relink(r *record) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	r.done = false
	h := &registry.head
	r.prev, r.next = h.prev, h
	h.prev.next, h.prev = r, r
}

// liveRecords returns the live records created after seq, oldest first.
func liveRecords(seq uint64) []*record {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	var rs []*record
	for r := registry.head.next; r != &registry.head; r = r.next {
		if r.seq > seq {
			rs = append(rs, r)
		}
	}
	return rs
}

// liveSince is tempfiletest's view of the registry.
func liveSince(seq uint64) []leakcheck.Object {
	var objs []leakcheck.Object
	for _, r := range liveRecords(seq) {
		s := r.site()
		objs = append(objs, leakcheck.Object{
			Kind: r.kind.String(), Path: r.pz.String(), Site: s.Site, Func: s.Func, Stack: r.stackText(),
			Cleanup: func() error {
				if !r.unlink() {
					return nil
				}
				if err := r.remove(); err != nil {
					relink(r)
					return err
				}
				r.owner.release("")
				return nil
			},
		})
	}
	return objs
}
