//go:build solaris

package sys

// processIdentity knows no boot ID here: the owner of a lock file cannot
// be established, and a sweep goes by age alone.
func processIdentity() (boot, start, pidns string) { return "", "", "" }
