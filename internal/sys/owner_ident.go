//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package sys

import "sync"

// processIdentity returns what a lock file records of its owner besides
// its PID: the boot ID, the process's start time and its PID namespace
// (readIdentity says which this system tells), read once.
func processIdentity() (boot, start, pidns string) {
	id := identityOnce()
	return id.boot, id.start, id.pidns
}

type ident struct{ boot, start, pidns string }

var identityOnce = sync.OnceValue(readIdentity)
