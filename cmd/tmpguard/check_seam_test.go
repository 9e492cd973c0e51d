//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"

	"github.com/tmpguard/tempfile/internal/checkrun"
)

// In the test binary run as tmpguard by a script, TMPGUARD_TEST_SWAP_FIFO
// names a file that is swapped for a real FIFO between the walk (which saw
// a regular file) and the read: the race an attacker would try, made
// deterministic. The real tmpguard has no such variable.
func init() {
	name := os.Getenv("TMPGUARD_TEST_SWAP_FIFO")
	if name == "" {
		return
	}
	checkrun.SetBeforeOpen(func(abs string) {
		if filepath.Base(abs) != name {
			return
		}
		if err := os.Remove(abs); err != nil {
			panic(err)
		}
		if err := syscall.Mkfifo(abs, 0o644); err != nil {
			panic(err)
		}
	})
}
