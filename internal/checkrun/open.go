package checkrun

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// errNotRegular is the error for a FIFO, a device, a socket or a directory
// where a file's contents are read.
var errNotRegular = errors.New("not a regular file")

// errSymlink is the error for a symbolic link opened without following.
var errSymlink = errors.New("a symbolic link, not followed")

// tooLargeError is a file over the size limit of its kind.
type tooLargeError struct{ size, limit int64 }

func (e *tooLargeError) Error() string {
	if e.size > e.limit {
		return fmt.Sprintf("file is %s, larger than the %s limit", size(e.size), size(e.limit))
	}
	return fmt.Sprintf("file is larger than the %s limit", size(e.limit))
}

// openFile is a seam for tests: running as root, they cannot make a file
// unreadable with chmod.
var openFile = os.OpenFile

// beforeOpen, when set, is called with the absolute name of each Python
// file just before it is opened: a test swaps the file for a FIFO there,
// the race a real attacker would try.
var beforeOpen func(abs string)

// readRegular reads the whole of the regular file name, at most limit
// bytes. Nothing else is ever read: a FIFO would block the run forever, a
// device like /dev/zero never ends, and opening some devices acts on
// them. So the name is first checked with lstat (stat when follow is true)
// and a non-regular file is refused unopened; then it is opened with
// O_NONBLOCK (an open of a FIFO swapped in meanwhile cannot block),
// O_NOCTTY (a terminal does not become ours) and, when follow is false,
// O_NOFOLLOW (a symbolic link swapped in is not followed), and fstat on the
// open descriptor decides: what is read is what was checked. A file over
// limit is an error of type *tooLargeError, read no further than limit+1
// bytes. Every error is a *fs.PathError.
func readRegular(name string, limit int64, follow bool) ([]byte, error) {
	stat := os.Lstat
	if follow {
		stat = os.Stat
	}
	fi, err := stat(name)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errSymlink}
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(fi.Mode())}
	}
	flag := os.O_RDONLY | openFlags
	if !follow {
		flag |= noFollow
	}
	f, err := openFile(name, flag, 0)
	if err != nil {
		if !follow && isSymlinkErr(err) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: errSymlink}
		}
		return nil, err
	}
	defer f.Close()
	fi, err = f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegular(fi.Mode())}
	}
	if fi.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &tooLargeError{size: fi.Size(), limit: limit}}
	}
	// The size is known, but the file may grow after fstat: read at most
	// limit+1 bytes whatever it says.
	var buf bytes.Buffer
	buf.Grow(int(fi.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &tooLargeError{limit: limit}}
	}
	return buf.Bytes(), nil
}

// notRegular names what a non-regular file is.
func notRegular(m fs.FileMode) error {
	what := ""
	switch {
	case m&fs.ModeNamedPipe != 0:
		what = "a FIFO"
	case m&fs.ModeCharDevice != 0:
		what = "a character device"
	case m&fs.ModeDevice != 0:
		what = "a block device"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m.IsDir():
		what = "a directory"
	default:
		return errNotRegular
	}
	return fmt.Errorf("%w (%s)", errNotRegular, what)
}

func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// describeReadError turns an error of readRegular into a message without
// the path, which the diagnostic carries.
func describeReadError(err error) string {
	return unwrapPath(err).Error()
}
