//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package sys

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// readIdentity reads the boot time as the boot ID; these systems have
// no start time or PID namespace to tell.
func readIdentity() (id ident) {
	if tv, err := unix.SysctlTimeval("kern.boottime"); err == nil {
		id.boot = strconv.FormatInt(int64(tv.Sec), 10) + "." + strconv.FormatInt(int64(tv.Usec), 10)
	}
	return id
}
