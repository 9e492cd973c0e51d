package sys

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// Pin returns an O_PATH descriptor of f's file, opened through f's own
// descriptor (its /proc/self/fd link, which leads to that inode, not to a
// name). It holds the inode, so its number cannot be reused, and
// [Reopen] can open the very file again after f is closed, whatever has
// happened to its name. It cannot read or write, so the file counts as
// closed for other programs.
func Pin(f *os.File) (*os.File, error) {
	fd, err := openRetry(fdPath(f), unix.O_PATH|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, noProc(err)
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}

// Reopen opens the file of f again with flag (os.O_RDONLY or os.O_RDWR),
// through f's descriptor rather than a name: the result is f's file even if
// its name has been renamed, removed or replaced. f may be a [Pin].
func Reopen(f *os.File, flag int) (*os.File, error) {
	fd, err := openRetry(fdPath(f), flag|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, noProc(err)
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}

// noProc turns the failure to find /proc/self/fd (no /proc mounted, as in
// some containers) into errors.ErrUnsupported, so that callers take their
// path by name.
func noProc(err error) error {
	if err == unix.ENOENT {
		if _, serr := os.Stat("/proc/self/fd"); serr != nil {
			return errUnsupported
		}
	}
	return err
}

func fdPath(f *os.File) string { return "/proc/self/fd/" + strconv.Itoa(int(f.Fd())) }
