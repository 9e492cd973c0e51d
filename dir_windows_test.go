package tempfile_test

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tmpguard/tempfile"
)

// TestDirCloseJunction: a junction inside a Dir, made by `mklink /J` (no
// privilege needed, so any process of the user can plant one), is removed
// as a link by Close; the directory it leads to, outside, is not touched.
func TestDirCloseJunction(t *testing.T) {
	outside := windowsTempDir(t)
	if err := os.WriteFile(filepath.Join(outside, "keep"), []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := tempfile.NewDir(tempfile.InDir(windowsTempDir(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := os.Mkdir(d.Join("sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{d.Join("junction"), d.Join("sub", "junction")} {
		if out, err := exec.Command("cmd", "/c", "mklink", "/J", link, outside).CombinedOutput(); err != nil {
			t.Skipf("mklink /J: %v: %s", err, out)
		}
	}
	if fi, err := os.Lstat(d.Join("junction")); err != nil || fi.Mode()&(fs.ModeSymlink|fs.ModeIrregular) == 0 {
		t.Skipf("mklink /J made no link: %v, %v", fi, err)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	if _, err := os.Lstat(d.Path()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Close left %s: %v", d.Path(), err)
	}
	if got := readFile(t, filepath.Join(outside, "keep")); got != "keep me" {
		t.Errorf("behind the junction: %q, want %q", got, "keep me")
	}
}
