//go:build unix && !linux

package sys

import "golang.org/x/sys/unix"

// A mount identifies the filesystem a file is on, by its device. (A bind
// mount, or a nullfs mount, of the same filesystem is not told apart
// here: only Linux says which mount a file is on.)
type mount struct{ dev uint64 }

// same reports whether m and o are one mount.
func (m mount) same(o mount) bool { return m.dev == o.dev }

// mountOf returns the mount of path in dirfd, or of dirfd itself when path
// is empty; it never follows a symlink in the last element of path.
func mountOf(dirfd int, path string) (mount, error) {
	var st unix.Stat_t
	var err error
	if path == "" {
		err = unix.Fstat(dirfd, &st)
	} else {
		err = unix.Fstatat(dirfd, path, &st, unix.AT_SYMLINK_NOFOLLOW)
	}
	return mount{dev: uint64(st.Dev)}, err
}
