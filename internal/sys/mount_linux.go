package sys

import (
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// A mount identifies the mount a file is on: the filesystem's device and,
// where the kernel tells it (statx STATX_MNT_ID, Linux 5.8), the mount
// itself, so that a bind mount of the same filesystem differs too.
type mount struct{ dev, id uint64 }

// noStatx is set once statx has failed with ENOSYS (a kernel older than
// 4.11) or EPERM (a seccomp profile older than the call): from then on
// mounts are told apart by device alone, as on other Unix systems.
var noStatx atomic.Bool

// mountOf returns the mount of path in dirfd, or of dirfd itself when path
// is empty; it never follows a symlink in the last element of path.
func mountOf(dirfd int, path string) (mount, error) {
	flags := unix.AT_SYMLINK_NOFOLLOW
	if path == "" {
		flags |= unix.AT_EMPTY_PATH
	}
	if !noStatx.Load() {
		var st unix.Statx_t
		err := unix.Statx(dirfd, path, flags, unix.STATX_MNT_ID, &st)
		if err == nil {
			m := mount{dev: unix.Mkdev(st.Dev_major, st.Dev_minor)}
			if st.Mask&unix.STATX_MNT_ID != 0 {
				m.id = st.Mnt_id
			}
			return m, nil
		}
		if err != unix.ENOSYS && err != unix.EPERM {
			return mount{}, err
		}
		noStatx.Store(true)
	}
	var st unix.Stat_t
	if err := unix.Fstatat(dirfd, path, &st, flags); err != nil {
		return mount{}, err
	}
	return mount{dev: st.Dev}, nil
}
