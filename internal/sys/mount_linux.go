package sys

import "golang.org/x/sys/unix"

// A mount identifies the mount a file is on: the filesystem's device and,
// where the kernel tells it (statx STATX_MNT_ID, Linux 5.8), the mount
// itself, so that a bind mount of the same filesystem differs too.
type mount struct{ dev, id uint64 }

// mountOf returns the mount of path in dirfd, or of dirfd itself when path
// is empty; it never follows a symlink.
func mountOf(dirfd int, path string) (mount, error) {
	flags := unix.AT_SYMLINK_NOFOLLOW
	if path == "" {
		flags |= unix.AT_EMPTY_PATH
	}
	var st unix.Statx_t
	if err := unix.Statx(dirfd, path, flags, unix.STATX_MNT_ID, &st); err != nil {
		return mount{}, err
	}
	m := mount{dev: unix.Mkdev(st.Dev_major, st.Dev_minor)}
	if st.Mask&unix.STATX_MNT_ID != 0 {
		m.id = st.Mnt_id
	}
	return m, nil
}
