package tempfiletest_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/tmpguard/tempfile"
	"github.com/tmpguard/tempfile/tempfiletest"
)

// fakeTB records what NoLeaks does with a test.
type fakeTB struct {
	testing.TB
	errs     []string
	cleanups []func()
}

func (f *fakeTB) Helper()                   {}
func (f *fakeTB) Error(args ...any)         { f.errs = append(f.errs, fmt.Sprint(args...)) }
func (f *fakeTB) Errorf(s string, a ...any) { f.errs = append(f.errs, fmt.Sprintf(s, a...)) }
func (f *fakeTB) Cleanup(fn func())         { f.cleanups = append(f.cleanups, fn) }

func (f *fakeTB) end() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

// TestNoLeaksFake: a Dir left open fails the test with its path and the
// line that created it, and is removed; closed objects and objects made
// before NoLeaks are not its business.
func TestNoLeaksFake(t *testing.T) {
	dir := t.TempDir()
	before, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer before.Close()

	ft := &fakeTB{TB: t}
	tempfiletest.NoLeaks(ft)
	closed, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	_, file, line, _ := runtime.Caller(0)
	d, err := tempfile.NewDir(tempfile.InDir(dir)) // line+1
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(d.Join("f"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ft.end()

	if len(ft.errs) != 1 {
		t.Fatalf("NoLeaks reported %d failures, want 1 (the Dir): %q", len(ft.errs), ft.errs)
	}
	want := filepath.Base(file) + ":" + strconv.Itoa(line+1)
	if msg := ft.errs[0]; !strings.Contains(msg, d.Path()) || !strings.Contains(msg, want) || !strings.Contains(msg, "dir") {
		t.Errorf("NoLeaks said %q, want the dir %s and %s", msg, d.Path(), want)
	}
	if _, err := os.Lstat(d.Path()); !os.IsNotExist(err) {
		t.Errorf("NoLeaks left the Dir %s: %v", d.Path(), err)
	}
	if _, err := os.Lstat(before.Name()); err != nil {
		t.Errorf("NoLeaks removed an object made before it: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("Dir.Close after NoLeaks removed it = %v", err)
	}
}

// TestNoLeaksSubtest runs a real test that leaves a Dir open, as a child
// process, and expects it to fail in the way NoLeaks says.
func TestNoLeaksSubtest(t *testing.T) {
	if os.Getenv("TEMPFILETEST_CHILD") != "" {
		t.Run("leaky", func(t *testing.T) {
			tempfiletest.NoLeaks(t)
			d, err := tempfile.NewDir(tempfile.InDir(os.Getenv("TEMPFILETEST_DIR"))) // LEAKY LINE
			if err != nil {
				t.Fatal(err)
			}
			fmt.Println("path", d.Path())
		})
		t.Run("tidy", func(t *testing.T) {
			tempfiletest.NoLeaks(t)
			d, err := tempfile.NewDir(tempfile.InDir(os.Getenv("TEMPFILETEST_DIR")))
			if err != nil {
				t.Fatal(err)
			}
			d.Close()
		})
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoLeaksSubtest$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "TEMPFILETEST_CHILD=1", "TEMPFILETEST_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); !ok {
		t.Fatalf("the child test passed or did not run (%v): it should fail\n%s", err, out)
	}
	src, _ := os.ReadFile("tempfiletest_test.go")
	line := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.HasSuffix(l, "// LEAKY LINE") {
			line = i + 1
		}
	}
	s := string(out)
	for _, want := range []string{"--- FAIL: TestNoLeaksSubtest/leaky", "--- PASS: TestNoLeaksSubtest/tidy",
		"tempfiletest_test.go:" + strconv.Itoa(line), "was not closed by the end of the test"} {
		if !strings.Contains(s, want) {
			t.Errorf("child output lacks %q:\n%s", want, s)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("NoLeaks left %d entries in %s", len(entries), dir)
	}
}

// TestNoLeaksWithDir: an object of WithDir still open when the test ends
// is named by the line that called WithDir.
func TestNoLeaksWithDir(t *testing.T) {
	dir := t.TempDir()
	ft := &fakeTB{TB: t}
	tempfiletest.NoLeaks(ft)
	_, file, line, _ := runtime.Caller(0)
	tempfile.WithDir(func(*tempfile.Dir) error { ft.end(); return nil }, tempfile.InDir(dir)) // line+1
	want := filepath.Base(file) + ":" + strconv.Itoa(line+1)
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], want) {
		t.Errorf("NoLeaks said %q, want one failure naming %s", ft.errs, want)
	}
}
