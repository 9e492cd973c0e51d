package sys

import "golang.org/x/sys/unix"

// RenameNoReplace renames oldpath to newpath unless something is at
// newpath, in one atomic step; then it fails with an error matching
// fs.ErrExist and changes nothing. Where the filesystem lacks
// RENAME_NOREPLACE it links and unlinks instead.
func RenameNoReplace(oldpath, newpath string) error {
	err := ignoringEINTR(func() error {
		return unix.Renameat2(unix.AT_FDCWD, oldpath, unix.AT_FDCWD, newpath, unix.RENAME_NOREPLACE)
	})
	if err == unix.EINVAL || err == unix.ENOSYS {
		return linkNoReplace(oldpath, newpath)
	}
	return err
}
