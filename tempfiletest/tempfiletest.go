// Package tempfiletest helps tests of programs that use package tempfile.
package tempfiletest

import (
	"testing"

	// The registry of live objects lives in package tempfile; importing it
	// makes sure that it is there to be asked.
	_ "github.com/tmpguard/tempfile"
	"github.com/tmpguard/tempfile/internal/leakcheck"
)

// NoLeaks fails t if an object of package tempfile (a File, Dir or
// Spooled) created from now on is still open when t ends, naming each one
// and the place that created it, and then removes them as
// tempfile.CleanupAll would. Call it first in the test:
//
//	func TestExport(t *testing.T) {
//		tempfiletest.NoLeaks(t)
//		...
//	}
//
// Its check runs at t's end, after the test's deferred calls and the
// cleanups registered after it. It sees every object the process creates
// meanwhile, so it must not be used while parallel tests create objects
// too. With tempfile.LeakStacks(true) the failure shows whole stacks.
func NoLeaks(t testing.TB) {
	t.Helper()
	start := leakcheck.Seq()
	t.Cleanup(func() {
		t.Helper()
		for _, o := range leakcheck.Since(start) {
			what := o.Kind
			if o.Path != "" {
				what += " " + o.Path
			}
			site := o.Site
			if site == "" {
				site = "an unknown place"
			}
			msg := "tempfile: " + what + " created at " + site + " was not closed by the end of the test"
			if o.Stack != "" {
				msg += "\n" + o.Stack
			}
			if err := o.Cleanup(); err != nil {
				msg += "; removing it failed: " + err.Error()
			}
			t.Error(msg)
		}
	})
}
