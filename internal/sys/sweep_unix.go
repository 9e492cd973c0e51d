//go:build unix && !aix

package sys

import (
	"errors"
	"io"
	"time"

	"golang.org/x/sys/unix"
)

// The primitives of Sweep. Every name they take is one entry of the swept
// directory, reached through its descriptor (openat, fstatat, unlinkat
// with that descriptor): no path is resolved again from the root, so a
// directory renamed or replaced above cannot send them elsewhere, and none
// follows a symlink (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW).

var (
	// ErrChanged: the entry is no longer the one the scan saw.
	ErrChanged = errors.New("replaced since the scan")
	// ErrLocked: someone holds a flock on the entry.
	ErrLocked = errors.New("someone holds a flock on it")
)

// A SweepDir is a directory open for a sweep. It takes no lock on the
// directory: anyone who can read a directory can flock it, and hold every
// sweep off. Sweeps need none to be safe together (see Sweep).
type SweepDir struct {
	fd   int
	path string
	Dev  uint64 // the directory's device: the sweep stays on it
}

// An EntryInfo is what fstatat says of an entry, without following it.
type EntryInfo struct {
	Dev, Ino uint64
	Mode     uint32 // the file type bits (S_IFMT)
	UID      int
	Changed  time.Time // the newest of mtime and ctime
	Blocks   int64     // 512-byte blocks
}

// IsRegular reports whether the entry is a regular file.
func (e EntryInfo) IsRegular() bool { return e.Mode == unix.S_IFREG }

// IsDir reports whether the entry is a directory.
func (e EntryInfo) IsDir() bool { return e.Mode == unix.S_IFDIR }

func entryInfo(st *unix.Stat_t) EntryInfo {
	m := time.Unix(int64(st.Mtim.Sec), int64(st.Mtim.Nsec))
	if c := time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec)); c.After(m) {
		m = c
	}
	return EntryInfo{Dev: uint64(st.Dev), Ino: uint64(st.Ino), Mode: uint32(st.Mode) & unix.S_IFMT,
		UID: int(st.Uid), Changed: m, Blocks: int64(st.Blocks)}
}

// OpenSweepDir opens dir (not through a symlink as its last element) and
// lists its entries.
func OpenSweepDir(dir string) (*SweepDir, []string, error) {
	fd, err := openRetry(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	d := &SweepDir{fd: fd, path: dir}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, nil, err
	}
	d.Dev = uint64(st.Dev)
	names, err := sweepNames(fd)
	if err != nil {
		unix.Close(fd)
		return nil, nil, err
	}
	return d, names, nil
}

func sweepNames(fd int) ([]string, error) {
	buf := make([]byte, 64<<10)
	var names []string
	for {
		n, err := unix.ReadDirent(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return names, nil
		}
		_, _, names = unix.ParseDirent(buf[:n], -1, names)
	}
}

// Close closes the directory.
func (d *SweepDir) Close() error { return unix.Close(d.fd) }

// Lstat describes the entry name without following it.
func (d *SweepDir) Lstat(name string) (EntryInfo, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(d.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return EntryInfo{}, err
	}
	return entryInfo(&st), nil
}

// openEntry opens the entry name without following a symlink and without
// blocking (a FIFO put in its place), and without updating its access time
// where the kernel allows (O_NOATIME: the owner, or root).
func (d *SweepDir) openEntry(name string, flags int) (int, error) {
	flags |= unix.O_NOFOLLOW | unix.O_NONBLOCK | unix.O_CLOEXEC
	fd, err := unix.Openat(d.fd, name, flags|oNoatime, 0)
	if err == unix.EPERM && oNoatime != 0 {
		fd, err = unix.Openat(d.fd, name, flags, 0)
	}
	return fd, err
}

// A HeldLock is an owner's lock file whose flock the sweep holds: its
// owner is gone.
type HeldLock struct {
	fd   int
	Info EntryInfo
	Data []byte // the content, as ParseOwner reads it
}

// OpenLock opens the lock file name and tries its flock. alive: its owner
// holds it (nothing is kept open). Otherwise the returned lock holds the
// flock, so that no process can take the token meanwhile, and the file's
// content is read. info is that of the lock file, when it could be
// opened.
func (d *SweepDir) OpenLock(name string) (l *HeldLock, alive bool, err error) {
	fd, err := d.openEntry(name, unix.O_RDONLY)
	if err != nil {
		return nil, false, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, false, err
	}
	info := entryInfo(&st)
	if !info.IsRegular() {
		unix.Close(fd)
		return nil, false, ErrChanged
	}
	if err := ignoringEINTR(func() error { return unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB) }); err != nil {
		unix.Close(fd)
		if err == unix.EWOULDBLOCK {
			return nil, true, nil
		}
		return nil, false, err
	}
	data, err := io.ReadAll(io.LimitReader(fdReader(fd), 1<<20))
	if err != nil {
		unix.Close(fd)
		return nil, false, err
	}
	return &HeldLock{fd: fd, Info: info, Data: data}, false, nil
}

type fdReader int

func (r fdReader) Read(b []byte) (int, error) {
	for {
		n, err := unix.Read(int(r), b)
		if err == unix.EINTR {
			continue
		}
		if n == 0 && err == nil {
			return 0, io.EOF
		}
		if n < 0 {
			n = 0
		}
		return n, err
	}
}

// Release releases the lock file's flock.
func (l *HeldLock) Release() { unix.Close(l.fd) }

// RemoveLock removes the lock file name, held as l, if the name still
// leads to it; with dry it only checks.
func (d *SweepDir) RemoveLock(name string, l *HeldLock, dry bool) error {
	var st unix.Stat_t
	if err := unix.Fstatat(d.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return err
	}
	if uint64(st.Dev) != l.Info.Dev || uint64(st.Ino) != l.Info.Ino {
		return ErrChanged
	}
	if dry {
		return nil
	}
	return ignoreNotExist(unix.Unlinkat(d.fd, name, 0))
}

// RemoveEntry removes the entry name if it still is the entry the scan
// saw (want: same device and inode) and nobody holds a flock on it: it is
// opened relative to the directory without following a symlink, checked
// through that descriptor, and flocked (LOCK_NB: a holder makes it fail
// with ErrLocked) for the time of the removal. A file goes with unlinkat;
// a directory with the tree removal of Dir.Close. With dry it only
// checks. Between the check and the unlinkat, only someone who may write
// in the directory (in a sticky directory like /tmp: the entry's owner)
// can swap the name.
//
// freed is the disk space of the entry, measured through the checked
// descriptor just before the removal (with dry: what a removal would
// free): a file's blocks; a directory's and those of its whole tree, as
// du counts them (see treeUsage). When the removal fails, freed is 0,
// though part of a tree may be gone.
func (d *SweepDir) RemoveEntry(name string, want EntryInfo, dry bool) (freed int64, err error) {
	flags := unix.O_RDONLY
	if want.IsDir() {
		flags |= unix.O_DIRECTORY
	}
	fd, err := d.openEntry(name, flags)
	if err == unix.EACCES && !want.IsDir() {
		fd, err = d.openEntry(name, unix.O_WRONLY) // a write-only file of ours
	}
	switch err {
	case nil:
	case unix.ELOOP, unix.ENOTDIR, unix.ENXIO:
		return 0, ErrChanged // a symlink, a file or a socket in its place now
	default:
		return 0, err
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return 0, err
	}
	if got := entryInfo(&st); got.Dev != want.Dev || got.Ino != want.Ino || got.Mode != want.Mode || got.Dev != d.Dev {
		return 0, ErrChanged
	}
	if err := ignoringEINTR(func() error { return unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB) }); err != nil {
		if err == unix.EWOULDBLOCK {
			return 0, ErrLocked
		}
		return 0, err
	}
	freed = int64(st.Blocks) * 512
	if want.IsDir() {
		freed = d.treeUsage(fd, &st)
	}
	if dry {
		return freed, nil
	}
	if want.IsDir() {
		err = sweepRemoveTree(d, name)
	} else {
		err = ignoreNotExist(unix.Unlinkat(d.fd, name, 0))
	}
	if err != nil {
		return 0, err
	}
	return freed, nil
}

// treeUsage is the disk space of the directory open at fd (st: its
// fstat) and of everything below it, as du counts it: the blocks of every
// entry, a file with several links once, no symlink followed (fstatat and
// openat with AT_SYMLINK_NOFOLLOW, O_NOFOLLOW, relative to the directory
// descriptors it holds, so a directory renamed meanwhile cannot lead it
// out of the tree), nothing on another device than the swept directory's
// (the tree removal does not go there either), at most maxEntries entries
// of one directory. A directory it cannot read counts only itself. It
// opens directories with O_NOATIME where allowed: a dry run (df's orphan
// count) must not make a tree look recently used.
func (d *SweepDir) treeUsage(fd int, st *unix.Stat_t) int64 {
	seen := map[[2]uint64]bool{}
	var walk func(fd int, st *unix.Stat_t) int64
	walk = func(fd int, st *unix.Stat_t) int64 {
		total := int64(st.Blocks) * 512
		names, _ := sweepNames(fd)
		for i, n := range names {
			if i == maxEntries {
				break
			}
			var cst unix.Stat_t
			if err := ignoringEINTR(func() error { return unix.Fstatat(fd, n, &cst, unix.AT_SYMLINK_NOFOLLOW) }); err != nil {
				continue // gone since the listing
			}
			if cst.Mode&unix.S_IFMT != unix.S_IFDIR {
				if cst.Nlink > 1 {
					key := [2]uint64{uint64(cst.Dev), uint64(cst.Ino)}
					if seen[key] {
						continue
					}
					seen[key] = true
				}
				total += int64(cst.Blocks) * 512
				continue
			}
			if uint64(cst.Dev) != d.Dev {
				continue
			}
			const oflags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
			sub, err := openatRetry(fd, n, oflags|oNoatime)
			if err == unix.EPERM && oNoatime != 0 {
				sub, err = openatRetry(fd, n, oflags)
			}
			if err != nil {
				total += int64(cst.Blocks) * 512
				continue
			}
			total += walk(sub, &cst)
			unix.Close(sub)
		}
		return total
	}
	return walk(fd, st)
}

// sweepRemoveTree removes the directory name of d with the code of
// Dir.Close, relative to d's descriptor.
func sweepRemoveTree(d *SweepDir, name string) error { return RemoveTreeAt(d.fd, name) }
