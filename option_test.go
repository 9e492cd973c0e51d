package tempfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tmpguard/tempfile"
)

// TestBadInput: every bad input gets an error that names the problem, and
// nothing is left behind.
func TestBadInput(t *testing.T) {
	parent := t.TempDir()
	notDir := filepath.Join(parent, "plain-file")
	must(t, os.WriteFile(notDir, nil, 0o600))
	missing := filepath.Join(parent, "missing")
	for _, tc := range []struct {
		name string
		opts []tempfile.Option
		is   error  // errors.Is target
		says string // in the message
	}{
		{"prefix with separator", []tempfile.Option{tempfile.Prefix("../evil")}, tempfile.ErrInvalidOption, `Prefix("../evil"): contains a path separator`},
		{"suffix with separator", []tempfile.Option{tempfile.Suffix("x/y")}, tempfile.ErrInvalidOption, `Suffix("x/y"): contains a path separator`},
		{"prefix with NUL", []tempfile.Option{tempfile.Prefix("a\x00")}, tempfile.ErrInvalidOption, "NUL"},
		{"InDir with NUL", []tempfile.Option{tempfile.InDir("/tmp\x00/x")}, tempfile.ErrInvalidOption, "InDir(\"/tmp\\x00/x\"): contains a NUL byte"},
		{"group write", []tempfile.Option{tempfile.Perm(0o620)}, tempfile.ErrInvalidOption, "group or other write"},
		{"other write", []tempfile.Option{tempfile.Perm(0o702)}, tempfile.ErrInvalidOption, "group or other write"},
		{"setuid", []tempfile.Option{tempfile.Perm(fs.ModeSetuid | 0o700)}, tempfile.ErrInvalidOption, "only permission bits"},
		{"zero mode", []tempfile.Option{tempfile.Perm(0)}, tempfile.ErrInvalidOption, "owner needs access"},
		{"missing InDir", []tempfile.Option{tempfile.InDir(missing)}, fs.ErrNotExist, "no such file or directory"},
		{"InDir is a file", []tempfile.Option{tempfile.InDir(notDir)}, nil, "not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := append([]tempfile.Option{tempfile.InDir(parent)}, tc.opts...)
			check := func(what string, err error) {
				t.Helper()
				var pe *fs.PathError
				if err == nil || !errors.As(err, &pe) {
					t.Fatalf("%s = %v, want a *fs.PathError", what, err)
				}
				// The error names its path, once.
				if pe.Path == "" || strings.Count(err.Error(), pe.Path) != 1 {
					t.Errorf("%s = %q: want its path named once, got Path %q", what, err, pe.Path)
				}
				if tc.is != nil && !errors.Is(err, tc.is) {
					t.Errorf("%s = %v, want errors.Is %v", what, err, tc.is)
				}
				if !strings.Contains(err.Error(), tc.says) {
					t.Errorf("%s = %q, want it to say %q", what, err, tc.says)
				}
			}
			f, err := tempfile.NewFile(opts...)
			if f != nil {
				f.Close()
			}
			check("NewFile", err)
			a, err := tempfile.New(opts...)
			if a != nil {
				a.Close()
			}
			check("New", err)
			d, err := tempfile.NewDir(opts...)
			if d != nil {
				d.Close()
			}
			check("NewDir", err)
			if names := entries(t, parent); len(names) != 1 || names[0] != "plain-file" {
				t.Errorf("left behind: %q", names)
			}
		})
	}
}

// TestRelativeInDir: a relative InDir is made absolute when the option is
// built, so that cleanup after a chdir still finds the object.
func TestRelativeInDir(t *testing.T) {
	base := t.TempDir()
	t.Chdir(base)
	opt := tempfile.InDir(".")
	d, err := tempfile.NewDir(opt)
	if err != nil {
		t.Fatal(err)
	}
	f, err := tempfile.NewFile(opt)
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(d.Path()) || !filepath.IsAbs(f.Name()) {
		t.Errorf("Path() = %q, Name() = %q; want absolute paths", d.Path(), f.Name())
	}
	t.Chdir(t.TempDir())
	must(t, f.Close())
	must(t, d.Close())
	mustBeEmpty(t, base)
}

func TestDirPermNeedsOwnerRWX(t *testing.T) {
	dir := t.TempDir()
	_, err := tempfile.NewDir(tempfile.InDir(dir), tempfile.Perm(0o600))
	if !errors.Is(err, tempfile.ErrInvalidOption) || !strings.Contains(err.Error(), "owner read, write and search") {
		t.Errorf("NewDir(Perm(0600)) = %v, want ErrInvalidOption about owner rwx", err)
	}
	mustBeEmpty(t, dir)
}

// TestSpooledBadThresholdNamesPath: every *fs.PathError names a path; a
// bad threshold names the directory the object would spill into.
func TestSpooledBadThresholdNamesPath(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int64{0, -1} {
		_, err := tempfile.NewSpooled(n, tempfile.InDir(dir))
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != dir || !errors.Is(err, tempfile.ErrInvalidOption) {
			t.Errorf("NewSpooled(%d) = %v, want an ErrInvalidOption *fs.PathError naming %s", n, err, dir)
		}
	}
}
