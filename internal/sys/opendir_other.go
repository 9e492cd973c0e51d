//go:build !unix

package sys

import "os"

// OpenDir answers errors.ErrUnsupported here: directories are judged
// private on these systems, so no Dir needs a handle on itself.
func OpenDir(path string) (*os.File, error) { return nil, errUnsupported }

// Links answers false: the system does not say.
func Links(fi os.FileInfo) (uint64, bool) { return 0, false }
