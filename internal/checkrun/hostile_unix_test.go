//go:build unix

package checkrun

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// within fails the test if f does not return in a few seconds: the
// defects tested here hang forever, and a hung test says nothing.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: still running after 10s (blocked on a FIFO or reading without end?)", what)
	}
}

func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.py":                   "x = 1\n",
		"big.py":                 strings.Repeat("#\n", 600),
		"sub/":                   "",
		"link.py -> a.py":        "",
		"zero -> /dev/zero":      "",
		"random -> /dev/urandom": "",
	})
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		follow bool
		want   string // the data, or the error message
		err    error
	}{
		{"a.py", false, "x = 1\n", nil},
		{"link.py", true, "x = 1\n", nil},
		{"link.py", false, "a symbolic link, not followed", errSymlink},
		{"fifo", false, "not a regular file (a FIFO)", errNotRegular},
		{"fifo", true, "not a regular file (a FIFO)", errNotRegular},
		{"zero", true, "not a regular file (a character device)", errNotRegular},
		{"random", true, "not a regular file (a character device)", errNotRegular},
		{"sub", true, "not a regular file (a directory)", errNotRegular},
		{"big.py", false, "", nil}, // a *tooLargeError
		{"missing", false, "no such file or directory", fs.ErrNotExist},
	}
	for _, tc := range tests {
		var data []byte
		var err error
		within(t, "readRegular("+tc.name+")", func() {
			data, err = readRegular(filepath.Join(dir, tc.name), 1024, tc.follow)
		})
		got := string(data)
		if err != nil {
			got = unwrapPath(err).Error()
			var pe *fs.PathError
			if !errors.As(err, &pe) {
				t.Errorf("readRegular(%q) error %T, want a *fs.PathError", tc.name, err)
			}
		}
		if tc.name == "big.py" {
			var tl *tooLargeError
			if !errors.As(err, &tl) {
				t.Errorf("readRegular(big.py) = %v, want a *tooLargeError", err)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("readRegular(%q, follow %v) = %q, want %q", tc.name, tc.follow, got, tc.want)
		}
		if tc.err != nil && !errors.Is(err, tc.err) {
			t.Errorf("readRegular(%q) error = %v, want errors.Is %v", tc.name, err, tc.err)
		}
	}
}

// TestRunFileSwappedForFIFO swaps a Python file for a real FIFO between the
// walk (which saw a regular file) and the open: the run must go on with a
// diagnostic, not wait for a writer forever.
func TestRunFileSwappedForFIFO(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": "mktemp\n", "b.py": "mktemp\n"})
	chdir(t, dir)
	restore := SetBeforeOpen(func(abs string) {
		if filepath.Base(abs) != "a.py" {
			return
		}
		if err := os.Remove(abs); err != nil {
			t.Error(err)
		}
		if err := syscall.Mkfifo(abs, 0o644); err != nil {
			t.Error(err)
		}
	})
	t.Cleanup(restore)
	within(t, "Run over a file swapped for a FIFO", func() {
		res, err := Run(Options{Check: fakeCheck})
		if err != nil {
			t.Error(err)
			return
		}
		if res.FilesChecked != 1 || len(res.Findings) != 1 || res.Findings[0].Path != "b.py" {
			t.Errorf("checked %d files, findings %v; want b.py alone", res.FilesChecked, findingStrings(res.Findings))
		}
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].String() != "a.py: error: not a regular file (a FIFO)" {
			t.Errorf("diagnostics = %v, want a.py: not a regular file (a FIFO)", res.Diagnostics)
		}
	})
	if fi, err := os.Lstat(filepath.Join(dir, "a.py")); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatalf("the seam did not swap a.py for a FIFO: %v, %v", fi, err)
	}
}

// TestRunFileSwappedForLink: a walked file swapped for a symbolic link to
// /dev/zero is not followed.
func TestRunFileSwappedForLink(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": "mktemp\n"})
	chdir(t, dir)
	t.Cleanup(SetBeforeOpen(func(abs string) {
		os.Remove(abs)
		if err := os.Symlink("/dev/zero", abs); err != nil {
			t.Error(err)
		}
	}))
	within(t, "Run over a file swapped for a link", func() {
		res, err := Run(Options{Check: fakeCheck})
		if err != nil {
			t.Error(err)
			return
		}
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].String() != "a.py: error: a symbolic link, not followed" {
			t.Errorf("diagnostics = %v", res.Diagnostics)
		}
	})
}

// TestSpecialConfigFiles puts a FIFO, a link to /dev/zero and a link to
// /dev/urandom where .gitignore and pyproject.toml are read, in the
// checked directory and in a parent: each is a one-line diagnostic (for
// .gitignore) or a *ConfigError (for pyproject.toml), never a hang or an
// endless read.
func TestSpecialConfigFiles(t *testing.T) {
	kinds := []struct {
		name string
		make func(p string) error
		msg  string
	}{
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }, "not a regular file (a FIFO)"},
		{"zero", func(p string) error { return os.Symlink("/dev/zero", p) }, "a symbolic link, not followed"},
		{"urandom", func(p string) error { return os.Symlink("/dev/urandom", p) }, "a symbolic link, not followed"},
	}
	for _, k := range kinds {
		for _, where := range []string{"repo", "repo/src"} {
			t.Run(".gitignore/"+k.name+"/"+where, func(t *testing.T) {
				dir := t.TempDir()
				writeTree(t, dir, map[string]string{"repo/.git/": "", "repo/src/a.py": ""})
				gi := filepath.Join(dir, where, ".gitignore")
				if err := k.make(gi); err != nil {
					t.Fatal(err)
				}
				within(t, "collect", func() {
					got, diags, err := collect([]string{filepath.Join(dir, "repo/src")}, nil, nil)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) != 1 {
						t.Errorf("targets = %q, want a.py", targetPaths(got))
					}
					if len(diags) != 1 || !strings.HasSuffix(diags[0].Path, ".gitignore") ||
						diags[0].Message != k.msg+"; its patterns are not applied" {
						t.Errorf("diagnostics = %v, want one for %s: %s", diags, gi, k.msg)
					}
				})
			})
		}
		for _, where := range []string{"proj", "."} {
			t.Run("pyproject.toml/"+k.name+"/"+where, func(t *testing.T) {
				dir := t.TempDir()
				writeTree(t, dir, map[string]string{"proj/a.py": ""})
				if err := k.make(filepath.Join(dir, where, "pyproject.toml")); err != nil {
					t.Fatal(err)
				}
				within(t, "FindConfig", func() {
					_, err := FindConfig(filepath.Join(dir, "proj/a.py"))
					var ce *ConfigError
					if !errors.As(err, &ce) || !errors.Is(err, errNotRegular) {
						t.Errorf("FindConfig = %v, want a *ConfigError: not a regular file", err)
					}
				})
			})
		}
	}
}

// TestFindConfigUnreadable: a pyproject.toml that is there but cannot be
// read is an error, not skipped (its settings might have mattered).
func TestFindConfigUnreadable(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"pyproject.toml": "[tool.tmpguard]\nselect = ['TF001']\n", "a.py": ""})
	orig := openFile
	t.Cleanup(func() { openFile = orig })
	openFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	_, err := FindConfig(filepath.Join(dir, "a.py"))
	var ce *ConfigError
	if !errors.As(err, &ce) || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("FindConfig(unreadable) = %v, want a *ConfigError with permission denied", err)
	}
	if _, _, err := Resolve(Flags{Paths: []string{filepath.Join(dir, "a.py")}}); !errors.As(err, new(*UsageError)) {
		t.Errorf("Resolve(unreadable config) = %v, want a *UsageError (exit 2)", err)
	}
}
