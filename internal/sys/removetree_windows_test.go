package sys

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

// withDeleteFallback makes deleteHandle use the classic disposition, as on
// systems or file systems without POSIX deletion, for the test.
func withDeleteFallback(t *testing.T, on bool) {
	t.Helper()
	old := forceDeleteFallback
	forceDeleteFallback = on
	t.Cleanup(func() { forceDeleteFallback = old })
}

// withRemoveHook sets removeHook for the test.
func withRemoveHook(t *testing.T, fn func(event, path string)) {
	t.Helper()
	old := removeHook
	removeHook = fn
	t.Cleanup(func() { removeHook = old })
}

func mustT(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	mustT(t, os.WriteFile(path, []byte(content), 0o600))
}

// tempDir is t.TempDir, removed by RemoveTree: os.RemoveAll, which
// t.TempDir uses, needs POSIX deletion, which Wine lacks.
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "sys-test-")
	mustT(t, err)
	t.Cleanup(func() {
		if err := RemoveTree(PathOf(dir)); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return dir
}

// readOnly sets the read-only attribute of path, a file, a directory or a
// link (not followed).
func readOnly(t testing.TB, path string) {
	t.Helper()
	p, err := windows.UTF16PtrFromString(path)
	mustT(t, err)
	h, err := windows.CreateFile(p, windows.FILE_READ_ATTRIBUTES|windows.FILE_WRITE_ATTRIBUTES, shareAll, nil,
		windows.OPEN_EXISTING, windows.FILE_FLAG_OPEN_REPARSE_POINT|windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer windows.CloseHandle(h)
	attrs, _, err := attributesOf(h)
	mustT(t, err)
	mustT(t, setAttributes(h, attrs|windows.FILE_ATTRIBUTE_READONLY))
	got, _, err := attributesOf(h)
	mustT(t, err)
	if got&windows.FILE_ATTRIBUTE_READONLY == 0 {
		if attrs&windows.FILE_ATTRIBUTE_DIRECTORY != 0 {
			t.Skipf("this file system keeps no read-only attribute on a directory (%s)", path)
		}
		t.Fatalf("%s: not read-only: %#x", path, got)
	}
}

func gone(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s: Lstat = %v, want it gone", path, err)
	}
}

// victim makes a directory outside the tree with files an attacker would
// like removed, and returns a check that they are all there unchanged.
func victim(t *testing.T) (dir string, intact func()) {
	t.Helper()
	dir = filepath.Join(tempDir(t), "victim")
	mustT(t, os.Mkdir(dir, 0o700))
	mustT(t, os.Mkdir(filepath.Join(dir, "sub"), 0o700))
	for _, n := range []string{"a", "b", `sub\c`} {
		writeFile(t, filepath.Join(dir, n), "keep "+n)
	}
	return dir, func() {
		t.Helper()
		for _, n := range []string{"a", "b", `sub\c`} {
			b, err := os.ReadFile(filepath.Join(dir, n))
			if err != nil || string(b) != "keep "+n {
				t.Errorf("outside the tree, %s: %q, %v; want %q untouched", n, b, err, "keep "+n)
			}
		}
	}
}

func TestRemoveTree(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(t *testing.T, root string)
	}{
		{"empty directory", func(t *testing.T, root string) {}},
		{"files and directories", func(t *testing.T, root string) {
			for i := range 5 {
				d := filepath.Join(root, "d"+strconv.Itoa(i), "e")
				mustT(t, os.MkdirAll(d, 0o700))
				for j := range 5 {
					writeFile(t, filepath.Join(d, "f"+strconv.Itoa(j)), "x")
				}
			}
		}},
		{"read-only files", func(t *testing.T, root string) {
			mustT(t, os.MkdirAll(filepath.Join(root, "d", "deeper"), 0o700))
			writeFile(t, filepath.Join(root, "d", "deeper", "f"), "x")
			writeFile(t, filepath.Join(root, "d", "g"), "x")
			readOnly(t, filepath.Join(root, "d", "deeper", "f"))
			readOnly(t, filepath.Join(root, "d", "g"))
		}},
		{"read-only directories", func(t *testing.T, root string) {
			mustT(t, os.MkdirAll(filepath.Join(root, "ro", "deeper"), 0o700))
			writeFile(t, filepath.Join(root, "ro", "deeper", "f"), "x")
			readOnly(t, filepath.Join(root, "ro", "deeper", "f"))
			readOnly(t, filepath.Join(root, "ro", "deeper"))
			readOnly(t, filepath.Join(root, "ro"))
		}},
		{"hidden and system files", func(t *testing.T, root string) {
			f := filepath.Join(root, "hs")
			writeFile(t, f, "x")
			p, _ := windows.UTF16PtrFromString(f)
			mustT(t, windows.SetFileAttributes(p, windows.FILE_ATTRIBUTE_HIDDEN|windows.FILE_ATTRIBUTE_SYSTEM|windows.FILE_ATTRIBUTE_READONLY))
		}},
		{"more entries than one listing holds", func(t *testing.T, root string) {
			for i := range 300 {
				writeFile(t, filepath.Join(root, strings.Repeat("n", 100)+strconv.Itoa(i)), "x")
			}
		}},
	} {
		for _, fallback := range []bool{false, true} {
			t.Run(tc.name+"/fallback="+strconv.FormatBool(fallback), func(t *testing.T) {
				withDeleteFallback(t, fallback)
				parent := tempDir(t)
				root := filepath.Join(parent, "tree")
				mustT(t, os.Mkdir(root, 0o700))
				tc.build(t, root)
				if err := RemoveTree(PathOf(root)); err != nil {
					t.Fatalf("RemoveTree(%q) = %v, want nil", root, err)
				}
				gone(t, root)
			})
		}
	}
}

func TestRemoveTreeRootKinds(t *testing.T) {
	parent := tempDir(t)
	if err := RemoveTree(PathOf(filepath.Join(parent, "missing"))); err != nil {
		t.Errorf("RemoveTree(missing) = %v, want nil", err)
	}
	if err := RemoveTree(PathOf(filepath.Join(parent, "missing", "below"))); err != nil {
		t.Errorf("RemoveTree(below a missing directory) = %v, want nil", err)
	}
	f := filepath.Join(parent, "file")
	writeFile(t, f, "x")
	readOnly(t, f)
	if err := RemoveTree(PathOf(f)); err != nil {
		t.Errorf("RemoveTree(read-only file) = %v, want nil", err)
	}
	gone(t, f)

	// A root that has become a junction: the link goes, not the target.
	outside, intact := victim(t)
	link := filepath.Join(parent, "link")
	junctionOrSkip(t, link, outside)
	if err := RemoveTree(PathOf(link)); err != nil {
		t.Errorf("RemoveTree(junction) = %v, want nil", err)
	}
	gone(t, link)
	intact()
}

// TestRemoveTreeLinks: links inside the tree are removed as links; what
// they point to, outside, is not touched.
func TestRemoveTreeLinks(t *testing.T) {
	outside, intact := victim(t)
	root := filepath.Join(tempDir(t), "tree")
	mustT(t, os.MkdirAll(filepath.Join(root, "d"), 0o700))
	junctionOrSkip(t, filepath.Join(root, "d", "junction"), outside)
	junctionOrSkip(t, filepath.Join(root, "junction-ro"), outside)
	readOnly(t, filepath.Join(root, "junction-ro"))
	// Symlinks need a privilege or developer mode: make them where allowed.
	symlinks := os.Symlink(filepath.Join(outside, "a"), filepath.Join(root, "file-link")) == nil &&
		os.Symlink(outside, filepath.Join(root, "d", "dir-link")) == nil
	if !symlinks {
		t.Log("symlinks cannot be made here: junctions only")
	}
	if err := RemoveTree(PathOf(root)); err != nil {
		t.Fatalf("RemoveTree = %v, want nil", err)
	}
	gone(t, root)
	intact()
}

// TestRemoveTreeSwapAtTheWeakPoints swaps a directory of the tree for a
// junction to a directory outside at the two moments where a removal by
// name would follow it: after the entry is listed and before it is opened,
// and after the directory is opened and before it is listed. Nothing
// outside may change.
func TestRemoveTreeSwapAtTheWeakPoints(t *testing.T) {
	for _, event := range []string{"listed", "opened"} {
		t.Run(event, func(t *testing.T) {
			outside, intact := victim(t)
			tmp := tempDir(t)
			root := filepath.Join(tmp, "tree")
			sub := filepath.Join(root, "sub")
			mustT(t, os.MkdirAll(filepath.Join(sub, "inner"), 0o700))
			writeFile(t, filepath.Join(sub, "a"), "tree's own")
			writeFile(t, filepath.Join(sub, "inner", "c"), "tree's own")
			junctionOrSkip(t, filepath.Join(tmp, "probe"), outside)
			swapped := false
			withRemoveHook(t, func(ev, path string) {
				if ev != event || path != sub || swapped {
					return
				}
				swapped = true
				if err := os.Rename(sub, filepath.Join(tmp, "moved")); err != nil {
					t.Errorf("swap: %v", err)
					return
				}
				if err := makeJunction(sub, outside); err != nil {
					t.Errorf("swap: %v", err)
				}
			})
			err := RemoveTree(PathOf(root))
			if !swapped {
				t.Fatalf("the hook never saw %s %q", event, sub)
			}
			intact()
			if err != nil {
				t.Errorf("RemoveTree = %v, want nil", err)
			}
			gone(t, root)
		})
	}
}

// TestRemoveTreeSwapRace races the removal against another goroutine that
// keeps swapping the tree's directories for junctions to a directory
// outside, as an attacker with write access to the tree would. Errors are
// allowed (an entry may be mid-swap); a change outside is not.
func TestRemoveTreeSwapRace(t *testing.T) {
	outside, intact := victim(t)
	tmp := tempDir(t)
	junctionOrSkip(t, filepath.Join(tmp, "probe"), outside)
	const rounds, dirs, files = 40, 8, 8
	for round := range rounds {
		root := filepath.Join(tmp, "tree"+strconv.Itoa(round))
		for i := range dirs {
			d := filepath.Join(root, "d"+strconv.Itoa(i))
			mustT(t, os.MkdirAll(d, 0o700))
			for j := range files {
				writeFile(t, filepath.Join(d, "f"+strconv.Itoa(j)), "tree's own")
			}
		}
		var stop atomic.Bool
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; !stop.Load(); k++ {
				d := filepath.Join(root, "d"+strconv.Itoa(k%dirs))
				if os.Rename(d, filepath.Join(tmp, "moved"+strconv.Itoa(round)+"-"+strconv.Itoa(k))) == nil {
					makeJunction(d, outside)
				}
			}
		}()
		RemoveTree(PathOf(root))
		stop.Store(true)
		wg.Wait()
		intact()
		if t.Failed() {
			t.Fatalf("round %d: the removal reached outside the tree", round)
		}
		if err := RemoveTree(PathOf(root)); err != nil {
			t.Fatalf("round %d: RemoveTree after the race = %v, want nil", round, err)
		}
		gone(t, root)
	}
}

// TestRemoveTreeErrors: every path that cannot be removed is reported,
// once, with its path; the rest is removed.
func TestRemoveTreeErrors(t *testing.T) {
	root := filepath.Join(tempDir(t), "tree")
	locked := []string{filepath.Join(root, "a", "locked"), filepath.Join(root, "b", "c", "locked")}
	for _, f := range locked {
		mustT(t, os.MkdirAll(filepath.Dir(f), 0o700))
		writeFile(t, f, "x")
	}
	writeFile(t, filepath.Join(root, "a", "free"), "x")
	writeFile(t, filepath.Join(root, "free"), "x")
	var handles []windows.Handle
	for _, f := range locked {
		// Open without FILE_SHARE_DELETE: nobody can delete it meanwhile.
		p, _ := windows.UTF16PtrFromString(f)
		h, err := windows.CreateFile(p, windows.GENERIC_READ, windows.FILE_SHARE_READ, nil, windows.OPEN_EXISTING, 0, 0)
		mustT(t, err)
		handles = append(handles, h)
	}
	err := RemoveTree(PathOf(root))
	for _, h := range handles {
		windows.CloseHandle(h)
	}
	var got []string
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			var pe *fs.PathError
			if !errors.As(e, &pe) || pe.Op != "cleanup" {
				t.Errorf("error %v: want a *fs.PathError with Op cleanup", e)
				continue
			}
			if strings.Count(e.Error(), pe.Path) != 1 {
				t.Errorf("error %q names its path more than once", e)
			}
			got = append(got, pe.Path)
		}
	}
	if strings.Join(got, "|") != strings.Join(locked, "|") {
		t.Errorf("RemoveTree = %v;\nwant one error for each of %q", err, locked)
	}
	gone(t, filepath.Join(root, "a", "free"))
	gone(t, filepath.Join(root, "free"))
	if err := RemoveTree(PathOf(root)); err != nil {
		t.Fatalf("RemoveTree once unlocked = %v, want nil", err)
	}
	gone(t, root)
}

// TestRemoveTreeLongPath removes a tree whose paths are far past MAX_PATH.
func TestRemoveTreeLongPath(t *testing.T) {
	root := filepath.Join(tempDir(t), "tree")
	deep := root
	for i := range 40 {
		deep = filepath.Join(deep, "level-"+strconv.Itoa(i)+"-"+strings.Repeat("x", 20))
	}
	if len(deep) < 1000 {
		t.Fatalf("the tree is only %d bytes deep", len(deep))
	}
	mustT(t, os.MkdirAll(deep, 0o700)) // os adds \\?\ itself
	writeFile(t, filepath.Join(deep, "f"), "x")
	readOnly(t, filepath.Join(deep, "f"))
	if err := RemoveTree(PathOf(root)); err != nil {
		t.Fatalf("RemoveTree = %v, want nil", err)
	}
	gone(t, root)

	// The root itself past MAX_PATH.
	mustT(t, os.MkdirAll(deep, 0o700))
	writeFile(t, filepath.Join(deep, "f"), "x")
	if err := RemoveTree(PathOf(filepath.Dir(deep))); err != nil {
		t.Fatalf("RemoveTree(long root) = %v, want nil", err)
	}
	gone(t, filepath.Dir(deep))
}

func TestMountPointTarget(t *testing.T) {
	for _, tc := range []struct {
		name   string
		buf    []byte
		ok     bool
		volume bool
	}{
		{"junction", mountPointBuffer(`\??\C:\Users\x`, `C:\Users\x`), true, false},
		{"volume", mountPointBuffer(`\??\Volume{0b5c7d3e-1111-2222-3333-444455556666}\`, ``), true, true},
		{"volume, other case", mountPointBuffer(`\??\VOLUME{0b5c7d3e-1111-2222-3333-444455556666}\`, ``), true, true},
		{"truncated", mountPointBuffer(`\??\C:\x`, `C:\x`)[:20], false, false},
		{"short", []byte{3, 0, 0, 0xa0}, false, false},
	} {
		target, ok := mountPointTarget(tc.buf)
		if ok != tc.ok || ok && isVolumeName(target) != tc.volume {
			t.Errorf("%s: mountPointTarget = %q, %v; want ok %v, volume %v", tc.name, windows.UTF16ToString(target), ok, tc.ok, tc.volume)
		}
	}
}

// mkdirAt creates the directory name in the directory open at parent and
// returns a handle on it: relative creation reaches depths that no path
// can name (32,767 characters), as an attacker's can.
func mkdirAt(parent windows.Handle, name string) (windows.Handle, error) {
	n, err := windows.UTF16FromString(name)
	if err != nil {
		return windows.InvalidHandle, err
	}
	n = n[:len(n)-1]
	us := windows.NTUnicodeString{Length: uint16(2 * len(n)), MaximumLength: uint16(2 * len(n)), Buffer: &n[0]}
	oa := windows.OBJECT_ATTRIBUTES{RootDirectory: parent, ObjectName: &us}
	oa.Length = uint32(unsafe.Sizeof(oa))
	var h windows.Handle
	err = windows.NtCreateFile(&h, windows.FILE_LIST_DIRECTORY|fileAddSubdirectory|windows.SYNCHRONIZE,
		&oa, &windows.IO_STATUS_BLOCK{}, nil, windows.FILE_ATTRIBUTE_NORMAL, shareAll, windows.FILE_CREATE,
		windows.FILE_DIRECTORY_FILE|windows.FILE_SYNCHRONOUS_IO_NONALERT, 0, 0)
	return h, ntErrno(err)
}

// TestRemoveTreeDeep removes a tree deeper than any path can name, in
// memory that is a small constant per level.
func TestRemoveTreeDeep(t *testing.T) {
	const name = "level-xxxxxx"
	depth := 3000 // 39,000 characters of path
	if isWine() {
		// Wine keeps a Unix path behind every handle, and a Unix path ends
		// at PATH_MAX (4096 bytes): past it, handles stop working.
		depth = 250
	}
	root := filepath.Join(tempDir(t), "tree")
	mustT(t, os.Mkdir(root, 0o700))
	p, _ := windows.UTF16PtrFromString(root)
	h, err := windows.CreateFile(p, windows.FILE_LIST_DIRECTORY|fileAddSubdirectory, shareAll, nil,
		windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	mustT(t, err)
	for i := range depth {
		sub, err := mkdirAt(h, name)
		windows.CloseHandle(h)
		if err != nil {
			t.Fatalf("making level %d: %v", i, err)
		}
		h = sub
	}
	windows.CloseHandle(h)

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err = RemoveTree(PathOf(root))
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("RemoveTree(%d levels) = %.200v, want nil", depth, err)
	}
	gone(t, root)
	t.Logf("RemoveTree(%d levels) allocated %d bytes", depth, after.TotalAlloc-before.TotalAlloc)
	const perLevel, fixed = 1 << 10, 64 << 10
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(depth*perLevel+fixed) {
		t.Errorf("RemoveTree(%d levels) allocated %d bytes, want at most %d per level", depth, alloc, perLevel)
	}
}

const fileAddSubdirectory = 0x4 // FILE_ADD_SUBDIRECTORY

// isWine reports whether the tests run under Wine, whose ntdll has
// wine_get_version.
func isWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// TestOpenAtOneName: openAt takes one name, never a path, so that no
// middle element can be a link it would follow.
func TestOpenAtOneName(t *testing.T) {
	dir := tempDir(t)
	mustT(t, os.MkdirAll(filepath.Join(dir, "a", "b"), 0o700))
	p, _ := windows.UTF16PtrFromString(dir)
	h, err := windows.CreateFile(p, windows.FILE_LIST_DIRECTORY, shareAll, nil, windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS, 0)
	mustT(t, err)
	defer windows.CloseHandle(h)
	for _, name := range []string{"a", `a\b`, "a/b", `..\` + filepath.Base(dir)} {
		n, _ := windows.UTF16FromString(name)
		sub, err := openAt(h, n[:len(n)-1], windows.FILE_READ_ATTRIBUTES)
		if err == nil {
			windows.CloseHandle(sub)
		}
		if want := name == "a"; (err == nil) != want {
			t.Errorf("openAt(%q) = %v, want success %v", name, err, want)
		}
	}
}
