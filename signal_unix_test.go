//go:build unix && !aix

package tempfile_test

import (
	"strings"
	"syscall"
	"testing"
)

// TestCleanupOnSignal: a child with CleanupOnSignal, killed by SIGTERM,
// leaves nothing and dies of SIGTERM; one that also has its own
// signal.Notify for SIGTERM gets the signal there too.
func TestCleanupOnSignal(t *testing.T) {
	for _, role := range []string{"signal", "signal-notify"} {
		t.Run(role, func(t *testing.T) {
			dir := t.TempDir()
			c := startChild(t, role, dir, 100, 10)
			if n := len(entries(t, dir)); n < 110 {
				t.Fatalf("the child made %d entries, want at least 110", n)
			}
			ws, out := c.kill(t, syscall.SIGTERM)
			if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
				t.Errorf("child wait status %v (exit %d), want killed by SIGTERM", ws, ws.ExitStatus())
			}
			mustBeEmpty(t, dir)
			if role == "signal-notify" && !strings.Contains(out, "notified terminated") {
				t.Errorf("the child's own signal.Notify did not get SIGTERM; it wrote %q", out)
			}
		})
	}
}

// TestSIGTERMWithoutHandlerLeaves is the control: without CleanupOnSignal,
// or after its stop, the same child leaves its objects behind.
func TestSIGTERMWithoutHandlerLeaves(t *testing.T) {
	for _, role := range []string{"plain", "signal-stopped"} {
		t.Run(role, func(t *testing.T) {
			dir := t.TempDir()
			c := startChild(t, role, dir, 3, 1)
			ws, _ := c.kill(t, syscall.SIGTERM)
			if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
				t.Errorf("child wait status %v, want killed by SIGTERM", ws)
			}
			if n := len(entries(t, dir)); n < 4 {
				t.Errorf("the child left %d entries, want its 4 objects", n)
			}
			chmodTree(t, dir)
		})
	}
}
