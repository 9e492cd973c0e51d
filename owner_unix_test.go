//go:build unix && !aix

package tempfile_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tmpguard/tempfile"
)

// tokenOf returns the owner token in the name of an object made with the
// default prefix and no suffix.
func tokenOf(t *testing.T, path string) string {
	t.Helper()
	base := filepath.Base(path)
	if len(base) != 3+tempfile.RandLen+tempfile.TokenLen {
		t.Fatalf("%s: not prefix + random part + owner token", base)
	}
	return base[3+tempfile.RandLen:]
}

// flockFree reports whether an exclusive flock on path can be taken now.
func flockFree(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if err != nil && err != unix.EWOULDBLOCK {
		t.Fatal(err)
	}
	return err == nil
}

// TestOwnerLockFile: while a File or Dir is live, its directory holds the
// lock file of the token in its name, locked, saying who the owner is;
// once the last object is closed the lock file is gone.
func TestOwnerLockFile(t *testing.T) {
	dir := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(dir))
	must(t, err)
	d, err := tempfile.NewDir(tempfile.InDir(dir))
	must(t, err)
	tok := tokenOf(t, f.Name())
	if tokenOf(t, d.Path()) != tok {
		t.Errorf("a File and a Dir in one directory carry different tokens: %s, %s", f.Name(), d.Path())
	}
	lock := filepath.Join(dir, ".tmpguard-"+tok+".lock")
	fi := stat(t, lock)
	if fi.Mode() != 0o600 {
		t.Errorf("lock file mode %v, want 0600", fi.Mode())
	}
	if flockFree(t, lock) {
		t.Errorf("the lock file of a live owner is not locked")
	}
	content := readFile(t, lock)
	for _, want := range []string{"tmpguard-owner 1\n", "\npid " + strconv.Itoa(os.Getpid()) + "\n", "\nboot "} {
		if !strings.Contains(content, want) {
			t.Errorf("lock file lacks %q:\n%s", want, content)
		}
	}
	if boot, err := os.ReadFile("/proc/sys/kernel/random/boot_id"); err == nil && !strings.Contains(content, "boot "+strings.TrimSpace(string(boot))+"\n") {
		t.Errorf("lock file does not hold the boot ID %s:\n%s", boot, content)
	}
	must(t, f.Close())
	if _, err := os.Lstat(lock); err != nil {
		t.Errorf("lock file gone while the Dir is live: %v", err)
	}
	must(t, d.Close())
	mustBeEmpty(t, dir)
}

// TestOwnerLockKept: Keep records the name in the lock file, which stays,
// unlocked, once the owner has no live object there.
func TestOwnerLockKept(t *testing.T) {
	dir := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(dir))
	must(t, err)
	lock := filepath.Join(dir, ".tmpguard-"+tokenOf(t, f.Name())+".lock")
	d, err := tempfile.NewDir(tempfile.InDir(dir))
	must(t, err)
	kept, err := f.Keep()
	must(t, err)
	must(t, f.Close())
	if !strings.Contains(readFile(t, lock), "kept \""+filepath.Base(kept)+"\"\n") {
		t.Errorf("lock file does not record %s as kept:\n%s", kept, readFile(t, lock))
	}
	if flockFree(t, lock) {
		t.Errorf("the lock file is unlocked while the Dir is live")
	}
	keptDir := d.Keep()
	tempfile.DropIdleOwners()
	if !flockFree(t, lock) {
		t.Errorf("the lock file is still locked with no live object")
	}
	if !strings.Contains(readFile(t, lock), "kept \""+filepath.Base(keptDir)+"\"\n") {
		t.Errorf("lock file does not record %s as kept:\n%s", keptDir, readFile(t, lock))
	}
	// A new object takes a new token: the record is left as it is.
	g, err := tempfile.NewFile(tempfile.InDir(dir))
	must(t, err)
	defer g.Close()
	if tokenOf(t, g.Name()) == tokenOf(t, f.Name()) {
		t.Errorf("a token whose lock file records kept names was taken again")
	}
}

// TestNewFallbackMarked: the create-and-unlink fallback of New names the
// file with the owner mark for the moment it has a name, so that a
// leftover (a SIGKILL between the two calls) can be told ours: a file
// planted at the marked name makes it take the next one.
func TestNewFallbackMarked(t *testing.T) {
	dir := t.TempDir()
	live, err := tempfile.NewFile(tempfile.InDir(dir)) // keeps the token
	must(t, err)
	defer live.Close()
	tok := tokenOf(t, live.Name())
	first, second := strings.Repeat("a", tempfile.RandLen), strings.Repeat("b", tempfile.RandLen)
	tempfile.WithNames(t, first, second)
	tempfile.WithoutTmpfile(t)
	planted := filepath.Join(dir, "tmp"+first+tok)
	must(t, os.WriteFile(planted, []byte("planted"), 0o600))
	f, err := tempfile.New(tempfile.InDir(dir))
	must(t, err)
	defer f.Close()
	if f.Name() != filepath.Join(dir, "tmp"+second+tok) {
		t.Errorf("the fallback's name was %s, want the second marked name", f.Name())
	}
	if readFile(t, planted) != "planted" {
		t.Errorf("the planted file changed")
	}
	if names := entries(t, dir); len(names) != 2 {
		t.Errorf("directory holds %q, want the live file and the planted one", names)
	}
}

// lockFiles lists the lock files in dir, without dropping lingering ones.
func lockFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	must(t, err)
	var locks []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmpguard-") {
			locks = append(locks, e.Name())
		}
	}
	return locks
}

// TestOwnerLockLingers: a few objects made one after another leave no
// lock file; a directory that churns keeps one, still locked, until it is
// idle for a while, and CleanupAll removes it at once.
func TestOwnerLockLingers(t *testing.T) {
	churn := func(dir string, n int) {
		for range n {
			f, err := tempfile.NewFile(tempfile.InDir(dir))
			must(t, err)
			must(t, f.Close())
		}
	}
	dir := t.TempDir()
	churn(dir, 3)
	if locks := lockFiles(t, dir); len(locks) != 0 {
		t.Errorf("after 3 objects one after another: lock files %q, want none", locks)
	}
	churn(dir, 100)
	locks := lockFiles(t, dir)
	if len(locks) != 1 {
		t.Fatalf("after 100 objects in a row: lock files %q, want one lingering", locks)
	}
	if flockFree(t, filepath.Join(dir, locks[0])) {
		t.Errorf("the lingering lock file is not locked")
	}
	must(t, tempfile.CleanupAll())
	if locks := lockFiles(t, dir); len(locks) != 0 {
		t.Errorf("after CleanupAll: lock files %q, want none", locks)
	}
	// Left alone, the lingering lock file goes by itself once the
	// directory has been idle for a second.
	churn(dir, 100)
	deadline := time.Now().Add(time.Minute)
	for len(lockFiles(t, dir)) != 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if locks := lockFiles(t, dir); len(locks) != 0 {
		t.Errorf("a minute after the last object: lock files %q, want none", locks)
	}
}
