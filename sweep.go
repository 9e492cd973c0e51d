package tempfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tmpguard/tempfile/internal/sys"
)

// SweepOptions tune [Sweep].
type SweepOptions struct {
	// DryRun removes nothing: the report says what a real run would
	// remove, with every check of a real run made (a flock taken and
	// released included).
	DryRun bool
	// OlderThan, when positive, also lets the sweep take the objects whose
	// owner cannot be established (its lock file is from another boot, or
	// unreadable) once they are older than this, by the newest of their
	// modification and change times. Without it they stay.
	OlderThan time.Duration
	// Progress, if set, is called after each entry of dir is judged, with
	// the number judged so far and the number of entries: for a progress
	// display.
	Progress func(done, total int)
}

// A SweepReport says what [Sweep] did.
type SweepReport struct {
	Dir     string
	Removed []string // the paths removed (in a dry run: that would be), objects then lock files
	Bytes   int64    // disk space of what was removed (would be), trees and lock files included, as du counts it
	Skipped []Skip   // objects of dead or unknown owners left in place, and why
	Live    int      // objects whose owner is alive, left alone
	Errors  []error  // removals that failed; also returned by Sweep, joined
}

// A Skip is an object of a dead or unknown owner that the sweep left.
type Skip struct {
	Path   string
	Reason string
}

// Sweep removes from dir what processes that used this package left
// behind when they died without cleaning up (SIGKILL, a crash, a power
// cut): the files and trees whose owner mark leads to a dead owner, and
// nothing else. It is what `tmpguard sweep` runs.
//
// An object is taken only when all of these hold:
//   - its name has 12 characters of the name alphabet followed by an
//     owner token whose lock file is in dir, and that lock file's flock
//     is free (its owner is dead: a live owner holds it) and says it was
//     made since the machine last booted; or, with [SweepOptions.OlderThan],
//     the owner cannot be established (another boot, an unreadable lock
//     file) and the object is older than that;
//   - its owner did not keep it ([File.Keep], [Dir.Keep]: the lock file
//     lists it);
//   - it is a regular file or a directory, on dir's filesystem, owned by
//     the sweeping user (root: by the user who owns the lock file);
//   - just before its removal, opened without following a symlink, it is
//     still the entry the scan saw (device and inode) and nobody holds a
//     flock on it.
//
// A tree is removed with the code of [Dir.Close]. A lock file goes last,
// once none of its objects is left. A lock file still under its temporary
// name (its maker died while making it) is removed once it is a minute
// old: a younger one may be in the instant between its maker's create and
// flock.
//
// Sweeps may run at once in one directory, by one user or by several;
// Sweep takes no lock on dir (anyone who can read a directory could hold
// such a lock and stop every sweep). They cannot harm each other: an
// owner's objects are judged only by the sweep that holds the flock of its
// lock file for its whole run (to the others the owner looks alive, and
// they leave its objects), and an entry is removed only under its own
// flock, after the checks above. A caller that wants one sweep at a time,
// for its reports, keeps its own lock where no other user can take it, as
// `tmpguard sweep` does.
//
// The sweep reads no object's data and updates no access time (but the
// directory's own, by listing it, and a tree's directories where
// O_NOATIME is not allowed, by measuring it); it reads the lock files
// with O_NOATIME where allowed.
//
// Sweep returns the report whenever dir could be swept, with every
// failed removal in Errors and in the returned error, joined. If dir
// cannot be swept, the error is of type *fs.PathError. Windows, Plan 9
// and AIX have no owner marks: there Sweep fails with an error matching
// errors.ErrUnsupported.
func Sweep(dir string, opt SweepOptions) (*SweepReport, error) {
	if opt.OlderThan < 0 {
		return nil, &fs.PathError{Op: "sweep", Path: dir, Err: invalid("OlderThan %v: must not be negative", opt.OlderThan)}
	}
	d, names, err := sys.OpenSweepDir(dir)
	if err != nil {
		if fi, lerr := os.Lstat(dir); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			// Opened without following a link: say so, not ENOTDIR/ELOOP.
			err = fmt.Errorf("a symbolic link, not followed: sweep the directory it names (%w)", err)
		}
		return nil, &fs.PathError{Op: "sweep", Path: dir, Err: err}
	}
	defer d.Close()
	slices.Sort(names)
	s := sweep{d: d, dir: dir, opt: opt, uid: os.Geteuid(), boot: sys.BootID(), now: time.Now(),
		owners: make(map[string]*sweptOwner), rep: &SweepReport{Dir: dir}}
	s.readLocks(names)
	present := make(map[string]bool, len(names))
	for _, n := range names {
		present[n] = true
	}
	for i, n := range names {
		if _, lock := lockToken(n); !lock && !isNewLock(n) {
			s.entry(n)
		}
		if opt.Progress != nil {
			opt.Progress(i+1, len(names))
		}
	}
	s.finishLocks(present)
	return s.rep, errors.Join(s.rep.Errors...)
}

type sweep struct {
	d      *sys.SweepDir
	dir    string
	opt    SweepOptions
	uid    int
	boot   string
	now    time.Time
	owners map[string]*sweptOwner // by token; only the owners the sweep may judge
	locks  []string               // lock file names, in order
	rep    *SweepReport
}

// A sweptOwner is what the sweep knows of one token's owner.
type sweptOwner struct {
	lockName string
	alive    bool
	unknown  bool // not established: only OlderThan decides
	lock     *sys.HeldLock
	uid      int
	kept     map[string]bool
	left     int // its objects that stay
}

// readLocks judges the owner of every lock file in dir. A lock file that
// is not the sweeping user's (as root: anyone's) is not read, and its
// token's objects are not touched.
func (s *sweep) readLocks(names []string) {
	for _, n := range names {
		if isNewLock(n) {
			s.newLock(n)
			continue
		}
		tok, ok := lockToken(n)
		if !ok {
			continue
		}
		l, alive, err := s.d.OpenLock(n)
		if err != nil {
			if !os.IsNotExist(err) && !os.IsPermission(err) {
				s.fail(n, err)
			}
			continue
		}
		if alive {
			s.owners[tok] = &sweptOwner{lockName: n, alive: true}
			continue
		}
		if l.Info.UID != s.uid && s.uid != 0 {
			l.Release()
			continue
		}
		o := &sweptOwner{lockName: n, lock: l, uid: l.Info.UID, kept: map[string]bool{}}
		info, ok := sys.ParseOwner(l.Data)
		for _, k := range info.Kept {
			o.kept[k] = true
		}
		// The flock is free: its owner is dead, if it is one of this
		// machine's processes since boot. A lock file from another boot
		// or machine (a directory shared over the network, where flocks
		// may not reach) says nothing.
		o.unknown = !ok || s.boot == "" || info.Boot != s.boot
		s.owners[tok] = o
		s.locks = append(s.locks, n)
	}
}

// lockToken returns the token of a lock file's name.
func lockToken(name string) (string, bool) {
	tok, ok := strings.CutPrefix(name, sys.LockPrefix)
	tok, ok2 := strings.CutSuffix(tok, sys.LockSuffix)
	if !ok || !ok2 || len(tok) != tokenLen || strings.Trim(tok, alphabet) != "" {
		return "", false
	}
	return tok, true
}

// isNewLock reports whether name is that of a lock file being made.
func isNewLock(name string) bool {
	tok, ok := strings.CutPrefix(name, sys.LockPrefix)
	tok, ok2 := strings.CutSuffix(tok, sys.LockNew)
	return ok && ok2 && len(tok) == tokenLen && strings.Trim(tok, alphabet) == ""
}

// newLockGrace is how long a lock file may stay under its temporary name
// before a sweep takes it for its dead maker's: the maker creates it
// (O_EXCL) and only then flocks it, so in between the flock is free.
var newLockGrace = time.Minute

// newLock removes a lock file left under its temporary name: its maker
// died before renaming it (if the maker lives, it holds the flock, or is
// about to: one changed less than newLockGrace ago stays, so that a sweep
// in the moment between the maker's create and flock does not remove it
// and leave the maker's objects without their owner mark).
func (s *sweep) newLock(n string) {
	info, err := s.d.Lstat(n)
	if err != nil {
		if !os.IsNotExist(err) {
			s.fail(n, err)
		}
		return
	}
	if !info.IsRegular() || info.UID != s.uid || time.Since(info.Changed) < newLockGrace {
		return
	}
	s.remove(n, info)
}

// tokenIn returns the owner of the token in name: a token of a known
// lock file right after 12 characters of the alphabet.
func (s *sweep) tokenIn(name string) *sweptOwner {
	run := 0
	for i := 0; i < len(name); i++ {
		if strings.IndexByte(alphabet, name[i]) < 0 {
			run = 0
			continue
		}
		run++
		if run >= randLen+tokenLen {
			if o := s.owners[name[i+1-tokenLen:i+1]]; o != nil {
				return o
			}
		}
	}
	return nil
}

// entry decides on one entry of dir and removes it if it is an orphan.
func (s *sweep) entry(n string) {
	o := s.tokenIn(n)
	if o == nil {
		return // not marked by an owner the sweep may judge
	}
	if o.alive {
		s.rep.Live++
		return
	}
	if o.kept[n] {
		s.skip(o, n, "kept by its owner")
		return
	}
	info, err := s.d.Lstat(n)
	switch {
	case os.IsNotExist(err):
		return
	case err != nil:
		o.left++
		s.fail(n, err)
		return
	case !info.IsRegular() && !info.IsDir():
		s.skip(o, n, "not a regular file or directory")
		return
	case info.UID != o.uid || info.UID != s.uid && s.uid != 0:
		s.skip(o, n, "owned by another user than its lock file and the sweeping user")
		return
	case info.Dev != s.d.Dev:
		s.skip(o, n, "on another filesystem")
		return
	case o.unknown && s.opt.OlderThan == 0:
		s.skip(o, n, "its owner cannot be established (lock file from another boot or unreadable) and OlderThan is not set")
		return
	case o.unknown && s.now.Sub(info.Changed) < s.opt.OlderThan:
		s.skip(o, n, fmt.Sprintf("its owner cannot be established and it changed %v ago, less than OlderThan", s.now.Sub(info.Changed).Round(time.Second)))
		return
	}
	if sweepHook != nil {
		sweepHook(n)
	}
	if !s.remove(n, info) {
		o.left++
	}
}

// sweepHook runs between the scan of an entry and its removal: tests swap
// the entry there.
var sweepHook func(name string)

// remove removes the entry n, described by info, and says whether it is
// gone (in a dry run: would be).
func (s *sweep) remove(n string, info sys.EntryInfo) bool {
	freed, err := s.d.RemoveEntry(n, info, s.opt.DryRun)
	switch {
	case err == nil:
		s.rep.Removed = append(s.rep.Removed, filepath.Join(s.dir, n))
		s.rep.Bytes += freed
		return true
	case os.IsNotExist(err):
		return true
	case errors.Is(err, sys.ErrLocked) || errors.Is(err, sys.ErrChanged):
		s.rep.Skipped = append(s.rep.Skipped, Skip{Path: filepath.Join(s.dir, n), Reason: err.Error()})
	default:
		s.fail(n, err)
	}
	return false
}

func (s *sweep) skip(o *sweptOwner, n, reason string) {
	o.left++
	s.rep.Skipped = append(s.rep.Skipped, Skip{Path: filepath.Join(s.dir, n), Reason: reason})
}

func (s *sweep) fail(n string, err error) {
	s.rep.Errors = append(s.rep.Errors, &fs.PathError{Op: "sweep", Path: filepath.Join(s.dir, n), Err: err})
}

// finishLocks removes the lock files of dead owners that no object needs
// any more: none of theirs is left, nor any kept one still present. A
// lock file whose owner cannot be established goes only with OlderThan,
// when it is older than that too. Every flock is released.
func (s *sweep) finishLocks(present map[string]bool) {
	for _, n := range s.locks {
		tok, _ := lockToken(n)
		o := s.owners[tok]
		needed := o.left > 0
		for k := range o.kept {
			needed = needed || present[k]
		}
		if o.unknown && (s.opt.OlderThan == 0 || s.now.Sub(o.lock.Info.Changed) < s.opt.OlderThan) {
			needed = true
		}
		if !needed {
			switch err := s.d.RemoveLock(n, o.lock, s.opt.DryRun); {
			case err == nil:
				s.rep.Removed = append(s.rep.Removed, filepath.Join(s.dir, n))
				s.rep.Bytes += o.lock.Info.Blocks * 512
			case !os.IsNotExist(err):
				s.fail(n, err)
			}
		}
		o.lock.Release()
	}
}
