package tempfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/tmpguard/tempfile"
)

// resetDefaultDir forgets the cached default directory now and after the
// test, so that DefaultDir probes again.
func resetDefaultDir(t *testing.T) {
	t.Helper()
	prev, err := tempfile.SetDefaultDir("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		tempfile.SetDefaultDir("")
		if prev != "" {
			tempfile.SetDefaultDir(prev)
		}
	})
}

func TestDefaultDirCandidates(t *testing.T) {
	good := t.TempDir()
	notDir := filepath.Join(good, "file")
	must(t, os.WriteFile(notDir, nil, 0o600))
	for _, tc := range []struct {
		name             string
		tmpdir, temp, tm string
		want             string
	}{
		{"TMPDIR first", good, "/nonexistent-temp", "/nonexistent-tmp", good},
		{"TEMP when TMPDIR is missing", "/nonexistent-tmpdir", good, "", good},
		{"TMP when the others are not directories", notDir, notDir, good, good},
		{"relative made absolute", ".", "", "", mustAbs(t, ".")},
		{"OS places last", "", "", "", "/tmp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TMPDIR", tc.tmpdir)
			t.Setenv("TEMP", tc.temp)
			t.Setenv("TMP", tc.tm)
			resetDefaultDir(t)
			got, err := tempfile.DefaultDir()
			if err != nil || got != tc.want {
				t.Fatalf("DefaultDir() = %q, %v; want %q", got, err, tc.want)
			}
			if tc.want == good {
				if names := entries(t, good); len(names) != 1 || names[0] != "file" {
					t.Errorf("the probe left %q behind", names)
				}
			}
		})
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDefaultDirCachedAndOverridden(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", first)
	resetDefaultDir(t)
	if got, _ := tempfile.DefaultDir(); got != first {
		t.Fatalf("DefaultDir() = %q, want %q", got, first)
	}
	t.Setenv("TMPDIR", second)
	if got, _ := tempfile.DefaultDir(); got != first {
		t.Errorf("DefaultDir() = %q after TMPDIR changed, want the cached %q", got, first)
	}
	if _, err := tempfile.SetDefaultDir(second); err != nil {
		t.Fatal(err)
	}
	f, err := tempfile.NewFile()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if filepath.Dir(f.Name()) != second {
		t.Errorf("NewFile() after SetDefaultDir(%q) made %q", second, f.Name())
	}
	prev, err := tempfile.SetDefaultDir(first)
	if err != nil || prev != second {
		t.Errorf("SetDefaultDir returned previous %q, %v; want %q", prev, err, second)
	}
}

func TestSetDefaultDirBad(t *testing.T) {
	resetDefaultDir(t)
	file := filepath.Join(t.TempDir(), "f")
	must(t, os.WriteFile(file, nil, 0o600))
	if _, err := tempfile.SetDefaultDir(file); err == nil {
		t.Error("SetDefaultDir(a file) succeeded")
	}
	if _, err := tempfile.SetDefaultDir("/nonexistent-dir"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("SetDefaultDir(missing) = %v, want fs.ErrNotExist", err)
	}
}
