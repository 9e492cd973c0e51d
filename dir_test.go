package tempfile_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tmpguard/tempfile"
)

func TestDirClose(t *testing.T) {
	parent := t.TempDir()
	d, err := tempfile.NewDir(tempfile.InDir(parent), tempfile.Prefix("work-"))
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(d.Path())
	if err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Fatalf("NewDir: Stat = %v, %v; want a directory, mode 0700", fi, err)
	}
	if err := os.WriteFile(d.Join("a.txt"), []byte("a"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	mustBeEmpty(t, parent)
	if err := d.Close(); err != nil {
		t.Errorf("second Close() = %v, want nil", err)
	}
}

// TestDirCloseTree removes a tree of 10,000 files with read-only
// subdirectories and symlinks that point outside: the targets survive.
func TestDirCloseTree(t *testing.T) {
	outside := t.TempDir()
	victim := filepath.Join(outside, "victim.txt")
	os.WriteFile(victim, []byte("keep me"), 0o600)
	victimDir := filepath.Join(outside, "victim-dir")
	os.Mkdir(victimDir, 0o700)
	os.WriteFile(filepath.Join(victimDir, "inner"), []byte("keep me too"), 0o600)

	parent := t.TempDir()
	d, err := tempfile.NewDir(tempfile.InDir(parent))
	if err != nil {
		t.Fatal(err)
	}
	buildTree(t, d.Path(), 100, 100)
	must(t, os.Symlink(victim, d.Join("d0", "link-to-file")))
	must(t, os.Symlink(victimDir, d.Join("d1", "link-to-dir")))
	must(t, os.Symlink(outside, d.Join("link-to-outside")))
	// Read-only directories, nested.
	must(t, os.MkdirAll(d.Join("ro", "deeper"), 0o700))
	os.WriteFile(d.Join("ro", "deeper", "f"), nil, 0o400)
	os.WriteFile(d.Join("ro", "g"), nil, 0o400)
	must(t, os.Chmod(d.Join("ro", "deeper"), 0o500))
	must(t, os.Chmod(d.Join("ro"), 0o500))
	must(t, os.Chmod(d.Join("d2"), 0o500))

	if err := d.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	mustBeEmpty(t, parent)
	if got := readFile(t, victim); got != "keep me" {
		t.Errorf("symlink target changed: %q", got)
	}
	if got := readFile(t, filepath.Join(victimDir, "inner")); got != "keep me too" {
		t.Errorf("file behind a directory symlink changed: %q", got)
	}
}

// buildTree makes dirs directories of files files each under root.
func buildTree(t testing.TB, root string, dirs, files int) {
	t.Helper()
	for i := range dirs {
		sub := filepath.Join(root, "d"+strconv.Itoa(i))
		must(t, os.Mkdir(sub, 0o700))
		for j := range files {
			must(t, os.WriteFile(filepath.Join(sub, "f"+strconv.Itoa(j)), nil, 0o600))
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestDirKeep(t *testing.T) {
	parent := t.TempDir()
	d, err := tempfile.NewDir(tempfile.InDir(parent))
	if err != nil {
		t.Fatal(err)
	}
	path := d.Keep()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Errorf("kept directory: %v", err)
	}
}

func TestDirCloseAlreadyGone(t *testing.T) {
	d, err := tempfile.NewDir(tempfile.InDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(d.Path())
	if err := d.Close(); err != nil {
		t.Errorf("Close of a removed directory = %v, want nil", err)
	}
}

func TestWithDir(t *testing.T) {
	parent := t.TempDir()
	errFail := errors.New("failed")
	var path string
	err := tempfile.WithDir(func(d *tempfile.Dir) error {
		path = d.Path()
		os.WriteFile(d.Join("x"), nil, 0o600)
		return errFail
	}, tempfile.InDir(parent))
	if !errors.Is(err, errFail) {
		t.Errorf("WithDir = %v, want %v", err, errFail)
	}
	mustNotExist(t, path)
	func() {
		defer func() {
			if r := recover(); r == nil {
				t.Error("the panic did not go on")
			}
		}()
		tempfile.WithDir(func(d *tempfile.Dir) error { path = d.Path(); panic("boom") }, tempfile.InDir(parent))
	}()
	mustNotExist(t, path)
	mustBeEmpty(t, parent)
}
