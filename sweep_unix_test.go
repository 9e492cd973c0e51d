//go:build unix && !aix

package tempfile_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tmpguard/tempfile"
)

// orphans runs a child that makes files and trees in dir and kills it with
// SIGKILL: what it made is left behind. It returns the names that appeared.
func orphans(t *testing.T, dir string, files, trees int) []string {
	t.Helper()
	before := allEntries(t, dir)
	c := startChild(t, "plain", dir, files, trees)
	ws, _ := c.kill(t, syscall.SIGKILL)
	if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child wait status %v, want killed by SIGKILL", ws)
	}
	var added []string
	for _, n := range allEntries(t, dir) {
		if !slices.Contains(before, n) {
			added = append(added, n)
		}
	}
	if len(added) != files+trees+1 {
		t.Fatalf("the child left %d entries, want %d objects and its lock file: %q", len(added), files+trees, added)
	}
	return added
}

// bystanders puts in dir what no sweep may touch, and returns a snapshot
// of it to compare with later.
func bystanders(t *testing.T, dir string) map[string]string {
	t.Helper()
	names := map[string]string{
		"plain.txt":                          "text",
		"tmpabcdefghijklmnopqrstu":           "looks like an object, but no lock file has its token",
		".tmpguard-notes":                    "starts like a lock file",
		"tmpaaaaaaaaaaaaaaaaaa.json":         "alphabet letters only",
		strings.Repeat("z", 30):              "a long run of the alphabet",
		".tmpguard-abcdef.lock.old":          "not a lock file name",
		"UPPERCASEAAAAAAAAAAAAAAAAAAAAAAAAA": "outside the alphabet",
	}
	for n, content := range names {
		must(t, os.WriteFile(filepath.Join(dir, n), []byte(content), 0o600))
	}
	must(t, os.Mkdir(filepath.Join(dir, "subdir"), 0o700))
	must(t, os.Symlink("plain.txt", filepath.Join(dir, "link")))
	return snapshot(t, dir, nil)
}

// snapshot describes every entry of dir not in skip: type, mode, size,
// modification time, content of files.
func snapshot(t *testing.T, dir string, skip map[string]bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range allEntries(t, dir) {
		if skip[n] {
			continue
		}
		fi := stat(t, filepath.Join(dir, n))
		desc := fmt.Sprintf("%v %d %d", fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
		if fi.Mode().IsRegular() {
			desc += " " + readFile(t, filepath.Join(dir, n))
		}
		out[n] = desc
	}
	return out
}

func sweep(t *testing.T, dir string, opt tempfile.SweepOptions) *tempfile.SweepReport {
	t.Helper()
	rep, err := tempfile.Sweep(dir, opt)
	if err != nil {
		t.Fatalf("Sweep(%s, %+v) = %v", dir, opt, err)
	}
	return rep
}

func join(dir string, names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, filepath.Join(dir, n))
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestSweepAfterSIGKILL: a child makes 100 files and 10 trees (half with a
// read-only subdirectory) and dies of SIGKILL; Sweep removes all of it,
// its lock file last, and nothing else. 50 times over.
func TestSweepAfterSIGKILL(t *testing.T) {
	rounds := 50
	if testing.Short() {
		rounds = 5
	}
	dir := t.TempDir()
	want := bystanders(t, dir)
	for i := range rounds {
		left := orphans(t, dir, 100, 10)
		rep := sweep(t, dir, tempfile.SweepOptions{})
		if got := sorted(rep.Removed); !reflect.DeepEqual(got, join(dir, left)) {
			t.Fatalf("round %d: Sweep removed %d entries, want the child's %d: %q", i, len(got), len(left), got)
		}
		if !strings.HasPrefix(filepath.Base(rep.Removed[len(rep.Removed)-1]), ".tmpguard-") {
			t.Errorf("round %d: the lock file was not removed last: %q", i, rep.Removed[len(rep.Removed)-3:])
		}
		if len(rep.Skipped) != 0 || len(rep.Errors) != 0 || rep.Bytes <= 0 {
			t.Errorf("round %d: skipped %v, errors %v, bytes %d", i, rep.Skipped, rep.Errors, rep.Bytes)
		}
		if got := snapshot(t, dir, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: the directory now holds\n%v\nwant only the bystanders, untouched:\n%v", i, got, want)
		}
	}
}

// TestSweepLiveOwner: while the child lives, Sweep takes none of its
// objects; the child then closes them all normally.
func TestSweepLiveOwner(t *testing.T) {
	dir := t.TempDir()
	c := startChild(t, "close-on-input", dir, 20, 4)
	before := snapshot(t, dir, nil)
	rep := sweep(t, dir, tempfile.SweepOptions{})
	if len(rep.Removed) != 0 || rep.Live != 24 {
		t.Errorf("Sweep with a live owner removed %q, counted %d live, want nothing removed and 24 live", rep.Removed, rep.Live)
	}
	if got := snapshot(t, dir, nil); !reflect.DeepEqual(got, before) {
		t.Errorf("Sweep with a live owner changed the directory")
	}
	fmt.Fprintln(c.stdin, "close")
	if line := c.line(t); line != "closed" {
		t.Fatalf("child said %q, want closed", line)
	}
	c.cmd.Wait()
	mustBeEmpty(t, dir)
}

// TestSweepLeaves: orphans that must stay all the same: a file someone
// holds a flock on, and as root a file of another user; and a symlink in
// an orphaned tree does not lead the removal outside. (Kept files:
// TestSweepKept; another user's file as an ordinary user:
// TestSweepOtherUser.)
func TestSweepLeaves(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	left := orphans(t, dir, 4, 2)
	var files, trees []string
	for _, n := range left {
		switch fi := stat(t, filepath.Join(dir, n)); {
		case strings.HasPrefix(n, ".tmpguard-"):
		case fi.IsDir():
			trees = append(trees, n)
		default:
			files = append(files, n)
		}
	}
	// A symlink in an orphaned tree, to a file outside it.
	target := filepath.Join(outside, "precious")
	must(t, os.WriteFile(target, []byte("keep me"), 0o600))
	must(t, os.Symlink(target, filepath.Join(dir, trees[0], "a", "link")))
	must(t, os.Symlink(outside, filepath.Join(dir, trees[0], "dirlink")))
	// A file someone holds a flock on.
	locked, err := os.Open(filepath.Join(dir, files[0]))
	must(t, err)
	defer locked.Close()
	must(t, unix.Flock(int(locked.Fd()), unix.LOCK_SH))
	// A file of another user, when root can make one.
	other := ""
	if os.Geteuid() == 0 {
		nobody, err := user.Lookup("nobody")
		must(t, err)
		uid, _ := strconv.Atoi(nobody.Uid)
		must(t, os.Lchown(filepath.Join(dir, files[1]), uid, -1))
		other = files[1]
	}

	rep := sweep(t, dir, tempfile.SweepOptions{})
	if readFile(t, target) != "keep me" {
		t.Errorf("the file a symlink in an orphaned tree pointed at changed")
	}
	if _, err := os.Stat(filepath.Join(outside, "precious")); err != nil {
		t.Errorf("outside file: %v", err)
	}
	mustNotExist(t, filepath.Join(dir, trees[0]))
	stat(t, filepath.Join(dir, files[0]))
	reasons := map[string]string{}
	for _, s := range rep.Skipped {
		reasons[filepath.Base(s.Path)] = s.Reason
	}
	if !strings.Contains(reasons[files[0]], "flock") {
		t.Errorf("the flocked file: skipped as %q, want a flock reason (report %+v)", reasons[files[0]], rep)
	}
	if other != "" {
		stat(t, filepath.Join(dir, other))
		if !strings.Contains(reasons[other], "another user") {
			t.Errorf("the file of another user: skipped as %q", reasons[other])
		}
	}
	// The lock file stays while some of its objects do.
	lock := left[0]
	if !strings.HasPrefix(lock, ".tmpguard-") {
		t.Fatalf("first name %q is not the lock file", lock)
	}
	stat(t, filepath.Join(dir, lock))
	// Once the lock is gone and the other user's file is ours again, a
	// second sweep takes the rest.
	locked.Close()
	if other != "" {
		must(t, os.Lchown(filepath.Join(dir, other), os.Geteuid(), -1))
	}
	sweep(t, dir, tempfile.SweepOptions{})
	mustBeEmpty(t, dir)
}

// TestSweepKept: a name the dead owner kept is not taken, and its lock
// file stays as the record while the kept object exists.
func TestSweepKept(t *testing.T) {
	dir := t.TempDir()
	c := startChild(t, "keep-one", dir, 3, 0)
	kept := c.line(t)
	c.kill(t, syscall.SIGKILL)
	rep := sweep(t, dir, tempfile.SweepOptions{})
	if len(rep.Removed) != 2 || slices.Contains(rep.Removed, kept) {
		t.Errorf("Sweep removed %q, want the 2 files not kept", rep.Removed)
	}
	stat(t, kept)
	if n := len(allEntries(t, dir)); n != 2 {
		t.Errorf("directory holds %d entries, want the kept file and its lock file", n)
	}
	must(t, os.Remove(kept))
	rep = sweep(t, dir, tempfile.SweepOptions{})
	if len(rep.Removed) != 1 {
		t.Errorf("with the kept file gone, Sweep removed %q, want the lock file", rep.Removed)
	}
	mustBeEmpty(t, dir)
}

// TestSweepSwapped: an entry replaced between the scan and the removal
// (by a file, a directory or a symlink) is not removed, nor is what took
// its place.
func TestSweepSwapped(t *testing.T) {
	for _, with := range []string{"file", "symlink", "dir"} {
		t.Run(with, func(t *testing.T) {
			dir, outside := t.TempDir(), t.TempDir()
			left := orphans(t, dir, 2, 1)
			target := filepath.Join(outside, "target")
			must(t, os.WriteFile(target, []byte("target"), 0o600))
			swapped := ""
			tempfile.WithSweepHook(t, func(name string) {
				p := filepath.Join(dir, name)
				if swapped != "" || stat(t, p).IsDir() {
					return
				}
				swapped = name
				tmp := filepath.Join(outside, "new")
				switch with {
				case "file":
					must(t, os.WriteFile(tmp, []byte("new"), 0o600))
				case "symlink":
					must(t, os.Symlink(target, tmp))
				case "dir":
					must(t, os.Mkdir(tmp, 0o700))
				}
				// A rename within one filesystem: dir and outside are both
				// in the test's temporary directory.
				if with == "dir" {
					must(t, os.Remove(p))
				}
				must(t, os.Rename(tmp, p))
			})
			rep := sweep(t, dir, tempfile.SweepOptions{})
			if swapped == "" {
				t.Fatal("the hook never ran")
			}
			if slices.Contains(rep.Removed, filepath.Join(dir, swapped)) {
				t.Errorf("Sweep removed %s, swapped for a %s after the scan", swapped, with)
			}
			fi := stat(t, filepath.Join(dir, swapped))
			if (with == "symlink") != (fi.Mode()&fs.ModeSymlink != 0) || (with == "dir") != fi.IsDir() {
				t.Errorf("what took the entry's place changed: %v", fi.Mode())
			}
			if readFile(t, target) != "target" {
				t.Errorf("the symlink's target changed")
			}
			if len(rep.Removed) != len(left)-2 { // all but the swapped entry and the lock file
				t.Errorf("Sweep removed %q, want the other %d objects", rep.Removed, len(left)-2)
			}
			found := false
			for _, s := range rep.Skipped {
				found = found || filepath.Base(s.Path) == swapped && strings.Contains(s.Reason, "replaced")
			}
			if !found {
				t.Errorf("the swapped entry is not reported as replaced: %+v", rep.Skipped)
			}
		})
	}
}

// TestSweepDryRun: a dry run removes nothing and reports exactly what the
// real run then removes, with entries that must stay in the mix.
func TestSweepDryRun(t *testing.T) {
	dir := t.TempDir()
	bystanders(t, dir)
	left := orphans(t, dir, 30, 6)
	left = append(left, orphans(t, dir, 5, 1)...)
	locked, err := os.Open(filepath.Join(dir, left[3]))
	must(t, err)
	defer locked.Close()
	must(t, unix.Flock(int(locked.Fd()), unix.LOCK_EX))
	live := startChild(t, "close-on-input", dir, 3, 1)
	before := snapshot(t, dir, nil)
	dry := sweep(t, dir, tempfile.SweepOptions{DryRun: true})
	if got := snapshot(t, dir, nil); !reflect.DeepEqual(got, before) {
		t.Fatalf("a dry run changed the directory")
	}
	real := sweep(t, dir, tempfile.SweepOptions{})
	if !reflect.DeepEqual(dry.Removed, real.Removed) || dry.Bytes != real.Bytes || !reflect.DeepEqual(dry.Skipped, real.Skipped) || dry.Live != real.Live {
		t.Errorf("dry run:\n%+v\nreal run:\n%+v", dry, real)
	}
	if len(real.Removed) != len(left)-2 || real.Live != 4 || len(real.Skipped) != 1 {
		t.Errorf("removed %d, live %d, skipped %v; want %d removed, 4 live, the flocked file skipped", len(real.Removed), real.Live, real.Skipped, len(left)-2)
	}
	fmt.Fprintln(live.stdin, "close")
	live.line(t)
}

// TestSweepUnknownOwner: a lock file from another boot says nothing of its
// owner: its objects stay unless OlderThan lets their age decide.
func TestSweepUnknownOwner(t *testing.T) {
	dir := t.TempDir()
	left := orphans(t, dir, 3, 1)
	lock := filepath.Join(dir, left[0])
	content := readFile(t, lock)
	i := strings.Index(content, "\nboot ")
	j := strings.Index(content[i+1:], "\n")
	must(t, os.WriteFile(lock, []byte(content[:i]+"\nboot 00000000-another-boot"+content[i+1+j:]), 0o600))

	rep := sweep(t, dir, tempfile.SweepOptions{})
	if len(rep.Removed) != 0 || len(rep.Skipped) != 4 {
		t.Errorf("without OlderThan: removed %q, skipped %d; want nothing removed, 4 skipped", rep.Removed, len(rep.Skipped))
	}
	rep = sweep(t, dir, tempfile.SweepOptions{OlderThan: time.Hour})
	if len(rep.Removed) != 0 {
		t.Errorf("OlderThan 1h removed %q, all younger", rep.Removed)
	}
	time.Sleep(10 * time.Millisecond)
	rep = sweep(t, dir, tempfile.SweepOptions{OlderThan: time.Millisecond})
	if len(rep.Removed) != 5 {
		t.Errorf("OlderThan 1ms removed %q, want the 4 objects and the lock file", rep.Removed)
	}
	mustBeEmpty(t, dir)
}

// TestSweepTogether: Sweep takes no lock on the directory, so a flock
// held on it (anyone who can read a directory may take one) stops no
// sweep; and sweeps that run at once share the orphans out: each object
// and lock file is removed by exactly one of them, none fails, nothing
// else is touched.
func TestSweepTogether(t *testing.T) {
	dir := t.TempDir()
	want := bystanders(t, dir)
	d, err := os.Open(dir)
	must(t, err)
	defer d.Close()
	must(t, unix.Flock(int(d.Fd()), unix.LOCK_EX))
	var left []string
	for range 6 {
		left = append(left, orphans(t, dir, 20, 2)...)
	}
	const sweeps = 4
	reps := make([]*tempfile.SweepReport, sweeps)
	errs := make([]error, sweeps)
	var wg sync.WaitGroup
	for i := range sweeps {
		wg.Go(func() { reps[i], errs[i] = tempfile.Sweep(dir, tempfile.SweepOptions{}) })
	}
	wg.Wait()
	var removed []string
	for i, rep := range reps {
		if errs[i] != nil {
			t.Fatalf("sweep %d of %d at once: %v", i, sweeps, errs[i])
		}
		if len(rep.Skipped) != 0 {
			t.Errorf("sweep %d skipped %+v", i, rep.Skipped)
		}
		removed = append(removed, rep.Removed...)
	}
	if got, want := sorted(removed), join(dir, left); !slices.Equal(got, want) {
		t.Errorf("%d sweeps at once removed %d paths (each must go once):\n%q\nwant the %d orphans and lock files:\n%q", sweeps, len(got), got, len(want), want)
	}
	if got := snapshot(t, dir, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("after the sweeps the directory holds\n%v\nwant the bystanders only\n%v", got, want)
	}
	// A dry run takes no lock either (df counts orphans with it).
	if _, err := tempfile.Sweep(dir, tempfile.SweepOptions{DryRun: true}); err != nil {
		t.Errorf("dry run of a flocked directory = %v, want it to go on", err)
	}
	if _, err := tempfile.Sweep(filepath.Join(dir, "missing"), tempfile.SweepOptions{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Sweep of a missing directory = %v, want fs.ErrNotExist", err)
	}
}

// TestSweepOtherUser: an orphan chowned to another user stays; run as
// root, which alone can give a file away.
func TestSweepOtherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: only root can give a file to another user (TestSweepLeaves covers the rest)")
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Skipf("no user nobody: %v", err)
	}
	uid, _ := strconv.Atoi(nobody.Uid)
	dir := t.TempDir()
	left := orphans(t, dir, 2, 0)
	theirs := filepath.Join(dir, left[1])
	must(t, os.Lchown(theirs, uid, -1))
	rep := sweep(t, dir, tempfile.SweepOptions{})
	if len(rep.Removed) != 1 || rep.Removed[0] != filepath.Join(dir, left[2]) {
		t.Errorf("Sweep removed %q, want only %s", rep.Removed, left[2])
	}
	if fi := stat(t, theirs); fi.Sys().(*syscall.Stat_t).Uid != uint32(uid) {
		t.Errorf("the other user's file changed owner")
	}
	if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "another user") {
		t.Errorf("skipped %+v, want the other user's file, saying so", rep.Skipped)
	}
}

// TestSweepDotPrefix: objects whose prefix starts like a lock file's name
// (tmpguard doctor's ".tmpguard-doctor.") are objects all the same.
func TestSweepDotPrefix(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TEMPFILE_TEST_PREFIX", ".tmpguard-doctor.")
	left := orphans(t, dir, 3, 0)
	rep := sweep(t, dir, tempfile.SweepOptions{})
	if got := sorted(rep.Removed); !reflect.DeepEqual(got, join(dir, left)) {
		t.Errorf("Sweep removed %q, want all of %q", got, left)
	}
	mustBeEmpty(t, dir)
}

// TestSweepNewLock: a lock file under its temporary name whose flock is
// free is its dead maker's only once it is old enough; a fresh one may be
// in the moment between its maker's create and flock, and stays.
func TestSweepNewLock(t *testing.T) {
	dir := t.TempDir()
	name := ".tmpguard-" + strings.Repeat(tempfile.Alphabet[:1], 6) + ".lock.new"
	must(t, os.WriteFile(filepath.Join(dir, name), nil, 0o600))

	rep := sweep(t, dir, tempfile.SweepOptions{})
	stat(t, filepath.Join(dir, name))
	if len(rep.Removed) != 0 {
		t.Errorf("a fresh lock file being made: removed %q", rep.Removed)
	}

	tempfile.WithNewLockGrace(t, 10*time.Millisecond)
	time.Sleep(20 * time.Millisecond)
	rep = sweep(t, dir, tempfile.SweepOptions{})
	mustNotExist(t, filepath.Join(dir, name))
	if len(rep.Removed) != 1 {
		t.Errorf("an old lock file left being made: removed %q, want it", rep.Removed)
	}
}
