package tempfile

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tmpguard/tempfile/internal/sys"
)

// Owner marks: every File and Dir (and the moment's name of an anonymous
// file made by create-and-unlink) carries in its name a token of the
// owning process for its directory, which leads to the lock file
// sys.LockPrefix+token+sys.LockSuffix there: see Sweep, and the package
// doc for why.

// tokenLen is the length of the owner token, after the random part: 6
// characters of the alphabet, 30 bits.
const tokenLen = 6

// lingerFor is how long a lock file stays once its directory has no live
// object, for a process that keeps making and closing objects there: it
// then pays for one lock file a second, not one per object.
const lingerFor = time.Second

// A directory churns when its lock file is made again within churnGap of
// the last one's removal churnAt times in a row: then the lock file
// lingers. A program that makes a few objects one after another leaves
// no lock file when it exits; one that churns pays one lock file a
// second, not one per object, and leaves one for Sweep if it exits
// within lingerFor of its last object (or none, after CleanupAll).
const (
	churnGap = 100 * time.Millisecond
	churnAt  = 16
)

// ownerMarks is off in tests that need names without the token.
var ownerMarks = true

// An ownerDir is the owner mark of this process in one directory: the
// token and its lock file, with the count of live objects that carry it.
type ownerDir struct {
	dir string

	mu       sync.Mutex
	lock     *sys.OwnerLock // nil: no lock file now
	token    [tokenLen]byte
	live     int       // live objects that carry the token
	kept     bool      // names were kept: the lock file stays as their record
	uses     uint64    // acquisitions, to tell an idle directory
	linger   bool      // churn seen: keep the lock file lingerFor after the last object
	quick    int       // lock files made within churnGap of the last one's removal, in a row
	armed    bool      // a linger timer is pending
	usesArm  uint64    // uses when the timer was armed
	dropped  time.Time // when the last lock file was removed
	disabled bool      // no lock files can be made here: objects stay unmarked
	gone     bool      // forgotten by pruneOwners: look the directory up again
	timer    *time.Timer
}

var owners struct {
	mu   sync.Mutex
	dirs map[string]*ownerDir
}

// lastOwner caches the ownerDir of the last directory used, so that the
// common case (one temporary directory) costs a comparison.
var lastOwner atomic.Pointer[ownerDir]

// acquireOwner returns the owner mark of dir with one more live object
// counted, making the lock file if there is none; nil if objects in dir
// cannot be marked (no lock files on this platform or filesystem, or the
// lock file could not be made: the object is then made unmarked).
func acquireOwner(dir string) (*ownerDir, [tokenLen]byte) {
	var tok [tokenLen]byte
	if !ownerMarks {
		return nil, tok
	}
	o := lastOwner.Load()
	if o == nil || o.dir != dir {
		o = lookupOwner(dir)
	}
	o.mu.Lock()
	if o.gone {
		o.mu.Unlock()
		o = lookupOwner(dir)
		o.mu.Lock()
	}
	defer o.mu.Unlock()
	if o.disabled || (o.lock == nil && !o.makeLock()) {
		return nil, tok
	}
	o.live++
	o.uses++
	return o, o.token
}

func lookupOwner(dir string) *ownerDir {
	owners.mu.Lock()
	defer owners.mu.Unlock()
	o := owners.dirs[dir]
	if o == nil {
		if owners.dirs == nil {
			owners.dirs = make(map[string]*ownerDir)
		}
		if len(owners.dirs) >= pruneAt {
			pruneOwners()
		}
		o = &ownerDir{dir: dir}
		owners.dirs[dir] = o
	}
	lastOwner.Store(o)
	return o
}

// pruneAt is the number of directories remembered beyond which those idle
// for a while are forgotten: what the process remembers does not grow
// with the number of directories it ever used.
const pruneAt = 64

// pruneOwners forgets the directories without a lock file whose last one
// went more than lingerFor ago; owners.mu is held.
func pruneOwners() {
	for dir, o := range owners.dirs {
		o.mu.Lock()
		if o.lock == nil && o.live == 0 && time.Since(o.dropped) > lingerFor {
			o.gone = true
			delete(owners.dirs, dir)
		}
		o.mu.Unlock()
	}
}

// makeLock makes a lock file under a new token; o.mu is held.
func (o *ownerDir) makeLock() bool {
	for range maxTries {
		tok := randomToken()
		l, err := sys.CreateOwnerLock(o.dir, string(tok[:]))
		if err == nil {
			o.lock, o.token, o.kept = l, tok, false
			// Made again right after the last went, churnAt times in a
			// row: the directory churns, let the lock file linger.
			if !o.dropped.IsZero() && time.Since(o.dropped) < churnGap {
				o.quick++
				o.linger = o.quick >= churnAt
			} else {
				o.quick = 0
			}
			return true
		}
		if !os.IsExist(err) {
			// No lock file: the object is made unmarked. Where the
			// platform or filesystem cannot have one, stop trying.
			o.disabled = errors.Is(err, errors.ErrUnsupported)
			return false
		}
	}
	return false
}

func randomToken() (t [tokenLen]byte) {
	r := random()
	copy(t[:], r[:tokenLen])
	return t
}

// release counts one live object less: its owner closed it, kept it
// (kept: its path, recorded in the lock file so that no sweep takes it)
// or it was cleaned up. A nil o does nothing.
func (o *ownerDir) release(kept string) {
	if o == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	// The object was made in o.dir, under the current lock file (which
	// cannot change while the object counts as live).
	if kept != "" && o.lock != nil {
		// A failed append leaves the name unrecorded: a sweep may then
		// take it once this process is gone.
		if o.lock.AppendKept(filepath.Base(kept)) == nil {
			o.kept = true
		}
	}
	o.live--
	if o.live > 0 {
		return
	}
	switch {
	case o.kept:
		o.drop() // the lock file stays, unlocked, as the record of what was kept
	case o.linger:
		if !o.armed {
			o.armed, o.usesArm = true, o.uses
			if o.timer == nil {
				o.timer = time.AfterFunc(lingerFor, o.lingerEnd)
			} else {
				o.timer.Reset(lingerFor)
			}
		}
	default:
		o.drop()
	}
}

// lingerEnd drops the lock file if the directory stayed idle for
// lingerFor.
func (o *ownerDir) lingerEnd() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.armed = false
	if o.live > 0 || o.lock == nil {
		return // busy again: the next idle moment arms the timer again
	}
	if o.uses != o.usesArm {
		o.armed, o.usesArm = true, o.uses
		o.timer.Reset(lingerFor)
		return
	}
	o.linger, o.quick = false, 0
	o.drop()
}

// drop closes the lock file, removing it unless it records kept names;
// o.mu is held and no object is live.
func (o *ownerDir) drop() {
	if o.lock == nil {
		return
	}
	o.lock.Close(!o.kept)
	o.lock, o.kept, o.dropped = nil, false, time.Now()
	if o.timer != nil && o.armed {
		o.timer.Stop()
		o.armed = false
	}
}

// dropIdleOwners removes at once the lock files that only linger: those
// of directories with no live object.
func dropIdleOwners() {
	owners.mu.Lock()
	var all []*ownerDir
	for _, o := range owners.dirs {
		all = append(all, o)
	}
	owners.mu.Unlock()
	for _, o := range all {
		o.mu.Lock()
		if o.live == 0 {
			o.linger = false
			o.drop()
		}
		o.mu.Unlock()
	}
}
