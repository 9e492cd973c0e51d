//go:build !unix

package sys

// ShareOf answers Private: on Windows a directory's ACL decides, and the
// user's temporary folder is the user's own.
func ShareOf(dir string) (s Share, why string, err error) { return Private, "", nil }
