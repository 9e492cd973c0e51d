package sys

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/windows"
)

func attributes(t *testing.T, path string) uint32 {
	t.Helper()
	p, err := windows.UTF16PtrFromString(path)
	mustT(t, err)
	attrs, err := windows.GetFileAttributes(p)
	mustT(t, err)
	return attrs
}

// createWith makes a file at path with perm through CreateExcl, writes
// content and closes the handle, as File.CloseHandle leaves it.
func createWith(t *testing.T, path string, perm uint32, content string) {
	t.Helper()
	f, err := CreateExcl(PathOf(path), perm, true)
	if err != nil {
		t.Fatalf("CreateExcl(%q, %#o) = %v", path, perm, err)
	}
	if _, err := io.WriteString(f, content); err != nil {
		t.Fatal(err)
	}
	mustT(t, f.Close())
}

// TestSyncPath: a file whose handle is closed can be flushed by name, a
// read-only one too (Persist after CloseHandle of a Perm(0o400) file), and
// the flush changes neither its attributes nor its content.
func TestSyncPath(t *testing.T) {
	dir := tempDir(t)
	for _, perm := range []uint32{0o600, 0o400} {
		t.Run(strconv.FormatUint(uint64(perm), 8), func(t *testing.T) {
			path := filepath.Join(dir, "f"+strconv.FormatUint(uint64(perm), 8))
			createWith(t, path, perm, "data")
			before := attributes(t, path)
			if ro := before&windows.FILE_ATTRIBUTE_READONLY != 0; ro != (perm&0o200 == 0) {
				t.Fatalf("CreateExcl(%#o): attributes %#x", perm, before)
			}
			if err := SyncPath(path); err != nil {
				t.Fatalf("SyncPath(%q) = %v, want nil", path, err)
			}
			if after := attributes(t, path); after != before {
				t.Errorf("SyncPath changed the attributes from %#x to %#x", before, after)
			}
			if b, err := os.ReadFile(path); err != nil || string(b) != "data" {
				t.Errorf("after SyncPath: %q, %v; want %q", b, err, "data")
			}
		})
	}
}

// TestBareErrors: the functions whose callers name the path return the
// system's error without a *fs.PathError around it, so that the path is
// named once.
func TestBareErrors(t *testing.T) {
	missing := filepath.Join(tempDir(t), "missing")
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"SyncPath", SyncPath(missing)},
		{"OpenNoFollow", func() error { _, err := OpenNoFollow(missing, os.O_RDONLY); return err }()},
		{"Remove", Remove(PathOf(missing))},
		{"Mkdir", Mkdir(PathOf(filepath.Join(missing, "d")), 0o700, true)},
		{"CreateExcl", func() error { _, err := CreateExcl(PathOf(filepath.Join(missing, "f")), 0o600, true); return err }()},
		{"RenameNoReplace", RenameNoReplace(missing, missing+"2")},
	} {
		var pe *fs.PathError
		var le *os.LinkError
		if !errors.Is(tc.err, fs.ErrNotExist) || errors.As(tc.err, &pe) || errors.As(tc.err, &le) || strings.Contains(tc.err.Error(), missing) {
			t.Errorf("%s(missing) = %v (%T), want a bare error matching fs.ErrNotExist", tc.name, tc.err, tc.err)
		}
	}
}

// TestNoFollow: SyncPath and OpenNoFollow refuse a link and a directory
// at the name rather than act on what it leads to.
func TestNoFollow(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "target")
	createWith(t, target, 0o600, "target")
	targetDir := filepath.Join(dir, "targetdir")
	mustT(t, os.Mkdir(targetDir, 0o700))
	cases := []struct{ name, path string }{{"directory", targetDir}}
	if os.Symlink(target, filepath.Join(dir, "symlink")) == nil {
		cases = append(cases, struct{ name, path string }{"symlink", filepath.Join(dir, "symlink")})
	} else {
		t.Log("symlinks cannot be made here")
	}
	if makeJunction(filepath.Join(dir, "junction"), targetDir) == nil {
		cases = append(cases, struct{ name, path string }{"junction", filepath.Join(dir, "junction")})
	} else {
		t.Log("junctions cannot be made here")
	}
	for _, tc := range cases {
		if err := SyncPath(tc.path); err == nil {
			t.Errorf("SyncPath(%s) = nil, want an error", tc.name)
		}
		for _, flag := range []int{os.O_RDONLY, os.O_RDWR} {
			f, err := OpenNoFollow(tc.path, flag)
			if err == nil {
				f.Close()
				t.Errorf("OpenNoFollow(%s, %d) = nil error, want one", tc.name, flag)
			} else if !errors.Is(err, syscall.ELOOP) {
				// Windows opens the link itself and says ELOOP; Wine
				// cannot open a link and says it is not found.
				t.Logf("OpenNoFollow(%s, %d) = %v", tc.name, flag, err)
			}
		}
	}
	if b, err := os.ReadFile(target); err != nil || string(b) != "target" {
		t.Errorf("target: %q, %v", b, err)
	}
}

// TestPastMaxPath: every primitive that takes a name works on paths longer
// than MAX_PATH (260), as package os's own functions do.
func TestPastMaxPath(t *testing.T) {
	dir := tempDir(t)
	for i := 0; len(dir) < 400; i++ {
		dir = filepath.Join(dir, strings.Repeat("d", 30)+strconv.Itoa(i))
	}
	mustT(t, os.MkdirAll(dir, 0o700))
	file := filepath.Join(dir, "file")
	createWith(t, file, 0o600, "long")
	ro := filepath.Join(dir, "read-only")
	createWith(t, ro, 0o400, "long")
	for _, p := range []string{file, ro} {
		if err := SyncPath(p); err != nil {
			t.Errorf("SyncPath(long) = %v", err)
		}
	}
	f, err := OpenNoFollow(file, os.O_RDWR)
	if err != nil {
		t.Fatalf("OpenNoFollow(long) = %v", err)
	}
	b, err := io.ReadAll(f)
	f.Close()
	if err != nil || string(b) != "long" {
		t.Errorf("read through OpenNoFollow(long): %q, %v", b, err)
	}
	anon, err := CreateAnon(PathOf(filepath.Join(dir, "anon")), 0o600, true)
	if err != nil {
		t.Errorf("CreateAnon(long) = %v", err)
	} else {
		anon.Close()
	}
	moved := filepath.Join(dir, "moved")
	if err := RenameNoReplace(file, moved); err != nil {
		t.Errorf("RenameNoReplace(long) = %v", err)
	}
	if err := Remove(PathOf(moved)); err != nil {
		t.Errorf("Remove(long) = %v", err)
	}
	sub := filepath.Join(dir, "sub")
	if err := Mkdir(PathOf(sub), 0o700, true); err != nil {
		t.Errorf("Mkdir(long) = %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dir, "anon")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the anonymous file is still there: %v", err)
	}
	if err := RemoveTree(PathOf(dir)); err != nil {
		t.Errorf("RemoveTree(long) = %v", err)
	}
	gone(t, dir)
}
