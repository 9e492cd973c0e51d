package tempfile

import (
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/tmpguard/tempfile/internal/sys"
)

// ErrSharedDir reports a directory in which other users can rename,
// replace or remove the names of the objects made there: writable by
// others without the sticky bit, or owned by another user who is not root.
// Every name-based step (Close, Persist, Reopen, Dir.Close) could then be
// turned against its object. Constructors refuse such a directory unless
// [AllowSharedDir] is given.
var ErrSharedDir = errors.New("other users can rename or replace names in this directory")

// AllowSharedDir accepts a directory that other users can rename or
// replace names in (see [ErrSharedDir]), as OpenSSH's StrictModes can be
// turned off. Objects made there check, before each step that must use
// their name (removing it, moving it, opening it again), that the name
// still leads to them, and refuse the step otherwise; a small window stays
// between that check and the step (docs/SECURITY.md). A private directory
// is always the better choice.
func AllowSharedDir() Option {
	return optionFunc(func(c *config) { c.allowShared = true })
}

// A dirVerdict is what checkDir found of one directory.
type dirVerdict struct {
	dir   string
	share sys.Share
	uid   int
	mode  uint32
}

// lastVerdict caches the last directory checked, so that the common case
// (one temporary directory) costs a comparison, not a stat per object.
var lastVerdict atomic.Pointer[dirVerdict]

// judgeDir decides whether objects may be made in c.dir: a directory that
// other users can rename in is refused (unless allowed), and one that its
// group can is logged as a warning. Objects made in either check their
// names before using them.
func judgeDir(c *config) error {
	v := lastVerdict.Load()
	if v == nil || v.dir != c.dir {
		share, uid, mode, err := sys.ShareOf(c.dir)
		if err != nil {
			// Creation will say what is wrong with the directory.
			return nil
		}
		v = &dirVerdict{dir: c.dir, share: share, uid: uid, mode: mode}
		lastVerdict.Store(v)
		if share == sys.GroupShared {
			l := c.log
			if l == nil {
				l = slog.Default()
			}
			logEvent(l, slog.LevelWarn, "tempfile: the directory is writable by its group without the sticky bit: members of the group could rename or replace the names of temporary objects",
				slog.String("dir", c.dir), slog.String("mode", fmt.Sprintf("%#o", v.mode&0o7777)))
		}
	}
	switch v.share {
	case sys.Shared:
		if !c.allowShared {
			why := fmt.Sprintf("mode %#o: writable by others without the sticky bit", v.mode&0o7777)
			if v.mode&0o002 == 0 || v.mode&0o1000 != 0 {
				why = fmt.Sprintf("owned by user %d", v.uid)
			}
			return fmt.Errorf("%w (%s); use a private directory, or AllowSharedDir() if this is really meant", ErrSharedDir, why)
		}
		c.shared = true
	case sys.GroupShared:
		c.shared = true
	}
	return nil
}
