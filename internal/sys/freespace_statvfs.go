//go:build netbsd || solaris || illumos

package sys

import "golang.org/x/sys/unix"

// FreeSpace returns the bytes that an unprivileged user may still write on
// the filesystem that holds dir, and its block size (the fragment size,
// the unit of f_bavail).
func FreeSpace(dir string) (free, block int64, err error) {
	var st unix.Statvfs_t
	if err := ignoringEINTR(func() error { return unix.Statvfs(dir, &st) }); err != nil {
		return 0, 0, err
	}
	return int64(st.Bavail) * int64(st.Frsize), int64(st.Frsize), nil
}
