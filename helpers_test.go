package tempfile_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tmpguard/tempfile"
)

// entries lists the names in dir, sorted, leaving out the owner lock
// files (see Sweep), which say who owns the objects and are not objects
// themselves.
func entries(t testing.TB, dir string) []string {
	t.Helper()
	var names []string
	for _, n := range allEntries(t, dir) {
		if !strings.HasPrefix(n, ".tmpguard-") {
			names = append(names, n)
		}
	}
	return names
}

// allEntries lists every name in dir, sorted, once the owner lock files
// that only linger after their objects are gone are removed.
func allEntries(t testing.TB, dir string) []string {
	t.Helper()
	tempfile.DropIdleOwners()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// mustBeEmpty fails the test if dir holds anything, lock files included.
func mustBeEmpty(t testing.TB, dir string) {
	t.Helper()
	if names := allEntries(t, dir); len(names) > 0 {
		t.Errorf("%s holds %d entries, want none: %q", dir, len(names), names[:min(len(names), 10)])
	}
}

func mustNotExist(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("%s still exists (Lstat error %v)", path, err)
	}
}

func readFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// stat returns the FileInfo of path, failing the test if there is none.
func stat(t testing.TB, path string) os.FileInfo {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}
