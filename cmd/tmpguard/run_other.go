//go:build !unix

package main

import "os"

// forwardedSignals are the signals that tmpguard run passes on to its
// command: where there are no Unix signals, only an interrupt.
var forwardedSignals = []os.Signal{os.Interrupt}

// exitStatus is the command's exit code; err is Wait's error, for a
// command that never got a state.
func exitStatus(ps *os.ProcessState, err error) int {
	if ps == nil {
		if err != nil {
			return 1
		}
		return 0
	}
	return ps.ExitCode()
}
