//go:build unix && !aix

package sys

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// An OwnerLock is a lock file of this process, open and flocked.
type OwnerLock struct {
	fd   int
	path string
	dev  uint64
	ino  uint64
}

var ownerIdentity = sync.OnceValue(func() []byte {
	boot, start, pidns := processIdentity()
	return ownerInfo(boot, start, pidns, os.Getpid(), os.Geteuid())
})

// BootID returns the kernel's boot ID, "" where there is none to read.
func BootID() string {
	boot, _, _ := processIdentity()
	return boot
}

// CreateOwnerLock makes the lock file of token in dir: created under a
// temporary name (O_EXCL, O_NOFOLLOW: never through a link), flocked,
// filled with the identity of this process, then moved to its final name
// with a rename that never replaces, and checked to be there. It fails with an error matching
// fs.ErrExist when either name is taken (another token must be drawn), and
// errors.ErrUnsupported where the filesystem has no flock.
func CreateOwnerLock(dir, token string) (*OwnerLock, error) {
	tmp := dir + "/" + LockPrefix + token + LockNew
	final := dir + "/" + LockPrefix + token + LockSuffix
	fd, err := openRetry(tmp, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_APPEND|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*OwnerLock, error) {
		unix.Unlink(tmp)
		unix.Close(fd)
		return nil, err
	}
	if err := ignoringEINTR(func() error { return unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB) }); err != nil {
		if err == unix.ENOLCK || err == unix.EOPNOTSUPP || err == unix.EINVAL || err == unix.ENOSYS {
			err = fmt.Errorf("%w: no flock on this filesystem (%v)", errors.ErrUnsupported, err)
		}
		return fail(err)
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fail(err)
	}
	if err := unix.Fchmod(fd, 0o600); err != nil { // exact, whatever the umask
		return fail(err)
	}
	if err := writeAll(fd, ownerIdentity()); err != nil {
		return fail(err)
	}
	if err := RenameNoReplace(tmp, final); err != nil {
		return fail(err)
	}
	// In a directory where others can rename, the temporary name could
	// have been swapped before the rename: the final name must lead to
	// the file this descriptor locks, or the token proves nothing.
	var fst unix.Stat_t
	if err := unix.Lstat(final, &fst); err != nil || fst.Dev != st.Dev || fst.Ino != st.Ino {
		unix.Close(fd)
		return nil, fmt.Errorf("lock file %s replaced while it was made", final)
	}
	return &OwnerLock{fd: fd, path: final, dev: uint64(st.Dev), ino: uint64(st.Ino)}, nil
}

func writeAll(fd int, b []byte) error {
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// AppendKept records name (a base name) as kept: one write with
// O_APPEND, so that it cannot tear another line.
func (l *OwnerLock) AppendKept(name string) error { return writeAll(l.fd, keptLine(name)) }

// Close releases the lock; with unlink it first removes the lock file, if
// the name still leads to it.
func (l *OwnerLock) Close(unlink bool) error {
	var err error
	if unlink {
		var st unix.Stat_t
		if err = unix.Lstat(l.path, &st); err == nil && uint64(st.Dev) == l.dev && uint64(st.Ino) == l.ino {
			err = unix.Unlink(l.path)
		}
		err = ignoreNotExist(err)
	}
	if cerr := unix.Close(l.fd); err == nil {
		err = cerr
	}
	return err
}
