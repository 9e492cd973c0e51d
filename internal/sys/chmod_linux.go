package sys

import (
	"strconv"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// noFchmodat2 is set once fchmodat2 (Linux 6.6) is found missing.
var noFchmodat2 atomic.Bool

// chmodDirAt gives the owner full access to the directory name of dirfd,
// if uid owns it. The name is resolved once, without following a symlink,
// into an O_PATH descriptor; the checks (a directory, owned by uid) and the
// change both act on that descriptor's inode, so swapping the name for a
// symlink or another file in between changes nothing: the change goes
// through fchmodat2(AT_EMPTY_PATH), or on older kernels through the
// descriptor's /proc/self/fd link, which names that inode itself.
func chmodDirAt(dirfd int, name string, uid int, vet func(fd int, st *unix.Stat_t) error) error {
	fd, err := openatRetry(dirfd, name, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR {
		return unix.ENOTDIR
	}
	if int(st.Uid) != uid {
		return errNotOwner
	}
	if err := vet(fd, &st); err != nil {
		return err
	}
	mode := uint32(st.Mode&0o7777) | 0o700
	if !noFchmodat2.Load() {
		err := unix.Fchmodat(fd, "", mode, unix.AT_EMPTY_PATH)
		if err != unix.EOPNOTSUPP && err != unix.ENOSYS && err != unix.EINVAL {
			return err
		}
		noFchmodat2.Store(true)
	}
	// /proc/self/fd/N is not a symlink that a path lookup follows: it
	// leads to the descriptor's own inode. Without /proc, the mode stays.
	return unix.Fchmodat(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(fd), mode, 0)
}
