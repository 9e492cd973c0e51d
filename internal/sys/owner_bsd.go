//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package sys

import (
	"strconv"
	"sync"

	"golang.org/x/sys/unix"
)

// processIdentity returns the boot time as the boot ID; these systems
// have no start time or PID namespace to tell.
func processIdentity() (boot, start, pidns string) {
	id := identityOnce()
	return id.boot, id.start, id.pidns
}

type ident struct{ boot, start, pidns string }

var identityOnce = sync.OnceValue(func() (id ident) {
	if tv, err := unix.SysctlTimeval("kern.boottime"); err == nil {
		id.boot = strconv.FormatInt(int64(tv.Sec), 10) + "." + strconv.FormatInt(int64(tv.Usec), 10)
	}
	return id
})
