package tempfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tmpguard/tempfile"
)

// windowsTempDir is a directory for the test, removed by Dir.Close (the
// handle-relative removal) rather than by t.TempDir's os.RemoveAll, which
// needs POSIX deletion, absent under Wine.
func windowsTempDir(t *testing.T) string {
	t.Helper()
	d, err := tempfile.NewDir(tempfile.Prefix("test-"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := d.Close(); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return d.Path()
}

// TestPersistReadOnlyAfterCloseHandle: a read-only file (Perm(0o400), the
// read-only attribute on Windows) whose handle was closed can still be
// persisted: the flush by name must not need a handle the system refuses.
func TestPersistReadOnlyAfterCloseHandle(t *testing.T) {
	for _, noClobber := range []bool{false, true} {
		t.Run("noClobber="+strconv.FormatBool(noClobber), func(t *testing.T) {
			dir := windowsTempDir(t)
			f, err := tempfile.NewFile(tempfile.InDir(dir), tempfile.Perm(0o400))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteString("secret"); err != nil {
				t.Fatal(err)
			}
			if err := f.CloseHandle(); err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(dir, "kept")
			persist := f.Persist
			if noClobber {
				persist = f.PersistNoClobber
			}
			if err := persist(target); err != nil {
				t.Fatalf("persist(%q) after CloseHandle of a read-only file = %v, want nil", target, err)
			}
			if got := readFile(t, target); got != "secret" {
				t.Errorf("persisted content = %q, want %q", got, "secret")
			}
			if perm := stat(t, target).Mode().Perm(); perm&0o200 != 0 {
				t.Errorf("persisted file mode %v, want it read-only still", perm)
			}
			if err := f.Close(); err != nil {
				t.Errorf("Close after persist = %v", err)
			}
			if _, err := os.Lstat(target); err != nil {
				t.Errorf("Close removed the persisted file: %v", err)
			}
		})
	}
}

// TestPastMaxPath: every kind of object works in a directory whose path is
// longer than MAX_PATH (260), as package os's functions do.
func TestPastMaxPath(t *testing.T) {
	dir := windowsTempDir(t)
	for i := 0; len(dir) < 400; i++ {
		dir = filepath.Join(dir, strings.Repeat("d", 30)+strconv.Itoa(i))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}

	anon, err := tempfile.New(tempfile.InDir(dir))
	if err != nil {
		t.Fatalf("New in a long directory: %v", err)
	}
	anon.Close()

	f, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatalf("NewFile in a long directory: %v", err)
	}
	defer f.Close()
	if _, err := f.WriteString("long"); err != nil {
		t.Fatal(err)
	}
	if err := f.CloseHandle(); err != nil {
		t.Fatal(err)
	}
	r, err := f.Reopen()
	if err != nil {
		t.Fatalf("Reopen in a long directory: %v", err)
	}
	r.Close()
	target := filepath.Join(dir, "kept")
	if err := f.Persist(target); err != nil {
		t.Fatalf("Persist to a long path: %v", err)
	}
	if got := readFile(t, target); got != "long" {
		t.Errorf("persisted content = %q, want %q", got, "long")
	}

	d, err := tempfile.NewDir(tempfile.InDir(dir))
	if err != nil {
		t.Fatalf("NewDir in a long directory: %v", err)
	}
	if err := os.WriteFile(d.Join("inner"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("Dir.Close in a long directory: %v", err)
	}
	if _, err := os.Lstat(d.Path()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Dir.Close left %s: %v", d.Path(), err)
	}
	if names := entries(t, dir); strings.Join(names, ",") != "kept" {
		t.Errorf("the long directory holds %q, want only %q", names, "kept")
	}
}
