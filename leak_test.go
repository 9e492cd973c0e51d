package tempfile_test

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tmpguard/tempfile"
)

// leaks collects the leak reports of the process while a test runs.
type leaks struct {
	mu  sync.Mutex
	got []tempfile.Leak
	ch  chan tempfile.Leak
}

func collectLeaks(t *testing.T) *leaks {
	t.Helper()
	l := &leaks{ch: make(chan tempfile.Leak, 100)}
	tempfile.OnLeak(func(lk tempfile.Leak) {
		l.mu.Lock()
		l.got = append(l.got, lk)
		l.mu.Unlock()
		l.ch <- lk
	})
	t.Cleanup(func() { tempfile.OnLeak(nil) })
	return l
}

// waitFor runs the collector until a leak of path is reported, and returns
// it; it gives up after a minute, which only a broken cleanup takes.
func (l *leaks) waitFor(t *testing.T, path string) tempfile.Leak {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		runtime.GC()
		select {
		case lk := <-l.ch:
			if lk.Path == path {
				return lk
			}
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			t.Fatalf("no leak reported for %s", path)
		}
	}
}

func (l *leaks) reported(path string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, lk := range l.got {
		if lk.Path == path {
			return true
		}
	}
	return false
}

// dropFile creates a File and drops it without Close; it returns its path
// and the line of the call that created it.
//
//go:noinline
func dropFile(t *testing.T, opts ...tempfile.Option) (string, int) {
	_, _, line, _ := runtime.Caller(0)
	f, err := tempfile.NewFile(opts...) // line+1
	if err != nil {
		t.Fatal(err)
	}
	return f.Name(), line + 1
}

//go:noinline
func dropDir(t *testing.T, opts ...tempfile.Option) string {
	d, err := tempfile.NewDir(opts...)
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.MkdirAll(d.Join("a", "b"), 0o700))
	must(t, os.WriteFile(d.Join("a", "b", "f"), []byte("x"), 0o600))
	must(t, os.Chmod(d.Join("a"), 0o500))
	return d.Path()
}

func TestLeakedFileRemovedAndReported(t *testing.T) {
	l := collectLeaks(t)
	dir := t.TempDir()
	path, line := dropFile(t, tempfile.InDir(dir))
	lk := l.waitFor(t, path)
	mustNotExist(t, path)
	_, file, _, _ := runtime.Caller(0)
	if want := file + ":" + strconv.Itoa(line); lk.Site != want {
		t.Errorf("leak site = %q, want %q", lk.Site, want)
	}
	if lk.Kind != "file" || lk.Err != nil || !strings.HasSuffix(lk.Func, "dropFile") {
		t.Errorf("leak = %+v, want a file removed, created by dropFile", lk)
	}
	if s := lk.String(); !strings.Contains(s, path) || !strings.Contains(s, "leak_test.go:"+strconv.Itoa(line)) {
		t.Errorf("report %q does not name the path and the test's line", s)
	}
}

func TestLeakedDirRemovedWithTree(t *testing.T) {
	l := collectLeaks(t)
	dir := t.TempDir()
	path := dropDir(t, tempfile.InDir(dir))
	lk := l.waitFor(t, path)
	mustNotExist(t, path)
	if lk.Kind != "dir" || lk.Err != nil {
		t.Errorf("leak = %+v, want a dir removed", lk)
	}
}

// TestLeakToLogger: with a Logger the leak goes there at Warn, with the
// creation site as an attribute, and not to the hook.
func TestLeakToLogger(t *testing.T) {
	l := collectLeaks(t)
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	dir := t.TempDir()
	path, line := dropFile(t, tempfile.InDir(dir), tempfile.Logger(log))
	sentinel, _ := dropFile(t, tempfile.InDir(dir))
	l.waitFor(t, sentinel)
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(buf.String(), path) && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	out := buf.String()
	if !strings.Contains(out, "level=WARN") || !strings.Contains(out, "created=") ||
		!strings.Contains(out, "leak_test.go:"+strconv.Itoa(line)) || !strings.Contains(out, path) {
		t.Errorf("log = %q, want a Warn naming %s and leak_test.go:%d", out, path, line)
	}
	if l.reported(path) {
		t.Errorf("the leak of an object with a Logger also went to the hook")
	}
	mustNotExist(t, path)
}

// TestNoLeakAfterKeepOrClose: objects closed, kept or persisted are no
// leaks; a sentinel leak shows that the cleanups ran.
func TestNoLeakAfterKeepOrClose(t *testing.T) {
	l := collectLeaks(t)
	dir := t.TempDir()
	var quiet []string
	func() {
		f, err := tempfile.NewFile(tempfile.InDir(dir))
		must(t, err)
		kept, err := f.Keep()
		must(t, err)
		must(t, f.Close())
		quiet = append(quiet, kept)

		f, err = tempfile.NewFile(tempfile.InDir(dir))
		must(t, err)
		must(t, f.Persist(filepath.Join(dir, "persisted")))
		quiet = append(quiet, f.Name())

		f, err = tempfile.NewFile(tempfile.InDir(dir))
		must(t, err)
		quiet = append(quiet, f.Name())
		must(t, f.Close())

		d, err := tempfile.NewDir(tempfile.InDir(dir))
		must(t, err)
		quiet = append(quiet, d.Keep())

		s, err := tempfile.NewSpooled(10)
		must(t, err)
		must(t, s.Close())
	}()
	sentinel, _ := dropFile(t, tempfile.InDir(dir))
	l.waitFor(t, sentinel)
	runtime.GC()
	for _, p := range quiet {
		if l.reported(p) {
			t.Errorf("%s reported as a leak", p)
		}
	}
	if _, err := os.Lstat(quiet[0]); err != nil {
		t.Errorf("kept file gone: %v", err)
	}
}

func TestCleanupAll(t *testing.T) {
	dir := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(dir))
	must(t, err)
	d, err := tempfile.NewDir(tempfile.InDir(dir))
	must(t, err)
	must(t, os.Mkdir(d.Join("ro"), 0o700))
	must(t, os.WriteFile(d.Join("ro", "f"), nil, 0o600))
	must(t, os.Chmod(d.Join("ro"), 0o500))
	k, err := tempfile.NewFile(tempfile.InDir(dir))
	must(t, err)
	kept, _ := k.Keep()
	s, err := tempfile.NewSpooled(4, tempfile.InDir(dir))
	must(t, err)
	s.Write([]byte("spilled"))

	must(t, tempfile.CleanupAll())
	mustNotExist(t, f.Name())
	mustNotExist(t, d.Path())
	if _, err := os.Lstat(kept); err != nil {
		t.Errorf("CleanupAll removed the kept file: %v", err)
	}
	// The objects' own cleanup still works and finds nothing to do.
	if _, err := f.WriteString("still open"); err != nil {
		t.Errorf("write after CleanupAll: %v", err)
	}
	for _, c := range []interface{ Close() error }{f, d, k, s} {
		if err := c.Close(); err != nil {
			t.Errorf("Close after CleanupAll = %v", err)
		}
	}
	// The kept file stays, with the lock file that records it as kept.
	names := allEntries(t, dir)
	if len(names) != 2 || filepath.Join(dir, names[1]) != kept || !strings.HasPrefix(names[0], ".tmpguard-") {
		t.Errorf("directory holds %q, want only the kept file and its lock file", names)
	} else if lock := readFile(t, filepath.Join(dir, names[0])); !strings.Contains(lock, "kept \""+names[1]+"\"\n") {
		t.Errorf("the lock file does not record %s as kept:\n%s", names[1], lock)
	}
}

// TestCleanupAllReportsFailures: a tree it cannot remove is an error, and
// a later call, once the cause is gone, removes it.
func TestCleanupAllReportsFailures(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("as root a read-only directory does not stop removal; the failure needs an ordinary user")
	}
	parent := t.TempDir()
	d, err := tempfile.NewDir(tempfile.InDir(parent))
	must(t, err)
	must(t, os.Chmod(parent, 0o500))
	defer os.Chmod(parent, 0o700)
	err = tempfile.CleanupAll()
	if err == nil || !strings.Contains(err.Error(), d.Path()) {
		t.Fatalf("CleanupAll with an unremovable dir = %v, want an error naming %s", err, d.Path())
	}
	must(t, os.Chmod(parent, 0o700))
	must(t, tempfile.CleanupAll())
	mustNotExist(t, d.Path())
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
