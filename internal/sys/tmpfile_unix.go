//go:build unix && !linux

package sys

import "os"

// OpenTmpfile answers errors.ErrUnsupported: only Linux has O_TMPFILE.
func OpenTmpfile(dir string, perm uint32, exact bool) (*os.File, error) {
	return nil, errUnsupported
}
