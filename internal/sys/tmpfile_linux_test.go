package sys

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestTmpfileProbedPerFilesystem: once a directory's filesystem has
// refused O_TMPFILE, every directory on that filesystem takes the fallback
// without trying it again, other filesystems are not affected, and the
// record has one entry per filesystem, not per directory.
func TestTmpfileProbedPerFilesystem(t *testing.T) {
	base := t.TempDir()
	other, err := os.MkdirTemp("/dev/shm", "tmpfile-probe-")
	if err != nil {
		t.Skipf("no second filesystem to compare with: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(other) })
	baseKey, err := FSKey(base)
	if err != nil {
		t.Fatal(err)
	}
	if otherKey, err := FSKey(other); err != nil || otherKey == baseKey {
		t.Skipf("%s and /dev/shm are on one filesystem (%v)", base, err)
	}
	dirs := []string{filepath.Join(base, "a"), filepath.Join(base, "b"), filepath.Join(base, "c")}
	for _, d := range dirs {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	// Both filesystems really support O_TMPFILE, so a refusal below can
	// only come from the record.
	for _, d := range []string{dirs[0], other} {
		f, err := OpenTmpfile(d, 0o600, false)
		if err != nil {
			t.Skipf("O_TMPFILE in %s: %v", d, err)
		}
		if want := d + "/(unnamed)"; f.Name() != want {
			t.Errorf("handle name %q, want %q", f.Name(), want)
		}
		f.Close()
	}

	if _, had := noTmpfile.Load(baseKey); had {
		t.Skipf("the filesystem of %s is already recorded", base)
	}
	count, last := noTmpfileCount.Load(), lastDir.Load()
	t.Cleanup(func() {
		noTmpfile.Delete(baseKey)
		noTmpfileCount.Store(count)
		lastDir.Store(last)
	})
	markNoTmpfile(dirs[0])
	markNoTmpfile(dirs[1])
	if got := noTmpfileCount.Load(); got != count+1 {
		t.Errorf("two directories of one filesystem made %d records, want 1", got-count)
	}
	for _, d := range append(dirs, base) {
		f, err := OpenTmpfile(d, 0o600, false)
		if err == nil {
			f.Close()
		}
		if !errors.Is(err, errors.ErrUnsupported) {
			t.Errorf("OpenTmpfile(%s) after its filesystem refused O_TMPFILE: %v, want errors.ErrUnsupported", d, err)
		}
	}
	f, err := OpenTmpfile(other, 0o600, false)
	if err != nil {
		t.Fatalf("OpenTmpfile on another filesystem: %v", err)
	}
	f.Close()
}
