package pycheck

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestManyScopesAndBindings guards against quadratic work: thousands of
// functions with tracked objects, and one name bound and read thousands
// of times in one scope.
func TestManyScopesAndBindings(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	if testing.Short() {
		t.Skip("short")
	}
	var b strings.Builder
	b.WriteString("import tempfile, os\n")
	const n = 20000
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "def f%d():\n    d = tempfile.mkdtemp()\n    os.listdir(d)\n", i)
	}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "p = p + '/x%d'\nopen(p, 'w')\n", i)
	}
	start := time.Now()
	fs, err := Check([]byte(b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != n {
		t.Errorf("got %d findings, want %d", len(fs), n)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
	t.Logf("%d bytes in %v", b.Len(), time.Since(start))
}
