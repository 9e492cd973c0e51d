//go:build unix

package sys

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// IsLockLimit reports whether err says that no more memory may be locked:
// RLIMIT_MEMLOCK reached (ENOMEM, EAGAIN), or a limit of zero (EPERM).
func IsLockLimit(err error) bool {
	return err == unix.ENOMEM || err == unix.EAGAIN || err == unix.EPERM
}

// LockLimit describes the limit on locked memory, for messages.
func LockLimit() string {
	var rl unix.Rlimit
	if err := unix.Getrlimit(rlimitMemlock, &rl); err != nil {
		return "RLIMIT_MEMLOCK"
	}
	if rl.Cur == unix.RLIM_INFINITY {
		return "RLIMIT_MEMLOCK is unlimited"
	}
	return fmt.Sprintf("RLIMIT_MEMLOCK is %d KiB", rl.Cur>>10)
}
