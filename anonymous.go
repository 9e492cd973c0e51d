package tempfile

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"

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
