package tempfile_test

// The adversarial suite: each test attacks the library as another process
// would (the same user in another goroutine or process, or another local
// user), bounded in iterations, and checks that nothing outside the
// object changes. docs/SECURITY.md says which guarantee each one proves.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/tmpguard/tempfile"
	"github.com/tmpguard/tempfile/internal/sys"
	"golang.org/x/sys/unix"
)

const (
	victimUID   = 65534 // nobody
	attackerUID = 65533 // no name needed: a credential is a number
)

// role is what this test process is when a test re-ran the binary as
// another user: "" (the test itself), "victim" or "attacker".
func role() string { return os.Getenv("TEMPFILE_TEST_ROLE") }

// testBinary copies the test binary where other users can run it (it sits
// in a private directory) and returns its path and a directory shared by
// all users (mode 0777, not sticky: the hostile kind).
func testBinary(t *testing.T) (bin, shared string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	must(t, os.Chmod(base, 0o755))
	must(t, os.Chmod(filepath.Dir(base), 0o755))
	bin = filepath.Join(base, "tempfile.test")
	in, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(out, in)
	in.Close()
	must(t, errors.Join(err, out.Close()))
	shared = filepath.Join(base, "shared")
	must(t, os.Mkdir(shared, 0o777))
	must(t, os.Chmod(shared, 0o777))
	return bin, shared
}

// command runs the test name of bin as uid, in role, with env added, and
// a private TMPDIR that uid owns.
func command(t *testing.T, bin string, uid int, name, role string, env ...string) *exec.Cmd {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(bin), role+"-tmp")
	must(t, os.Mkdir(tmp, 0o700))
	must(t, os.Chown(tmp, uid, uid))
	cmd := exec.Command(bin, "-test.run=^"+name+"$", "-test.v", "-test.count=1")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), append(env, "TEMPFILE_TEST_ROLE="+role, "TEMPFILE_TEST_UNPRIVILEGED=1",
		"TMPDIR="+tmp, "HOME="+tmp, "GOCOVERDIR=")...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(uid)}}
	return cmd
}

// asVictim re-runs the test as an unprivileged user when it runs as root
// (root ignores permissions, so the attacks need an ordinary victim) and
// reports whether the caller is that re-run, which does the work.
func asVictim(t *testing.T, name string) bool {
	t.Helper()
	if os.Geteuid() != 0 {
		return true
	}
	if role() != "" {
		t.Fatal("still root")
	}
	bin, _ := testBinary(t)
	out, err := command(t, bin, victimUID, name, "victim").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+name) {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	t.Logf("as nobody:\n%s", out)
	return false
}

// secretFile makes a private file outside any tree under attack and
// returns a check that it is unchanged: mode, contents, existence.
func secretFile(t *testing.T) (path string, unchanged func() error) {
	t.Helper()
	dir := t.TempDir()
	path = filepath.Join(dir, "secret")
	must(t, os.WriteFile(path, []byte("the owner's secret"), 0o600))
	return path, func() error {
		fi, err := os.Lstat(path)
		if err != nil {
			return fmt.Errorf("the file outside the tree: %v", err)
		}
		if fi.Mode() != 0o600 {
			return fmt.Errorf("the file outside the tree has mode %v now, want -rw-------", fi.Mode())
		}
		if b, err := os.ReadFile(path); err != nil || string(b) != "the owner's secret" {
			return fmt.Errorf("the file outside the tree holds %q (%v) now", b, err)
		}
		return nil
	}
}

// exchangeLoop swaps the names a and b of dir (renameat2 RENAME_EXCHANGE)
// until stop is set, making b a symlink to target whenever it is missing.
func exchangeLoop(dir, a, b, target string, stop *atomic.Bool) (swaps int) {
	for !stop.Load() {
		os.Symlink(target, filepath.Join(dir, b))
		if unix.Renameat2(unix.AT_FDCWD, filepath.Join(dir, a), unix.AT_FDCWD, filepath.Join(dir, b), unix.RENAME_EXCHANGE) == nil {
			swaps++
		}
	}
	return swaps
}

// TestAdversarialDirCloseSwapSameUser: another goroutine of the same user
// exchanges an unreadable directory of the tree, which Close must make
// readable, with a symlink to a file outside, thousands of times: the file
// outside never changes.
func TestAdversarialDirCloseSwapSameUser(t *testing.T) {
	if !asVictim(t, "TestAdversarialDirCloseSwapSameUser") {
		return
	}
	secret, unchanged := secretFile(t)
	const rounds = 3000
	var stop atomic.Bool
	var current atomic.Pointer[string]
	var busy sync.Mutex // held for each exchange, so that the test can wait one out
	done := make(chan int)
	go func() {
		swaps := 0
		for !stop.Load() {
			busy.Lock()
			if p := current.Load(); p != nil {
				os.Symlink(secret, filepath.Join(*p, "y"))
				if unix.Renameat2(unix.AT_FDCWD, filepath.Join(*p, "x"), unix.AT_FDCWD, filepath.Join(*p, "y"), unix.RENAME_EXCHANGE) == nil {
					swaps++
				}
			}
			busy.Unlock()
		}
		done <- swaps
	}()
	for i := range rounds {
		d, err := tempfile.NewDir()
		if err != nil {
			t.Fatal(err)
		}
		must(t, os.Mkdir(d.Join("x"), 0o700))
		must(t, os.WriteFile(d.Join("x", "f"), nil, 0o600))
		must(t, os.Chmod(d.Join("x"), 0o000))
		p := d.Path()
		current.Store(&p)
		d.Close() // may fail when the swap hides x from the reading: the check is below
		current.Store(nil)
		busy.Lock() // no exchange under way now
		busy.Unlock()
		if err := d.Close(); err != nil {
			t.Fatalf("round %d: Close again, without an attacker: %v", i, err)
		}
		if err := unchanged(); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
	}
	stop.Store(true)
	swaps := <-done
	t.Logf("%d rounds, %d exchanges", rounds, swaps)
	if swaps == 0 {
		t.Fatal("the attacker never swapped: the test proves nothing")
	}
}

// TestAdversarialDirCloseSwapOtherUser: the owner made a directory of its
// tree writable by all (the tree's root is 0711, so others can reach it);
// another user exchanges an unreadable directory of the owner's in it with
// a symlink to the owner's private file, while the owner removes the tree,
// thousands of times. The owner's file never changes.
func TestAdversarialDirCloseSwapOtherUser(t *testing.T) {
	switch role() {
	case "victim":
		victimOtherUser(t)
		return
	case "attacker":
		dir := os.Getenv("TEMPFILE_TEST_DIR")
		var stop atomic.Bool
		go func() {
			for {
				if _, err := os.Stat(filepath.Join(dir, "stop")); err == nil {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			stop.Store(true)
		}()
		target, _ := os.ReadFile(filepath.Join(dir, "target"))
		for len(target) == 0 && !stop.Load() {
			time.Sleep(time.Millisecond)
			target, _ = os.ReadFile(filepath.Join(dir, "target"))
		}
		paths := strings.Split(string(target), "\n")
		swaps := exchangeLoop(paths[0], "x", "y", paths[1], &stop)
		fmt.Printf("attacker: %d exchanges\n", swaps)
		if swaps == 0 {
			t.Fatal("no exchange succeeded")
		}
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root, to run the owner and the attacker as two other users")
	}
	bin, shared := testBinary(t)
	attacker := command(t, bin, attackerUID, "TestAdversarialDirCloseSwapOtherUser", "attacker", "TEMPFILE_TEST_DIR="+shared)
	var aout strings.Builder
	attacker.Stdout, attacker.Stderr = &aout, &aout
	must(t, attacker.Start())
	victim := command(t, bin, victimUID, "TestAdversarialDirCloseSwapOtherUser", "victim", "TEMPFILE_TEST_DIR="+shared)
	vout, verr := victim.CombinedOutput()
	os.WriteFile(filepath.Join(shared, "stop"), nil, 0o644)
	aerr := attacker.Wait()
	t.Logf("owner:\n%s\nattacker:\n%s", vout, aout.String())
	if verr != nil || !strings.Contains(string(vout), "--- PASS") {
		t.Fatalf("owner: %v", verr)
	}
	if aerr != nil {
		t.Fatalf("attacker: %v", aerr)
	}
}

func victimOtherUser(t *testing.T) {
	shared := os.Getenv("TEMPFILE_TEST_DIR")
	secret, unchanged := secretFile(t)
	// The attacker may reach through the owner's directories, not read them.
	must(t, os.Chmod(os.Getenv("TMPDIR"), 0o711))
	must(t, os.Chmod(filepath.Dir(secret), 0o711))
	must(t, os.Chmod(filepath.Dir(filepath.Dir(secret)), 0o711))
	syscall.Umask(0)
	d, err := tempfile.NewDir(tempfile.Perm(0o711))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	pub := d.Join("pub")
	must(t, os.Mkdir(pub, 0o777))
	must(t, os.WriteFile(filepath.Join(shared, "target"), []byte(pub+"/w\n"+secret), 0o644))
	const rounds = 3000
	for i := range rounds {
		// Made with their modes (umask 0), never chmod'ed by name: the
		// attacker is already swapping names in w.
		w := filepath.Join(pub, "w")
		if err := os.Mkdir(w, 0o777); err != nil && !os.IsExist(err) {
			t.Fatal(err)
		}
		os.Mkdir(filepath.Join(w, "x"), 0o000)
		// The same removal as Dir.Close, on the part of the tree under
		// attack, round after round.
		sys.RemoveTree(sys.PathOf(w))
		if err := unchanged(); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
	}
}

// TestDirCloseDeepTree removes a tree 8,000 levels deep with 200-byte
// names (a path of 1.6 MB): what anyone who can write into the directory
// can build. Memory must stay within 2x of os.RemoveAll's on the same
// tree; the time is compared in BenchmarkRemoveDeepTree
// (docs/BENCHMARKS.md).
func TestDirCloseDeepTree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and removes two trees 8,000 levels deep")
	}
	const depth, nameLen = 8000, 200
	alloc := func(remove func(d *tempfile.Dir) error) uint64 {
		d, err := tempfile.NewDir()
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		buildDeep(t, d.Path(), depth, nameLen)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if err := remove(d); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		mustNotExist(t, d.Path())
		return after.TotalAlloc - before.TotalAlloc
	}
	ours := alloc(func(d *tempfile.Dir) error { return d.Close() })
	theirs := alloc(func(d *tempfile.Dir) error { return os.RemoveAll(d.Path()) })
	t.Logf("allocated: Dir.Close %d KiB, os.RemoveAll %d KiB (%.2fx)", ours>>10, theirs>>10, float64(ours)/float64(theirs))
	if ours > 2*theirs {
		t.Errorf("Dir.Close allocated %d KiB, more than twice os.RemoveAll's %d KiB", ours>>10, theirs>>10)
	}
}

// buildDeep makes a chain of depth directories named nameLen times "d"
// under root, relative to descriptors (the path is longer than PATH_MAX).
func buildDeep(t testing.TB, root string, depth, nameLen int) {
	t.Helper()
	fd, err := unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", nameLen)
	for range depth {
		if err := unix.Mkdirat(fd, name, 0o700); err != nil {
			t.Fatal(err)
		}
		next, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		unix.Close(fd)
		if err != nil {
			t.Fatal(err)
		}
		fd = next
	}
	unix.Close(fd)
}

// TestMinFreeOtherProcessFills: another process fills the filesystem below
// the minimum after the guard last asked; guarded writes must stop within
// 1 MiB (the bound MinFree's doc states).
func TestMinFreeOtherProcessFills(t *testing.T) {
	const size, minFree, write = 64 << 20, 16 << 20, 64 << 10
	dir := mountTmpfs(t, size, 0)
	f, err := tempfile.NewFile(tempfile.InDir(dir), tempfile.MinFree(minFree))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, write)
	if _, err := f.Write(chunk); err != nil { // the guard asks statfs now
		t.Fatal(err)
	}
	// Another process leaves 8 MiB free, half the minimum.
	fill := filepath.Join(dir, "filler")
	need := freeOn(t, dir) - 8<<20
	out, err := exec.Command("dd", "if=/dev/zero", "of="+fill, "bs=1M", "count="+strconv.FormatInt(need>>20, 10)).CombinedOutput()
	if err != nil {
		t.Fatalf("dd: %v\n%s", err, out)
	}
	if free := freeOn(t, dir); free >= minFree {
		t.Fatalf("%d bytes free after the filler: the test proves nothing", free)
	}
	var accepted int64
	for accepted < size {
		n, err := f.Write(chunk)
		accepted += int64(n)
		if err != nil {
			if !errors.Is(err, tempfile.ErrNoSpace) {
				t.Fatalf("Write = %v, want ErrNoSpace", err)
			}
			break
		}
	}
	t.Logf("accepted %d KiB after free space fell below the minimum", accepted>>10)
	if accepted > 1<<20 {
		t.Errorf("accepted %d bytes after free space fell below MinFree, want at most 1 MiB", accepted)
	}
}

// TestAdversarialNamesInSharedDir: another user renames, replaces and
// recreates (hoping for the same inode) the names of a victim's files in a
// directory shared without the sticky bit, or puts a FIFO or a symlink
// there, between the victim's steps. Refused at creation by default; with
// the directory accepted, no attacker content or mode reaches a Persist
// target, nothing hangs, no call removes or writes the attacker's file,
// and Reopen refuses.
func TestAdversarialNamesInSharedDir(t *testing.T) {
	switch role() {
	case "victim":
		victimNames(t)
		return
	case "attacker":
		attackerServe(t)
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root, to run the victim and the attacker as two other users")
	}
	bin, shared := testBinary(t)
	other := mountTmpfs(t, 16<<20, 0) // another filesystem, for Persist's copy
	must(t, os.Chmod(other, 0o777))
	// Two pipes: the victim asks, the attacker answers.
	askR, askW, err := os.Pipe()
	must(t, err)
	ansR, ansW, err := os.Pipe()
	must(t, err)
	attacker := command(t, bin, attackerUID, "TestAdversarialNamesInSharedDir", "attacker")
	attacker.ExtraFiles = []*os.File{askR, ansW}
	var aout strings.Builder
	attacker.Stdout, attacker.Stderr = &aout, &aout
	must(t, attacker.Start())
	victim := command(t, bin, victimUID, "TestAdversarialNamesInSharedDir", "victim",
		"TEMPFILE_TEST_DIR="+shared, "TEMPFILE_TEST_OTHERFS="+other)
	victim.ExtraFiles = []*os.File{askW, ansR}
	vout, verr := victim.CombinedOutput()
	askW.Close()
	ansR.Close()
	askR.Close()
	ansW.Close()
	aerr := attacker.Wait()
	t.Logf("victim:\n%s\nattacker:\n%s", vout, aout.String())
	if verr != nil || !strings.Contains(string(vout), "--- PASS") {
		t.Fatalf("victim: %v", verr)
	}
	if aerr != nil {
		t.Fatalf("attacker: %v", aerr)
	}
}

// attackerServe does what the victim asks on fd 3 and answers on fd 4.
func attackerServe(t *testing.T) {
	syscall.Umask(0)
	ask, ans := os.NewFile(3, "ask"), os.NewFile(4, "answer")
	buf := make([]byte, 4096)
	for {
		n, err := ask.Read(buf)
		if err != nil {
			return // the victim is done
		}
		f := strings.Fields(string(buf[:n]))
		op, path := f[0], f[1]
		var aerr error
		switch op {
		case "replace", "fifo", "symlink":
			if aerr = os.Rename(path, path+".moved"); aerr != nil {
				break
			}
			switch op {
			case "replace":
				aerr = os.WriteFile(path, []byte("attacker"), 0o666)
			case "fifo":
				aerr = syscall.Mkfifo(path, 0o666)
			case "symlink":
				aerr = os.Symlink(f[2], path)
			}
		case "recreate":
			// Remove the victim's name and make a file at once: a freed
			// inode number is often handed out again.
			if aerr = os.Remove(path); aerr == nil {
				aerr = os.WriteFile(path, []byte("attacker"), 0o666)
			}
		case "redir":
			// The same for a directory: rmdir the victim's (empty) one,
			// make one of the attacker's with a file in it.
			if aerr = os.Remove(path); aerr == nil {
				if aerr = os.Mkdir(path, 0o777); aerr == nil {
					aerr = os.WriteFile(filepath.Join(path, "theirs"), []byte("attacker"), 0o666)
				}
			}
		case "flood":
			// A directory of the attacker's, full of files the victim
			// cannot remove, in a directory of the victim's tree.
			if aerr = os.Mkdir(path, 0o755); aerr == nil {
				for i := range 5000 {
					if aerr = os.WriteFile(filepath.Join(path, strconv.Itoa(i)+strings.Repeat("n", 200)), nil, 0o644); aerr != nil {
						break
					}
				}
			}
		}
		reply := "ok"
		if aerr != nil {
			reply = "err " + aerr.Error()
		}
		ans.Write([]byte(reply))
	}
}

func victimNames(t *testing.T) {
	shared, other := os.Getenv("TEMPFILE_TEST_DIR"), os.Getenv("TEMPFILE_TEST_OTHERFS")
	ask, ans := os.NewFile(3, "ask"), os.NewFile(4, "answer")
	attack := func(t *testing.T, args ...string) {
		t.Helper()
		ask.Write([]byte(strings.Join(args, " ")))
		buf := make([]byte, 512)
		n, err := ans.Read(buf)
		if err != nil || string(buf[:n]) != "ok" {
			t.Fatalf("attacker %q: %q %v", args, buf[:n], err)
		}
	}
	if _, err := tempfile.NewFile(tempfile.InDir(shared)); !errors.Is(err, tempfile.ErrSharedDir) {
		t.Fatalf("NewFile in a shared directory = %v, want ErrSharedDir", err)
	}
	private := t.TempDir()
	outside := filepath.Join(private, "outside")
	must(t, os.WriteFile(outside, []byte("the owner's"), 0o600))

	// withTimeout runs step, failing the test if it hangs.
	withTimeout := func(t *testing.T, what string, step func() error) error {
		t.Helper()
		done := make(chan error, 1)
		go func() { done <- step() }()
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			t.Fatalf("%s hangs", what)
			return nil
		}
	}
	// theirsIntact checks that the attacker's entry at name is still there
	// as the attacker left it.
	theirsIntact := func(t *testing.T, op, name string) {
		t.Helper()
		fi, err := os.Lstat(name)
		if err != nil {
			t.Fatalf("the attacker's entry at the name is gone: %v", err)
		}
		if op == "replace" || op == "recreate" {
			if b, err := os.ReadFile(name); err != nil || string(b) != "attacker" {
				t.Errorf("the attacker's file holds %q (%v) now", b, err)
			}
			if fi.Mode().Perm() != 0o666 {
				t.Errorf("the attacker's file has mode %v now", fi.Mode())
			}
		}
	}
	victimDirs(t, shared, attack)
	victimCloseRetry(t)
	for _, op := range []string{"replace", "recreate", "fifo", "symlink"} {
		for _, action := range []string{"Persist", "PersistOtherFS", "PersistNoClobber", "Close", "Reopen"} {
			for _, closeHandle := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/CloseHandle=%v", op, action, closeHandle), func(t *testing.T) {
					f, err := tempfile.NewFile(tempfile.InDir(shared), tempfile.AllowSharedDir())
					if err != nil {
						t.Fatal(err)
					}
					name := f.Name()
					defer os.Remove(name + ".moved")
					defer os.Remove(name) // the attacker's, once checked
					defer f.Close()
					f.WriteString("secret")
					if closeHandle {
						must(t, f.CloseHandle())
					}
					attack(t, op, name, outside)
					target := filepath.Join(private, "target")
					if action == "PersistOtherFS" {
						target = filepath.Join(other, fmt.Sprintf("target-%d", os.Getpid()))
					}
					defer os.Remove(target)
					var stepErr error
					switch action {
					case "Persist", "PersistOtherFS":
						stepErr = withTimeout(t, action, func() error { return f.Persist(target) })
					case "PersistNoClobber":
						stepErr = withTimeout(t, action, func() error { return f.PersistNoClobber(target) })
					case "Close":
						stepErr = withTimeout(t, action, f.Close)
					case "Reopen":
						stepErr = withTimeout(t, action, func() error {
							r, err := f.Reopen()
							if r != nil {
								r.Close()
							}
							return err
						})
					}
					if stepErr == nil {
						t.Fatalf("%s after the attacker's %s succeeded, want a refusal", action, op)
					}
					if _, err := os.Lstat(target); err == nil {
						b, _ := os.ReadFile(target)
						fi, _ := os.Lstat(target)
						t.Fatalf("%s put %q (mode %v) at the target", action, b, fi.Mode())
					}
					theirsIntact(t, op, name)
					if b, err := os.ReadFile(outside); err != nil || string(b) != "the owner's" {
						t.Fatalf("the file a symlink named holds %q (%v) now", b, err)
					}
				})
			}
		}
	}
}

// TestAdversarialPersistTargetSwap: while files are persisted into a
// directory (on the same filesystem, and on another one, where Persist
// copies into a temporary name first), another goroutine exchanges every
// entry it sees there with a symlink to a private file outside. The file
// outside never changes, and what ends at the target is the persisted
// data or the attacker's symlink, never anything written through it.
func TestAdversarialPersistTargetSwap(t *testing.T) {
	secret, unchanged := secretFile(t)
	for _, where := range []string{"same filesystem", "other filesystem"} {
		t.Run(where, func(t *testing.T) {
			target := t.TempDir()
			if where == "other filesystem" {
				target = mountTmpfs(t, 8<<20, 0)
			}
			var stop atomic.Bool
			done := make(chan int)
			go func() {
				swaps := 0
				for !stop.Load() {
					ents, _ := os.ReadDir(target)
					for _, e := range ents {
						if strings.HasPrefix(e.Name(), "link") {
							continue
						}
						link := filepath.Join(target, "link-"+e.Name())
						os.Symlink(secret, link)
						if unix.Renameat2(unix.AT_FDCWD, filepath.Join(target, e.Name()), unix.AT_FDCWD, link, unix.RENAME_EXCHANGE) == nil {
							swaps++
						}
					}
				}
				done <- swaps
			}()
			src := t.TempDir()
			for i := range 500 {
				f, err := tempfile.NewFile(tempfile.InDir(src))
				if err != nil {
					t.Fatal(err)
				}
				f.WriteString("persisted")
				name := filepath.Join(target, fmt.Sprintf("t%d", i%3))
				if i%2 == 0 {
					f.Persist(name)
				} else {
					f.PersistNoClobber(name)
				}
				f.Close()
				if err := unchanged(); err != nil {
					stop.Store(true)
					t.Fatalf("round %d: %v", i, err)
				}
			}
			stop.Store(true)
			swaps := <-done
			t.Logf("%d exchanges", swaps)
			if swaps == 0 {
				t.Fatal("the attacker never swapped: the test proves nothing")
			}
			ents, _ := os.ReadDir(target)
			for _, e := range ents {
				p := filepath.Join(target, e.Name())
				if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() {
					if b, _ := os.ReadFile(p); string(b) != "persisted" {
						t.Errorf("%s holds %q", p, b)
					}
				}
			}
		})
	}
}

// victimDirs: the attacker replaces a Dir's name in the shared directory
// (renames it away and puts its own file, FIFO or symlink there), or
// removes it and makes a directory of its own there, which may get the
// same inode number. Dir.Close never removes the attacker's entry, and
// says when the victim's directory was renamed away rather than removed.
// Then it fills a world-writable directory of a victim's tree with
// thousands of entries the victim cannot remove: the error stays short.
func victimDirs(t *testing.T, shared string, attack func(t *testing.T, args ...string)) {
	for _, op := range []string{"replace", "fifo", "symlink", "redir"} {
		t.Run("Dir/"+op, func(t *testing.T) {
			d, err := tempfile.NewDir(tempfile.InDir(shared), tempfile.AllowSharedDir())
			if err != nil {
				t.Fatal(err)
			}
			name := d.Path()
			defer os.RemoveAll(name + ".moved")
			attack(t, op, name, "/etc/hostname")
			err = d.Close()
			switch op {
			case "redir":
				// Ours was removed by the attacker: gone, no error; theirs
				// stays, whatever its inode number.
				if err != nil {
					t.Errorf("Dir.Close after the attacker removed it = %v, want nil", err)
				}
				if b, err := os.ReadFile(filepath.Join(name, "theirs")); err != nil || string(b) != "attacker" {
					t.Errorf("the attacker's directory lost its file: %q %v", b, err)
				}
			default:
				if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "renamed by another process") {
					t.Errorf("Dir.Close after the attacker's %s = %v, want an error saying it was renamed", op, err)
				}
				if _, err := os.Lstat(name); err != nil {
					t.Errorf("the attacker's entry at the name is gone: %v", err)
				}
			}
			os.Remove(name)
			os.RemoveAll(name)
		})
	}
	t.Run("Dir/flood", func(t *testing.T) {
		d, err := tempfile.NewDir(tempfile.Perm(0o711))
		if err != nil {
			t.Fatal(err)
		}
		// The attacker must reach the tree: the victim's TMPDIR becomes
		// searchable by all.
		must(t, os.Chmod(filepath.Dir(d.Path()), 0o711))
		pub := d.Join("pub")
		must(t, os.Mkdir(pub, 0o777))
		must(t, os.Chmod(pub, 0o777)) // in a tree others cannot write to: no race
		attack(t, "flood", filepath.Join(pub, "theirs"))
		err = d.Close()
		if err == nil {
			t.Fatal("Dir.Close of a tree holding another user's files succeeded")
		}
		if n := strings.Count(err.Error(), "\n") + 1; n > 20 || len(err.Error()) > 16<<10 {
			t.Errorf("Dir.Close's error has %d lines, %d bytes, for one directory it cannot empty", n, len(err.Error()))
		}
		if !strings.Contains(err.Error(), "more entries could not be removed") {
			t.Errorf("Dir.Close's error does not say how many more entries stay: %v", err)
		}
	})
}

// victimCloseRetry: a Close that fails (the directory made read-only for
// a moment) leaves the File to a later Close, which removes it.
func victimCloseRetry(t *testing.T) {
	for _, closeHandle := range []bool{false, true} {
		t.Run(fmt.Sprintf("CloseRetry/CloseHandle=%v", closeHandle), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "d")
			must(t, os.Mkdir(dir, 0o700))
			f, err := tempfile.NewFile(tempfile.InDir(dir))
			if err != nil {
				t.Fatal(err)
			}
			if closeHandle {
				must(t, f.CloseHandle())
			}
			must(t, os.Chmod(dir, 0o500))
			if err := f.Close(); err == nil {
				t.Fatal("Close in a read-only directory succeeded: the test proves nothing")
			}
			must(t, os.Chmod(dir, 0o700))
			if err := f.Close(); err != nil {
				t.Fatalf("second Close = %v", err)
			}
			mustBeEmpty(t, dir)
		})
	}
}
