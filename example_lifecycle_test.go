//go:build unix

package tempfile_test

import (
	"fmt"
	"log"
	"os"
	"time"

	"github.com/tmpguard/tempfile"
)

func ExampleCleanupOnSignal() {
	// In main: SIGINT or SIGTERM removes every live object, then ends
	// the process by that signal, as it would have without the handler.
	stop := tempfile.CleanupOnSignal()
	defer stop()

	d, err := tempfile.NewDir()
	if err != nil {
		log.Fatal(err)
	}
	defer d.Close()
	// ... long work in d ...
}

func ExampleOnLeak() {
	// Leaks (objects collected without Close) reported through the
	// program's own log instead of standard error.
	tempfile.OnLeak(func(l tempfile.Leak) {
		log.Printf("BUG: %v", l)
	})
	defer tempfile.OnLeak(nil)
}

func ExampleSweep() {
	dir, err := os.MkdirTemp("", "sweep-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// What dead processes left in dir: a dry run first, to see it.
	rep, err := tempfile.Sweep(dir, tempfile.SweepOptions{DryRun: true, OlderThan: 7 * 24 * time.Hour})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("would remove %d entries (%d bytes); %d objects of live processes\n", len(rep.Removed), rep.Bytes, rep.Live)
	for _, s := range rep.Skipped {
		fmt.Printf("left %s: %s\n", s.Path, s.Reason)
	}
	// Output: would remove 0 entries (0 bytes); 0 objects of live processes
}
