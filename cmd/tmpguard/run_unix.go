//go:build unix

package main

import (
	"os"
	"syscall"
)

// forwardedSignals are the signals that tmpguard run passes on to its
// command: those that ask a program to stop.
var forwardedSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// exitStatus is the shell's view of how the command ended: its exit
// status, or 128+N when it died of signal N. err is Wait's error, for a
// command that never got a state.
func exitStatus(ps *os.ProcessState, err error) int {
	if ps == nil {
		if err != nil {
			return 1
		}
		return 0
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}
