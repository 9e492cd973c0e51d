//go:build unix && !linux

package sys

import (
	"errors"

	"golang.org/x/sys/unix"
)

// chmodDirAt would give the owner full access to the directory name of
// dirfd. These systems cannot open a directory they may not read without
// following a symlink swapped in at its name (Linux's O_PATH), nor change
// a mode through such a handle: a change by name could land on whatever
// another process put there in the meantime. So an unreadable directory
// is left as it is and reported; a read-only one is handled through the
// descriptor the removal holds (fixDir).
func chmodDirAt(dirfd int, name string, uid int, vet func(fd int, st *unix.Stat_t) error) error {
	var st unix.Stat_t
	if err := unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return unix.ENOTDIR
	}
	if int(st.Uid) != uid {
		return errNotOwner
	}
	return errUnreadable
}

var errUnreadable = errors.New("permission denied: the directory is not readable, and this system cannot change its mode without a race, so it is left as it is")
