package sys

import (
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// A mount identifies the mount a file is on: the filesystem's device and,
// where the kernel tells it (statx STATX_MNT_ID, Linux 5.8), the mount
// itself, so that a bind mount of the same filesystem differs too.
type mount struct{ dev, id uint64 }

// same reports whether m and o are one mount. Where either lacks the mount
// ID (statx unavailable), the device alone decides.
func (m mount) same(o mount) bool {
	return m.dev == o.dev && (m.id == 0 || o.id == 0 || m.id == o.id)
}

// noStatx is set once statx has failed with ENOSYS (a kernel older than
// 4.11) or EPERM (a seccomp profile older than the call) where fstatat
// works: from then on mounts are told apart by device alone, as on other
// Unix systems.
var noStatx atomic.Bool

// mountOf returns the mount of path in dirfd, or of dirfd itself when path
// is empty; it never follows a symlink in the last element of path.
func mountOf(dirfd int, path string) (mount, error) {
	flags := unix.AT_SYMLINK_NOFOLLOW
	if path == "" {
		flags |= unix.AT_EMPTY_PATH
	}
	if !noStatx.Load() {
		var stx unix.Statx_t
		err := unix.Statx(dirfd, path, flags, unix.STATX_MNT_ID, &stx)
		if err == nil {
			m := mount{dev: unix.Mkdev(stx.Dev_major, stx.Dev_minor)}
			if stx.Mask&unix.STATX_MNT_ID != 0 {
				m.id = stx.Mnt_id
			}
			return m, nil
		}
		if err != unix.ENOSYS && err != unix.EPERM {
			return mount{}, err
		}
	}
	var st unix.Stat_t
	if err := unix.Fstatat(dirfd, path, &st, flags); err != nil {
		return mount{}, err
	}
	// statx failed where fstatat works: statx itself is refused (EPERM
	// alone could be one file's answer, a FUSE server's).
	noStatx.Store(true)
	return mount{dev: st.Dev}, nil
}
