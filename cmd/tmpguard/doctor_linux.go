package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/tmpguard/tempfile"
	"github.com/tmpguard/tempfile/internal/sys"
)

// sysMemfdSecret is memfd_secret's number: system calls from 424 on have
// one number on every architecture, and x/sys names it only on some.
const sysMemfdSecret = 447

// memlockWant is the lockable memory below which doctor warns: what
// Linux gives by default since 5.16, enough for the library's secret
// buffers and an encrypted spill's keys.
const memlockWant = 8 << 20

// platformChecks are Linux's own: each feature is really used once.
func platformChecks(dir string, facts *doctorFacts) []checkResult {
	fsCheck := checkResult{Name: "tmpfs"}
	if fi, err := statFS(dir); err != nil {
		fsCheck.Status, fsCheck.Detail = statusWarn, "cannot tell: "+err.Error()
	} else {
		facts.FSMagic, facts.FSType, facts.TotalBytes = fi.magic, fi.name, fi.total
		if fi.tmpfs {
			fsCheck.Status, fsCheck.Detail = statusOK, "tmpfs: temporary data stay in memory (and swap)"
		} else {
			fsCheck.Status = statusWarn
			fsCheck.Detail = facts.FSType + ", not tmpfs: temporary data reach the disk and survive a crash"
			fsCheck.Advice = "mount a tmpfs on " + dir + " (systemctl enable tmp.mount, or a tmpfs line in /etc/fstab)"
		}
	}
	return []checkResult{
		checkTmpfile(dir, facts.FSType),
		checkRenameat2(dir),
		checkMemfdSecret(),
		checkMemlock(facts),
		fsCheck,
		checkProtected(),
	}
}

// checkTmpfile opens, writes and closes an O_TMPFILE file in dir.
func checkTmpfile(dir, fsType string) checkResult {
	c := checkResult{Name: "o_tmpfile"}
	f, err := sys.OpenTmpfile(dir, 0o600, true)
	if err == nil {
		_, err = f.Write([]byte("doctor"))
		f.Close()
	}
	switch {
	case err == nil:
		c.Status, c.Detail = statusOK, "anonymous files never have a name"
	case errors.Is(err, errors.ErrUnsupported):
		c.Status = statusWarn
		c.Detail = fmt.Sprintf("%s does not support O_TMPFILE: anonymous files are created, then unlinked (their name is visible for an instant)", fsType)
		c.Advice = "put the temporary directory on tmpfs, ext4, xfs or btrfs (set TMPDIR)"
	default:
		c.Status, c.Detail = statusFail, err.Error()
	}
	return c
}

// checkRenameat2 renames one file onto another with RENAME_NOREPLACE,
// which must fail with EEXIST, then onto a free name, which must work;
// in a directory of the library's own, removed afterwards.
func checkRenameat2(dir string) checkResult {
	c := checkResult{Name: "renameat2"}
	d, err := tempfile.NewDir(tempfile.InDir(dir), tempfile.Prefix(".tmpguard-doctor."))
	if err != nil {
		c.Status, c.Detail = statusFail, err.Error()
		return c
	}
	defer d.Close()
	a, b := d.Join("a"), d.Join("b")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			c.Status, c.Detail = statusFail, err.Error()
			return c
		}
	}
	err = unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_NOREPLACE)
	if err == unix.EEXIST {
		err = unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, d.Join("c"), unix.RENAME_NOREPLACE)
	} else if err == nil {
		err = errors.New("RENAME_NOREPLACE replaced an existing file")
	}
	switch {
	case err == nil:
		c.Status, c.Detail = statusOK, "RENAME_NOREPLACE works: PersistNoClobber is one atomic step"
	case err == unix.ENOSYS || err == unix.EINVAL || err == unix.EPERM:
		c.Status = statusWarn
		c.Detail = fmt.Sprintf("RENAME_NOREPLACE refused (%v): PersistNoClobber falls back to link and unlink", err)
		c.Advice = "Linux 3.15+ and a filesystem that supports it (tmpfs, ext4, xfs, btrfs); a seccomp profile may also block renameat2"
	default:
		c.Status, c.Detail = statusFail, err.Error()
	}
	return c
}

// checkMemfdSecret creates a secret memory file, sizes it and maps a page
// of it, the whole of what the library's sensitive mode does with one.
func checkMemfdSecret() checkResult {
	c := checkResult{Name: "memfd_secret"}
	fd, _, errno := unix.Syscall(sysMemfdSecret, unix.O_CLOEXEC, 0, 0)
	err := error(nil)
	if errno != 0 {
		err = errno
	} else {
		defer unix.Close(int(fd))
		page := os.Getpagesize()
		if err = unix.Ftruncate(int(fd), int64(page)); err == nil {
			var mem []byte
			if mem, err = unix.Mmap(int(fd), 0, page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED); err == nil {
				mem[0] = 1
				err = unix.Munmap(mem)
			}
		}
	}
	switch {
	case err == nil:
		c.Status, c.Detail = statusOK, "secret memory is out of the kernel's own reach, never swapped"
	case err == unix.ENOSYS:
		c.Status = statusWarn
		c.Detail = "the kernel lacks memfd_secret (or has it off): secrets fall back to locked, no-dump memory"
		c.Advice = "Linux 5.14+ with CONFIG_SECRETMEM; before 6.5 also boot with secretmem.enable=1"
	case err == unix.EPERM:
		c.Status = statusWarn
		c.Detail = "memfd_secret is refused (EPERM, likely a seccomp profile): secrets fall back to locked memory"
		c.Advice = "allow memfd_secret in the container's seccomp profile"
	case err == unix.ENOMEM || err == unix.EAGAIN:
		c.Status = statusWarn
		c.Detail = fmt.Sprintf("memfd_secret works but a page could not be mapped (%v): the lockable-memory limit is too low", err)
		c.Advice = "raise the memlock limit (ulimit -l, LimitMEMLOCK= in a systemd unit)"
	default:
		c.Status, c.Detail = statusWarn, "memfd_secret: "+err.Error()
	}
	return c
}

// checkMemlock reads RLIMIT_MEMLOCK: sensitive data are kept in locked
// memory, and running out of it is an error.
func checkMemlock(facts *doctorFacts) checkResult {
	c := checkResult{Name: "memlock"}
	var rl unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_MEMLOCK, &rl); err != nil {
		c.Status, c.Detail = statusWarn, "cannot tell: "+err.Error()
		return c
	}
	lim := func(v uint64) *int64 {
		n := int64(-1)
		if v != unix.RLIM_INFINITY {
			n = int64(v)
		}
		return &n
	}
	facts.MemlockSoft, facts.MemlockHard = lim(rl.Cur), lim(rl.Max)
	switch {
	case rl.Cur == unix.RLIM_INFINITY:
		c.Status, c.Detail = statusOK, "unlimited"
	case rl.Cur >= memlockWant:
		c.Status, c.Detail = statusOK, humanBytes(int64(rl.Cur))
	default:
		c.Status = statusWarn
		c.Detail = humanBytes(int64(rl.Cur)) + ": little room for secrets in locked memory"
		c.Advice = fmt.Sprintf("raise it to %s or more (ulimit -l %d, LimitMEMLOCK= in a systemd unit, memlock in limits.conf)", humanBytes(memlockWant), memlockWant>>10)
		if os.Geteuid() == 0 {
			c.Detail += " (root may lock beyond it with CAP_IPC_LOCK)"
		}
	}
	return c
}

// checkProtected reads the sysctls that stop the classic attacks on
// shared sticky directories: following another user's symlink, opening
// another user's file with O_CREAT.
func checkProtected() checkResult {
	c := checkResult{Name: "protected"}
	var off []string
	for _, name := range []string{"protected_symlinks", "protected_regular"} {
		b, err := os.ReadFile(filepath.Join("/proc/sys/fs", name))
		if err != nil {
			continue // not this kernel, or no /proc: nothing to say
		}
		if strings.TrimSpace(string(b)) == "0" {
			off = append(off, "fs."+name)
		}
	}
	if len(off) == 0 {
		c.Status, c.Detail = statusOK, "fs.protected_symlinks and fs.protected_regular are on (or absent)"
		return c
	}
	c.Status = statusWarn
	c.Detail = strings.Join(off, " and ") + " off: other programs' files in a shared /tmp can be attacked (the library's own cannot)"
	c.Advice = "sysctl -w " + strings.Join(off, "=1 ") + "=1 (and in /etc/sysctl.d)"
	return c
}
