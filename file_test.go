package tempfile_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tmpguard/tempfile"
)

func TestNewFileName(t *testing.T) {
	dir := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(dir), tempfile.Prefix("cache-"), tempfile.Suffix(".json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	name := f.Name()
	if filepath.Dir(name) != dir {
		t.Errorf("Name() = %q, want a file in %q", name, dir)
	}
	base := filepath.Base(name)
	random, ok := strings.CutPrefix(base, "cache-")
	random, ok2 := strings.CutSuffix(random, ".json")
	if n := tempfile.RandLen + tempfile.TokenLen; !ok || !ok2 || len(random) != n || strings.Trim(random, tempfile.Alphabet) != "" {
		t.Errorf("base name %q, want cache-<%d chars of %q>.json", base, n, tempfile.Alphabet)
	}
	if f.File.Name() != name {
		t.Errorf("handle name %q != Name() %q", f.File.Name(), name)
	}
}

func TestFileCloseRemoves(t *testing.T) {
	dir := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("data"); err != nil {
		t.Fatal(err)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Fatalf("after NewFile the directory holds %q, want one file", got)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	mustBeEmpty(t, dir)
	if err := f.Close(); err != nil {
		t.Errorf("second Close() = %v, want nil (idempotent)", err)
	}
	if _, err := f.Write([]byte("x")); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Write after Close = %v, want fs.ErrClosed", err)
	}
}

// TestCloseHandleThenProgram is the guide's "close before another program
// reads it", done right: the name stays valid after the handle is closed.
func TestCloseHandleThenProgram(t *testing.T) {
	cat, err := exec.LookPath("cat")
	if err != nil {
		t.Skip("no cat program:", err)
	}
	dir := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("for another program\n")
	if err := f.CloseHandle(); err != nil {
		t.Fatalf("CloseHandle() = %v", err)
	}
	if err := f.CloseHandle(); err != nil {
		t.Errorf("second CloseHandle() = %v, want nil", err)
	}
	out, err := exec.Command(cat, f.Name()).Output()
	if err != nil || string(out) != "for another program\n" {
		t.Fatalf("cat %s = %q, %v; want the data", f.Name(), out, err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	mustBeEmpty(t, dir)
}

func TestKeep(t *testing.T) {
	dir := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("kept")
	path, err := f.Keep()
	if err != nil || path != f.Name() {
		t.Fatalf("Keep() = %q, %v; want %q, nil", path, err, f.Name())
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != "kept" {
		t.Errorf("kept file holds %q, want %q", got, "kept")
	}

	g, _ := tempfile.NewFile(tempfile.InDir(dir))
	g.Close()
	if _, err := g.Keep(); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Keep after Close = %v, want fs.ErrClosed", err)
	}
}

func TestPersist(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "result.txt")
	if err := os.WriteFile(target, []byte("old content"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("new content")
	if err := f.Persist(target); err != nil {
		t.Fatalf("Persist(%q) = %v", target, err)
	}
	if f.Name() != target {
		t.Errorf("Name() after Persist = %q, want %q", f.Name(), target)
	}
	mustBeEmpty(t, dir)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, target); got != "new content" {
		t.Errorf("target holds %q after Close, want %q", got, "new content")
	}
	if fi := stat(t, target); fi.Mode().Perm() != 0o600 {
		t.Errorf("persisted mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestPersistAfterCloseHandle(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out")
	f, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("x")
	f.CloseHandle()
	if err := f.Persist(target); err != nil {
		t.Fatalf("Persist after CloseHandle = %v", err)
	}
	f.Close()
	if got := entries(t, dir); len(got) != 1 || got[0] != "out" {
		t.Errorf("directory holds %q, want only out", got)
	}
}

func TestPersistFailureLeavesFileWithCaller(t *testing.T) {
	dir := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("precious")
	missing := filepath.Join(dir, "no-such-dir", "out")
	err = f.Persist(missing)
	var le *os.LinkError
	if !errors.As(err, &le) || le.Op != "persist" || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Persist(%q) = %v, want *os.LinkError persist matching fs.ErrNotExist", missing, err)
	}
	if got := readFile(t, f.Name()); got != "precious" {
		t.Errorf("after a failed persist the file holds %q, want the data", got)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	mustBeEmpty(t, dir)
}

// TestPersistNoClobber: a free path is taken; anything already at the
// path, a dangling symlink included, makes it fail with fs.ErrExist and
// stays as it was, and the caller keeps the file.
func TestPersistNoClobber(t *testing.T) {
	dir := t.TempDir()
	out := t.TempDir()
	taken := filepath.Join(out, "taken")
	must(t, os.WriteFile(taken, []byte("theirs"), 0o644))
	dangling := filepath.Join(out, "dangling")
	must(t, os.Symlink(filepath.Join(out, "nowhere"), dangling))

	f, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("ours")
	for _, target := range []string{taken, dangling} {
		err := f.PersistNoClobber(target)
		var le *os.LinkError
		if !errors.As(err, &le) || !errors.Is(err, fs.ErrExist) {
			t.Errorf("PersistNoClobber(%s) over an existing entry = %v, want a *os.LinkError matching fs.ErrExist", filepath.Base(target), err)
		}
	}
	if got := readFile(t, taken); got != "theirs" {
		t.Errorf("the existing file holds %q, want it untouched", got)
	}
	if _, err := os.Stat(filepath.Join(out, "nowhere")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the dangling symlink was followed: its target exists (%v)", err)
	}
	if got := readFile(t, f.Name()); filepath.Dir(f.Name()) != dir || got != "ours" {
		t.Errorf("after the refusals the file is %s holding %q, want it in %s with its data", f.Name(), got, dir)
	}

	free := filepath.Join(out, "free")
	if err := f.PersistNoClobber(free); err != nil {
		t.Fatalf("PersistNoClobber to a free path = %v", err)
	}
	if f.Name() != free {
		t.Errorf("Name() = %q, want %q", f.Name(), free)
	}
	must(t, f.Close())
	mustBeEmpty(t, dir)
	if got := readFile(t, free); got != "ours" {
		t.Errorf("persisted file holds %q", got)
	}
}

// TestReopen: a second handle with its own offset on the same file, also
// after CloseHandle; refused once the name leads elsewhere or nowhere.
func TestReopen(t *testing.T) {
	dir := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("hello")
	r, err := f.Reopen()
	if err != nil {
		t.Fatalf("Reopen() = %v", err)
	}
	b, err := io.ReadAll(r) // from its own offset 0, while f is at 5
	if err != nil || string(b) != "hello" {
		t.Errorf("read through the reopened handle: %q, %v; want %q", b, err, "hello")
	}
	r.WriteString(", world")
	must(t, r.Close())
	if got := readFile(t, f.Name()); got != "hello, world" {
		t.Errorf("file holds %q, want both writes", got)
	}

	must(t, f.CloseHandle())
	r, err = f.Reopen()
	if err != nil {
		t.Fatalf("Reopen() after CloseHandle = %v", err)
	}
	must(t, r.Close())

	// Another file renamed over the name: not ours any more.
	other := filepath.Join(dir, "other")
	must(t, os.WriteFile(other, []byte("theirs"), 0o600))
	must(t, os.Rename(other, f.Name()))
	if r, err := f.Reopen(); !errors.Is(err, fs.ErrNotExist) {
		if r != nil {
			r.Close()
		}
		t.Errorf("Reopen() of a replaced file = %v, want fs.ErrNotExist", err)
	}
	// A symlink in its place is never followed.
	must(t, os.Remove(f.Name()))
	must(t, os.Symlink(filepath.Join(dir, "elsewhere"), f.Name()))
	must(t, os.WriteFile(filepath.Join(dir, "elsewhere"), nil, 0o600))
	if r, err := f.Reopen(); err == nil {
		r.Close()
		t.Error("Reopen() followed a symlink put in the file's place")
	}
	must(t, os.Remove(f.Name()))
	if _, err := f.Reopen(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Reopen() of a removed file = %v, want fs.ErrNotExist", err)
	}
	must(t, f.Close())
	if _, err := f.Reopen(); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("Reopen() after Close = %v, want fs.ErrClosed", err)
	}
	// Kept, then closed (with or without CloseHandle first): closed all
	// the same.
	for _, closeHandle := range []bool{false, true} {
		g, err := tempfile.NewFile(tempfile.InDir(dir))
		if err != nil {
			t.Fatal(err)
		}
		kept, err := g.Keep()
		must(t, err)
		if closeHandle {
			must(t, g.CloseHandle())
		}
		must(t, g.Close())
		if r, err := g.Reopen(); !errors.Is(err, fs.ErrClosed) {
			if r != nil {
				r.Close()
			}
			t.Errorf("Reopen() of a kept file after Close (CloseHandle first: %v) = %v, want fs.ErrClosed", closeHandle, err)
		}
		must(t, os.Remove(kept))
	}
}

func TestNewAnonymous(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		name := "O_TMPFILE"
		if fallback {
			name = "fallback"
		}
		t.Run(name, func(t *testing.T) {
			if fallback {
				tempfile.WithoutTmpfile(t)
			}
			dir := t.TempDir()
			f, err := tempfile.New(tempfile.InDir(dir))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			mustBeEmpty(t, dir) // no name, ever visible afterwards
			if _, err := f.WriteString("anonymous"); err != nil {
				t.Fatal(err)
			}
			f.Seek(0, io.SeekStart)
			b, _ := io.ReadAll(f)
			if string(b) != "anonymous" {
				t.Errorf("read back %q, want %q", b, "anonymous")
			}
			fi, err := f.Stat()
			if err != nil || fi.Mode().Perm() != 0o600 || !fi.Mode().IsRegular() {
				t.Errorf("Stat() = %v, %v; want a regular file, mode 0600", fi.Mode(), err)
			}
		})
	}
}

func TestWithFile(t *testing.T) {
	dir := t.TempDir()
	var path string
	errFail := errors.New("fn failed")
	for _, tc := range []struct {
		name string
		fn   func(*tempfile.File) error
		want error
	}{
		{"return", func(f *tempfile.File) error { path = f.Name(); return nil }, nil},
		{"error", func(f *tempfile.File) error { path = f.Name(); return errFail }, errFail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tempfile.WithFile(tc.fn, tempfile.InDir(dir))
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("WithFile = %v, want %v", err, tc.want)
			}
			mustNotExist(t, path)
		})
	}
	t.Run("panic", func(t *testing.T) {
		defer func() {
			if r := recover(); r != "boom" {
				t.Errorf("recovered %v, want the panic to go on", r)
			}
			mustNotExist(t, path)
		}()
		tempfile.WithFile(func(f *tempfile.File) error { path = f.Name(); panic("boom") }, tempfile.InDir(dir))
	})
	t.Run("error identity", func(t *testing.T) {
		if err := tempfile.WithFile(func(*tempfile.File) error { return io.EOF }, tempfile.InDir(dir)); err != io.EOF {
			t.Errorf("WithFile = %#v, want fn's error itself when cleanup succeeds", err)
		}
	})
	t.Run("keep", func(t *testing.T) {
		err := tempfile.WithFile(func(f *tempfile.File) error { path, _ = f.Keep(); return nil }, tempfile.InDir(dir))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("kept file: %v", err)
		}
		os.Remove(path)
	})
	// Only the lock file that records the kept name stays (see Sweep).
	if names := entries(t, dir); len(names) > 0 {
		t.Errorf("%s holds %q, want no objects", dir, names)
	}
}

// TestManyConcurrent: 64 goroutines each make 2,000 objects that all exist
// at once; no two names may collide, and every object is gone afterwards.
func TestManyConcurrent(t *testing.T) {
	const workers, each = 64, 2000
	n := each
	if testing.Short() {
		n = 100
	}
	dir := t.TempDir()
	var (
		mu    sync.Mutex
		names = make(map[string]bool, workers*n)
		files []*tempfile.File
		dirs  []*tempfile.Dir
		wg    sync.WaitGroup
		errs  = make(chan error, workers)
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				var name string
				if (w+i)%4 == 0 {
					d, err := tempfile.NewDir(tempfile.InDir(dir))
					if err != nil {
						errs <- err
						return
					}
					name = d.Path()
					mu.Lock()
					dirs = append(dirs, d)
					mu.Unlock()
				} else {
					f, err := tempfile.NewFile(tempfile.InDir(dir))
					if err != nil {
						errs <- err
						return
					}
					f.CloseHandle() // keep the name, not the descriptor
					name = f.Name()
					mu.Lock()
					files = append(files, f)
					mu.Unlock()
				}
				mu.Lock()
				if names[name] {
					errs <- errors.New("name handed out twice: " + name)
				}
				names[name] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got, want := len(entries(t, dir)), workers*n; got != want || len(names) != want {
		t.Fatalf("%d entries and %d distinct names, want %d", got, len(names), want)
	}
	for _, f := range files {
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range dirs {
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
	mustBeEmpty(t, dir)
}
