package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// printVersion writes "tmpguard VERSION" (see toolVersion), then the
// commit it was built from when the build recorded one, and the Go version.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "tmpguard %s\n", toolVersion())
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					modified = " (modified)"
				}
			}
		}
		if rev != "" {
			fmt.Fprintf(w, "commit %s%s\n", rev, modified)
		}
	}
	fmt.Fprintf(w, "built with %s\n", runtime.Version())
}
