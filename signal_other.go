//go:build !unix

package tempfile

import "os"

var defaultSignals = []os.Signal{os.Interrupt}

// reraise exits with status 2: a process cannot send itself a signal here.
func reraise(os.Signal) { os.Exit(2) }
