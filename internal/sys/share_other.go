//go:build !unix

package sys

// ShareOf answers Private: on Windows a directory's ACL decides, and the
// user's temporary folder is the user's own.
func ShareOf(dir string) (s Share, uid int, mode uint32, err error) { return Private, 0, 0, nil }
