//go:build unix

package tempfile

import (
	"os"
	"syscall"
	"time"
)

var defaultSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM}

// reraise sends sig to the process again, now that its Go handler is
// reset: the runtime then lets the default action kill the process. A
// signal whose default action is not to die (one the program chose to
// handle, such as SIGHUP under nohup's SIG_IGN) ends in exit status 2.
func reraise(sig os.Signal) {
	if s, ok := sig.(syscall.Signal); ok {
		syscall.Kill(os.Getpid(), s)
		time.Sleep(time.Second) // the signal is delivered meanwhile
	}
	os.Exit(2)
}
