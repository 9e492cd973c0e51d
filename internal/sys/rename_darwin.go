package sys

import "golang.org/x/sys/unix"

// RenameNoReplace renames oldpath to newpath unless something is at
// newpath, in one atomic step (renamex_np with RENAME_EXCL); then it fails
// with an error matching fs.ErrExist and changes nothing.
func RenameNoReplace(oldpath, newpath string) error {
	err := ignoringEINTR(func() error { return unix.RenamexNp(oldpath, newpath, unix.RENAME_EXCL) })
	if err == unix.ENOTSUP || err == unix.EINVAL {
		return linkNoReplace(oldpath, newpath)
	}
	return err
}
