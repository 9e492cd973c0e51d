//go:build linux || darwin || freebsd || dragonfly || aix

package sys

import "golang.org/x/sys/unix"

// FreeSpace returns the bytes that an unprivileged user may still write on
// the filesystem that holds dir, and its block size.
func FreeSpace(dir string) (free, block int64, err error) {
	var st unix.Statfs_t
	if err := ignoringEINTR(func() error { return unix.Statfs(dir, &st) }); err != nil {
		return 0, 0, err
	}
	return int64(st.Bavail) * int64(st.Bsize), int64(st.Bsize), nil
}
