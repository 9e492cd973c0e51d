//go:build unix && !linux && !darwin

package sys

// RenameNoReplace renames oldpath to newpath unless something is at
// newpath; then it fails with an error matching fs.ErrExist and changes
// nothing. It links and unlinks: link(2) refuses an existing name
// atomically.
func RenameNoReplace(oldpath, newpath string) error { return linkNoReplace(oldpath, newpath) }
