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

// A dirVerdict is what judgeDir found of one directory.
type dirVerdict struct {
	dir   string
	share sys.Share
	why   string
}

// lastVerdict caches the verdict on the last directory judged, so that the
// common case (one temporary directory) costs a comparison, not a walk of
// its path per object. Only root and the owners of the directories on the
// path (the caller, or root: anything else is refused) can change what it
// found.
var lastVerdict atomic.Pointer[dirVerdict]

// judgeDir decides whether objects may be made in c.dir: a directory that
// other users can rename in, or reach through a path they control, is
// refused (unless allowed), and one that its group can is logged as a
// warning. Objects made in either check their names before using them.
func judgeDir(c *config) error {
	v := lastVerdict.Load()
	if v == nil || v.dir != c.dir {
		share, why, err := sys.ShareOf(c.dir)
		if err != nil {
			// Creation will say what is wrong with the directory.
			return nil
		}
		v = &dirVerdict{dir: c.dir, share: share, why: why}
		lastVerdict.Store(v)
		if share == sys.GroupShared {
			l := c.log
			if l == nil {
				l = slog.Default()
			}
			logEvent(l, slog.LevelWarn, "tempfile: members of the directory's group could rename or replace the names of temporary objects",
				slog.String("dir", c.dir), slog.String("why", why))
		}
	}
	switch v.share {
	case sys.Shared:
		if !c.allowShared {
			return fmt.Errorf("%w (%s); use a private directory, or AllowSharedDir() if this is really meant", ErrSharedDir, v.why)
		}
		c.shared = true
	case sys.GroupShared:
		c.shared = true
	}
	return nil
}
