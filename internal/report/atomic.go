package report

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteOutput writes what render writes to the file name, choosing by
// what is at name now (looked at with lstat, not through a link):
//
//   - nothing, or a regular file: [WriteFileAtomic], so that name either
//     stays as it was or holds the whole report;
//   - a FIFO or a character device (a pipe, /dev/null, a terminal): the
//     report is written into it, as a shell redirection would; it is never
//     replaced;
//   - a symbolic link: written through only when it leads to a FIFO, a
//     socket or a character device (/dev/stdout, /dev/fd/N of a process
//     substitution); a link to a regular file, a directory or nothing is
//     refused, since a link committed to a checked tree could lead the
//     report over any file the user can write;
//   - anything else (a directory, a block device, a socket) is refused.
//
// If there is an error other than render's, it will be of type
// *fs.PathError; nothing is left behind, and a regular file is left as it
// was.
func WriteOutput(name string, render func(io.Writer) error) error {
	fi, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return writeFileAtomic(name, render)
	case err != nil:
		return err
	case fi.Mode().IsRegular():
		return writeFileAtomic(name, render)
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Stat(name)
		if err != nil {
			return &fs.PathError{Op: "write", Path: name, Err: fmt.Errorf("a symbolic link that leads nowhere (%v); not written", unwrapPathError(err))}
		}
		if !isStream(target.Mode()) {
			return &fs.PathError{Op: "write", Path: name, Err: errors.New("a symbolic link to " + kindOf(target.Mode()) + "; not written through (name the file itself)")}
		}
		return writeStream(name, render)
	case isStream(fi.Mode()):
		return writeStream(name, render)
	default:
		return &fs.PathError{Op: "write", Path: name, Err: errors.New(kindOf(fi.Mode()) + "; not written")}
	}
}

// isStream reports whether a file is written in place: a FIFO, a socket
// (reached through /dev/fd) or a character device.
func isStream(m fs.FileMode) bool {
	return m&(fs.ModeNamedPipe|fs.ModeSocket) != 0 || m&fs.ModeCharDevice != 0
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// writeStream writes data into an existing FIFO or character device: no
// O_CREATE (nothing is made), no O_TRUNC. A FIFO waits for its reader.
func writeStream(name string, render func(io.Writer) error) error {
	f, err := os.OpenFile(name, os.O_WRONLY|oNoCTTY, 0)
	if err != nil {
		return err
	}
	fi, err := f.Stat()
	if err == nil && !isStream(fi.Mode()) {
		// Swapped for something else between lstat and open.
		err = &fs.PathError{Op: "write", Path: name, Err: errors.New(kindOf(fi.Mode()) + " since it was looked at; not written")}
	}
	if err == nil {
		err = render(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// WriteFileAtomic writes data to name through a temporary file in the same
// directory and a rename, so name is either left as it was or holds all of
// data: a reader never sees it half-written. The file gets mode 0644 less
// nothing else (the output of a checker is not secret).
func WriteFileAtomic(name string, data []byte) error {
	return writeFileAtomic(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeFileAtomic is WriteFileAtomic with the contents written by render
// straight into the temporary file.
func writeFileAtomic(name string, render func(io.Writer) error) (err error) {
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = render(f); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
