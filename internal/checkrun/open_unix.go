//go:build unix

package checkrun

import (
	"errors"
	"syscall"
)

const (
	openFlags = syscall.O_NONBLOCK | syscall.O_NOCTTY
	noFollow  = syscall.O_NOFOLLOW
)

// isSymlinkErr reports whether an open with O_NOFOLLOW failed because the
// name is a symbolic link: ELOOP on Linux and the BSDs (EMLINK on some).
func isSymlinkErr(err error) bool {
	return errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK)
}
