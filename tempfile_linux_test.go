package tempfile_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/tmpguard/tempfile"
	"github.com/tmpguard/tempfile/internal/sys"
	"golang.org/x/sys/unix"
)

// mountTmpfs mounts a tmpfs of the given size (in bytes) for the test and
// unmounts it after. It needs root; without it the test is skipped.
func mountTmpfs(t *testing.T, size int, flags uintptr) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	data := "size=" + strconv.Itoa(size) + ",mode=0700"
	if err := unix.Mount("tmpfs", dir, "tmpfs", flags, data); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
	return dir
}

func TestUnwritableInDir(t *testing.T) {
	ro := mountTmpfs(t, 1<<20, unix.MS_RDONLY)
	_, err := tempfile.NewFile(tempfile.InDir(ro))
	if !errors.Is(err, syscall.EROFS) || !strings.Contains(err.Error(), ro) {
		t.Errorf("NewFile in a read-only filesystem = %v, want EROFS naming the directory", err)
	}
	_, err = tempfile.New(tempfile.InDir(ro))
	if !errors.Is(err, syscall.EROFS) {
		t.Errorf("New in a read-only filesystem = %v, want EROFS", err)
	}
	_, err = tempfile.NewDir(tempfile.InDir(ro))
	if !errors.Is(err, syscall.EROFS) {
		t.Errorf("NewDir in a read-only filesystem = %v, want EROFS", err)
	}
	mustBeEmpty(t, ro)
}

func TestNewOnTmpfs(t *testing.T) {
	dir := mountTmpfs(t, 1<<20, 0)
	f, err := tempfile.New(tempfile.InDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mustBeEmpty(t, dir)
}

func TestPersistAcrossFilesystems(t *testing.T) {
	other := mountTmpfs(t, 1<<20, 0)
	src := t.TempDir() // on the disk, not on the tmpfs
	f, err := tempfile.NewFile(tempfile.InDir(src))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("across")
	target := filepath.Join(other, "out.txt")
	if err := f.Persist(target); err != nil {
		t.Fatalf("Persist across filesystems = %v", err)
	}
	if _, err := f.WriteString(" and more"); err != nil {
		t.Fatalf("write after persist: %v", err)
	}
	if f.Name() != target || f.File.Name() != target {
		t.Errorf("after Persist: Name() %q, the handle's Name() %q; want both %s", f.Name(), f.File.Name(), target)
	}
	must(t, f.Close())
	if got := readFile(t, target); got != "across and more" {
		t.Errorf("target holds %q; the handle must refer to the persisted copy", got)
	}
	if fi := stat(t, target); fi.Mode().Perm() != 0o600 {
		t.Errorf("persisted mode %v, want 0600", fi.Mode().Perm())
	}
	mustBeEmpty(t, src)
	if names := entries(t, other); len(names) != 1 {
		t.Errorf("target directory holds %q, want only out.txt", names)
	}
}

// TestPersistAcrossFilesystemsLongName: the copy's temporary name is
// built from the target's; a target name near the 255-byte limit must
// still work, as it does within one filesystem.
func TestPersistAcrossFilesystemsLongName(t *testing.T) {
	other := mountTmpfs(t, 1<<20, 0)
	f, err := tempfile.NewFile(tempfile.InDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// 254 bytes, with a two-byte rune where the name is cut.
	target := filepath.Join(other, strings.Repeat("n", 199)+"é"+strings.Repeat("n", 53))
	if err := f.Persist(target); err != nil {
		t.Fatalf("Persist to a 254-byte name = %v", err)
	}
	if got := entries(t, other); len(got) != 1 || got[0] != filepath.Base(target) {
		t.Errorf("target directory holds %q", got)
	}
}

// TestPersistNoClobberAcrossFilesystems: across filesystems the copy is
// made first; a taken target makes it fail with fs.ErrExist, and the copy
// goes, leaving the target's directory as it was.
func TestPersistNoClobberAcrossFilesystems(t *testing.T) {
	other := mountTmpfs(t, 1<<20, 0)
	taken := filepath.Join(other, "taken")
	must(t, os.WriteFile(taken, []byte("theirs"), 0o644))
	src := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(src))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Larger than the target filesystem: a taken path must say so, not
	// fail for want of space after a useless copy.
	f.Write(make([]byte, 2<<20))
	if err := f.PersistNoClobber(taken); !errors.Is(err, fs.ErrExist) {
		t.Errorf("PersistNoClobber over an existing file on another filesystem = %v, want fs.ErrExist", err)
	}
	if got := entries(t, other); len(got) != 1 || readFile(t, taken) != "theirs" {
		t.Errorf("target directory holds %q, want only the untouched file", got)
	}
	must(t, f.Truncate(0))
	f.WriteAt([]byte("ours"), 0)
	free := filepath.Join(other, "free")
	if err := f.PersistNoClobber(free); err != nil {
		t.Fatalf("PersistNoClobber to a free path on another filesystem = %v", err)
	}
	must(t, f.Close())
	mustBeEmpty(t, src)
	if got := readFile(t, free); got != "ours" {
		t.Errorf("persisted file holds %q", got)
	}
}

// TestReopenAfterPersistCopy: after CloseHandle and a Persist across
// filesystems, the file at the path is the copy, and Reopen opens it.
func TestReopenAfterPersistCopy(t *testing.T) {
	other := mountTmpfs(t, 1<<20, 0)
	f, err := tempfile.NewFile(tempfile.InDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString("copied")
	must(t, f.CloseHandle())
	must(t, f.Persist(filepath.Join(other, "out")))
	r, err := f.Reopen()
	if err != nil {
		t.Fatalf("Reopen() after CloseHandle and a copying Persist = %v", err)
	}
	defer r.Close()
	if b, err := io.ReadAll(r); err != nil || string(b) != "copied" {
		t.Errorf("reopened file holds %q, %v", b, err)
	}
}

// TestPersistAcrossFilesystemsFull persists into a full filesystem: the
// copy fails, and neither the target directory nor the original changes.
func TestPersistAcrossFilesystemsFull(t *testing.T) {
	full := mountTmpfs(t, 64<<10, 0)
	src := t.TempDir()
	f, err := tempfile.NewFile(tempfile.InDir(src))
	if err != nil {
		t.Fatal(err)
	}
	data := strings.Repeat("x", 256<<10)
	f.WriteString(data)
	err = f.Persist(filepath.Join(full, "big"))
	if !errors.Is(err, syscall.ENOSPC) || !errors.Is(err, tempfile.ErrNoSpace) {
		t.Fatalf("Persist into a full filesystem = %v, want ENOSPC matching ErrNoSpace", err)
	}
	mustBeEmpty(t, full)
	if got := readFile(t, f.Name()); got != data {
		t.Errorf("the original lost data: %d bytes, want %d", len(got), len(data))
	}
	must(t, f.Close())
	mustBeEmpty(t, src)
}

// TestDirCloseStopsAtMountPoint: a filesystem mounted inside a temporary
// directory is never emptied by its removal, and the error says why.
func TestDirCloseStopsAtMountPoint(t *testing.T) {
	d, err := tempfile.NewDir(tempfile.InDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	mnt := d.Join("mnt")
	must(t, os.Mkdir(mnt, 0o700))
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	must(t, unix.Mount("tmpfs", mnt, "tmpfs", 0, "size=1m"))
	mounted := true
	defer func() {
		if mounted {
			unix.Unmount(mnt, unix.MNT_DETACH)
		}
	}()
	must(t, os.WriteFile(filepath.Join(mnt, "precious"), []byte("x"), 0o600))
	must(t, os.WriteFile(d.Join("ordinary"), nil, 0o600))

	err = d.Close()
	var pe *fs.PathError
	if !errors.Is(err, sys.ErrMountPoint) || !errors.As(err, &pe) || pe.Path != mnt || pe.Op != "cleanup" {
		t.Fatalf("Close() = %v, want a cleanup *fs.PathError for %s matching ErrMountPoint", err, mnt)
	}
	if readFile(t, filepath.Join(mnt, "precious")) != "x" {
		t.Error("a file on the mounted filesystem was touched")
	}
	mustNotExist(t, d.Join("ordinary"))
	must(t, unix.Unmount(mnt, 0))
	mounted = false
	if err := d.Close(); err != nil {
		t.Fatalf("second Close() after the unmount = %v, want it to finish", err)
	}
	mustNotExist(t, d.Path())
}

// TestReadOnlyTreeUnprivileged removes read-only and unreadable
// directories as an ordinary user: root ignores permissions, so as root the
// test runs itself again as nobody.
func TestReadOnlyTreeUnprivileged(t *testing.T) {
	if os.Getenv("TEMPFILE_TEST_UNPRIVILEGED") == "" && os.Geteuid() == 0 {
		runAsNobody(t, "TestReadOnlyTreeUnprivileged")
		return
	}
	if os.Geteuid() == 0 {
		t.Fatal("still root")
	}
	d, err := tempfile.NewDir()
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.MkdirAll(d.Join("a", "b", "c"), 0o700))
	must(t, os.WriteFile(d.Join("a", "b", "c", "f"), []byte("x"), 0o600))
	must(t, os.WriteFile(d.Join("a", "g"), []byte("x"), 0o400))
	must(t, os.Mkdir(d.Join("unreadable"), 0o700))
	must(t, os.WriteFile(d.Join("unreadable", "h"), []byte("x"), 0o600))
	must(t, os.Chmod(d.Join("a", "b", "c"), 0o500))
	must(t, os.Chmod(d.Join("a", "b"), 0o500))
	must(t, os.Chmod(d.Join("a"), 0o500))
	must(t, os.Chmod(d.Join("unreadable"), 0o000))
	// Readable but not searchable: its entries can be listed, not opened.
	must(t, os.MkdirAll(d.Join("unsearchable", "sub"), 0o700))
	must(t, os.WriteFile(d.Join("unsearchable", "sub", "i"), []byte("x"), 0o600))
	must(t, os.Chmod(d.Join("unsearchable"), 0o400))
	// Without the fix-ups, removal fails:
	if err := os.RemoveAll(d.Join("a")); err == nil {
		t.Fatal("os.RemoveAll removed a read-only tree: the test proves nothing")
	}
	if err := d.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	mustNotExist(t, d.Path())
}

// runAsNobody runs the named test of this test binary again as user
// nobody, in a private default directory that nobody owns, and checks
// that it passes and leaves that directory empty.
func runAsNobody(t *testing.T, name string) {
	t.Helper()
	bin, _ := testBinary(t)
	cmd := command(t, bin, victimUID, name, "nobody")
	outb, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(outb), "--- PASS: "+name) {
		t.Fatalf("as nobody: %v\n%s", err, outb)
	}
	t.Logf("as nobody:\n%s", outb)
	mustBeEmpty(t, cmd.Dir)
}

// TestDirCloseStopsAtBindMount: a bind mount of the same filesystem has
// the same device number; the removal must still stop at it.
func TestDirCloseStopsAtBindMount(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("bind mounts need root")
	}
	outside := t.TempDir()
	must(t, os.WriteFile(filepath.Join(outside, "precious"), []byte("x"), 0o600))
	d, err := tempfile.NewDir(tempfile.InDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	mnt := d.Join("bind")
	must(t, os.Mkdir(mnt, 0o700))
	must(t, unix.Mount(outside, mnt, "", unix.MS_BIND, ""))
	err = d.Close()
	unix.Unmount(mnt, unix.MNT_DETACH)
	if !errors.Is(err, sys.ErrMountPoint) {
		t.Errorf("Close() = %v, want ErrMountPoint for the bind mount", err)
	}
	if readFile(t, filepath.Join(outside, "precious")) != "x" {
		t.Error("a file behind the bind mount was removed")
	}
	must(t, d.Close())
}

// TestDirCloseMountedOnItself: a filesystem mounted on the Dir's own path
// is not emptied.
func TestDirCloseMountedOnItself(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	d, err := tempfile.NewDir(tempfile.InDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	must(t, unix.Mount("tmpfs", d.Path(), "tmpfs", 0, "size=64k"))
	must(t, os.WriteFile(d.Join("precious"), []byte("x"), 0o600))
	err = d.Close()
	if !errors.Is(err, sys.ErrMountPoint) {
		t.Errorf("Close() = %v, want ErrMountPoint for the directory itself", err)
	}
	if readFile(t, d.Join("precious")) != "x" {
		t.Error("a file on the filesystem mounted on the Dir was removed")
	}
	must(t, unix.Unmount(d.Path(), 0))
	must(t, d.Close())
	mustNotExist(t, d.Path())
}

// TestNewFallbackUnlinkFails: where the fallback's unlink is refused (an
// append-only directory accepts new names but removes none), New fails
// with an error that names the file it had to leave behind.
func TestNewFallbackUnlinkFails(t *testing.T) {
	tempfile.WithoutTmpfile(t)
	dir := mountTmpfs(t, 1<<20, 0)
	setFlags := func(flags int) error {
		d, err := os.Open(dir)
		if err != nil {
			return err
		}
		defer d.Close()
		return unix.IoctlSetPointerInt(int(d.Fd()), unix.FS_IOC_SETFLAGS, flags)
	}
	if err := setFlags(fsAppendFL); err != nil {
		t.Skipf("cannot make %s append-only: %v", dir, err)
	}
	t.Cleanup(func() { setFlags(0) })

	f, err := tempfile.New(tempfile.InDir(dir))
	if err == nil {
		f.Close()
		t.Fatal("New succeeded in an append-only directory, where its name cannot be unlinked")
	}
	left := entries(t, dir)
	if len(left) != 1 {
		t.Fatalf("entries after the failure: %q, want the one left behind", left)
	}
	if msg := err.Error(); !strings.Contains(msg, filepath.Join(dir, left[0])) || !strings.Contains(msg, "left behind") || !errors.Is(err, unix.EPERM) {
		t.Errorf("New = %q, want EPERM naming %s as left behind", msg, left[0])
	}
}

// fsAppendFL is FS_APPEND_FL of <linux/fs.h>, which x/sys does not name.
const fsAppendFL = 0x20

// TestDirCloseThroughSymlinkedParent: a Dir made in a directory reached
// through a symlink to another filesystem (as /tmp is on macOS) is on the
// mount of that directory, not of the link; Close removes it, contents
// and all.
func TestDirCloseThroughSymlinkedParent(t *testing.T) {
	mnt := mountTmpfs(t, 1<<20, 0)
	link := filepath.Join(t.TempDir(), "link")
	must(t, os.Symlink(mnt, link))
	d, err := tempfile.NewDir(tempfile.InDir(link))
	if err != nil {
		t.Fatal(err)
	}
	must(t, os.Mkdir(d.Join("sub"), 0o700))
	must(t, os.WriteFile(d.Join("sub", "f"), []byte("x"), 0o600))
	if err := d.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	mustBeEmpty(t, mnt)
}

// TestDirCloseWithoutStatx: where statx is missing (a kernel older than
// 4.11) or refused (an old seccomp profile), Close tells mounts apart by
// device and still removes the tree and stops at a mount point. The test
// runs itself again under a seccomp filter that fails statx.
func TestDirCloseWithoutStatx(t *testing.T) {
	if errno := os.Getenv("TEMPFILE_TEST_STATX_ERRNO"); errno != "" {
		n, err := strconv.Atoi(errno)
		must(t, err)
		refuseStatx(t, syscall.Errno(n))
		var st unix.Statx_t
		if err := unix.Statx(unix.AT_FDCWD, ".", 0, unix.STATX_MNT_ID, &st); err != syscall.Errno(n) {
			t.Fatalf("statx under the filter = %v, want %v", err, syscall.Errno(n))
		}
		d, err := tempfile.NewDir()
		must(t, err)
		must(t, os.MkdirAll(d.Join("a", "b"), 0o700))
		must(t, os.WriteFile(d.Join("a", "b", "f"), []byte("x"), 0o600))
		if err := d.Close(); err != nil {
			t.Fatalf("Close() = %v", err)
		}
		mustNotExist(t, d.Path())

		d, err = tempfile.NewDir()
		must(t, err)
		mnt := d.Join("mnt")
		must(t, os.Mkdir(mnt, 0o700))
		if err := unix.Mount("tmpfs", mnt, "tmpfs", 0, "size=65536"); err != nil {
			d.Close()
			t.Skipf("cannot mount a tmpfs: %v", err)
		}
		defer unix.Unmount(mnt, unix.MNT_DETACH)
		must(t, os.WriteFile(filepath.Join(mnt, "keep"), []byte("x"), 0o600))
		if err := d.Close(); !errors.Is(err, sys.ErrMountPoint) {
			t.Errorf("Close() over a mount = %v, want ErrMountPoint", err)
		}
		if _, err := os.Stat(filepath.Join(mnt, "keep")); err != nil {
			t.Errorf("a file of the mounted filesystem is gone: %v", err)
		}
		must(t, unix.Unmount(mnt, 0))
		must(t, d.Close())
		mustNotExist(t, d.Path())
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	exe, err := os.Executable()
	must(t, err)
	for _, errno := range []syscall.Errno{unix.ENOSYS, unix.EPERM} {
		cmd := exec.Command(exe, "-test.run=^TestDirCloseWithoutStatx$", "-test.v")
		cmd.Env = append(os.Environ(), "TEMPFILE_TEST_STATX_ERRNO="+strconv.Itoa(int(errno)), "TMPDIR="+t.TempDir(), "GOCOVERDIR=")
		out, err := cmd.CombinedOutput()
		if err == nil && strings.Contains(string(out), "--- SKIP: TestDirCloseWithoutStatx") {
			t.Skipf("with statx failing with %v, the test skipped:\n%s", errno, out)
		}
		if err != nil || !strings.Contains(string(out), "--- PASS: TestDirCloseWithoutStatx") {
			t.Fatalf("with statx failing with %v: %v\n%s", errno, err, out)
		}
	}
}

// refuseStatx installs, for every thread of the process, a seccomp filter
// that fails statx with errno. It cannot be undone: only a process started
// for the purpose may call it.
func refuseStatx(t *testing.T, errno syscall.Errno) {
	var arch uint32
	switch runtime.GOARCH {
	case "amd64":
		arch = unix.AUDIT_ARCH_X86_64
	case "arm64":
		arch = unix.AUDIT_ARCH_AARCH64
	default:
		t.Skipf("no seccomp architecture for %s in this test", runtime.GOARCH)
	}
	const (
		load = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
		jeq  = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
		ret  = unix.BPF_RET | unix.BPF_K
	)
	filter := []unix.SockFilter{
		{Code: load, K: 4}, // seccomp_data.arch
		{Code: jeq, K: arch, Jf: 3},
		{Code: load, K: 0}, // seccomp_data.nr
		{Code: jeq, K: unix.SYS_STATX, Jf: 1},
		{Code: ret, K: unix.SECCOMP_RET_ERRNO | uint32(errno)},
		{Code: ret, K: unix.SECCOMP_RET_ALLOW},
	}
	prog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	// no_new_privs is a thread's: set it on the thread that installs the
	// filter (TSYNC then gives the filter to every thread).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	must(t, unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
	if _, _, e := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&prog))); e != 0 {
		t.Skipf("cannot install a seccomp filter: %v", e)
	}
}
