package main

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// scanUsage measures every entry at the top of dir. It walks with
// directory descriptors (openat, fstatat with AT_SYMLINK_NOFOLLOW), so no
// symbolic link is ever followed and a directory renamed during the walk
// cannot lead it elsewhere; it stays on dir's filesystem; it counts a
// file with several links once; and it opens directories with O_NOATIME
// where it may (its own, or any as root), so that df does not make
// orphans look recently used. unreadable counts the directories whose
// contents it could not read.
func scanUsage(dir string) (entries []entryUsage, unreadable int, err error) {
	fd, err := openDirNoatime(unix.AT_FDCWD, dir)
	if err != nil {
		return nil, 0, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	var root unix.Stat_t
	if err := unix.Fstat(fd, &root); err != nil {
		unix.Close(fd)
		return nil, 0, &os.PathError{Op: "stat", Path: dir, Err: err}
	}
	names, err := readNames(fd)
	if err != nil {
		unix.Close(fd)
		return nil, 0, &os.PathError{Op: "readdir", Path: dir, Err: err}
	}
	w := &walker{dev: uint64(root.Dev), seen: map[[2]uint64]bool{}}
	for _, name := range names {
		e := entryUsage{name: name}
		var st unix.Stat_t
		if err := unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			continue // gone since the listing
		}
		e.uid, e.owned = int(st.Uid), true
		w.measure(fd, name, &st, &e)
		entries = append(entries, e)
	}
	unix.Close(fd)
	return entries, w.unreadable, nil
}

type walker struct {
	dev        uint64
	seen       map[[2]uint64]bool // files with several links, counted once
	unreadable int
}

// measure adds st, the entry name of the directory dirfd, to e, and
// everything below it if it is a directory on the walk's filesystem.
func (w *walker) measure(dirfd int, name string, st *unix.Stat_t, e *entryUsage) {
	if uint64(st.Nlink) > 1 && st.Mode&unix.S_IFMT != unix.S_IFDIR {
		key := [2]uint64{uint64(st.Dev), uint64(st.Ino)}
		if w.seen[key] {
			return
		}
		w.seen[key] = true
	}
	e.bytes += int64(st.Blocks) * 512
	for _, ts := range []unix.Timespec{st.Atim, st.Mtim, st.Ctim} {
		if t := time.Unix(ts.Unix()); t.After(e.newest) {
			e.newest = t
		}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFDIR || uint64(st.Dev) != w.dev {
		return
	}
	fd, err := openDirNoatime(dirfd, name)
	if err != nil {
		w.unreadable++
		return
	}
	defer unix.Close(fd)
	names, err := readNames(fd)
	if err != nil {
		w.unreadable++
	}
	for _, n := range names {
		var cst unix.Stat_t
		if unix.Fstatat(fd, n, &cst, unix.AT_SYMLINK_NOFOLLOW) == nil {
			w.measure(fd, n, &cst, e)
		}
	}
}

// openDirNoatime opens the directory name in dirfd without following a
// symbolic link, with O_NOATIME if the system lets this user.
func openDirNoatime(dirfd int, name string) (int, error) {
	const flags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
	for {
		fd, err := unix.Openat(dirfd, name, flags|unix.O_NOATIME, 0)
		if err == unix.EPERM {
			// O_NOATIME is for the file's owner (or CAP_FOWNER).
			fd, err = unix.Openat(dirfd, name, flags, 0)
		}
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// readNames lists the directory fd, which it leaves open.
func readNames(fd int) ([]string, error) {
	dup, err := unix.Dup(fd)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(dup), "")
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if errors.Is(err, os.ErrClosed) {
		err = nil
	}
	return names, err
}
