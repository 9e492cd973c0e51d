//go:build unix && !aix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// errSweepRunning: another sweep of this user holds its lock on the
// directory.
var errSweepRunning = errors.New("another sweep of this user is running in this directory")

// lockSweep takes this user's lock on sweeping dir, so that two sweeps of
// one user in one directory do not run at once (their reports would
// disagree: each counts the owners the other is sweeping as live). It is
// a flock on the file sweep-DEV-INO.lock (dir's device and inode, so that
// every spelling of dir names the same lock) in this user's lock
// directory (see sweepLockDir), which no other user can open: no one else
// can hold it and delay our sweeps, as anyone who can read a directory
// could when the lock was a flock on the directory itself.
//
// The lock keeps apart only the sweeps of one user: sweeps of different
// users, or with no lock directory to be had, run at once, which is safe
// (tempfile.Sweep: an owner's objects are judged by the one sweep that
// holds its lock file's flock, an entry is removed under its own flock).
// So when there is no lock directory, or dir cannot be stat'ed (Sweep
// then says why), lockSweep takes no lock and succeeds. The lock file
// stays, empty, for the next sweep: removing a file others may be
// waiting to flock would let two of them hold "the" lock.
func lockSweep(dir string) (unlock func(), err error) {
	var st unix.Stat_t
	if err := unix.Lstat(dir, &st); err != nil {
		return func() {}, nil
	}
	ld, ldPath, ok := sweepLockDir()
	if !ok {
		return func() {}, nil
	}
	defer unix.Close(ld)
	name := fmt.Sprintf("sweep-%d-%d.lock", uint64(st.Dev), uint64(st.Ino))
	path := filepath.Join(ldPath, name)
	// Relative to the checked directory's descriptor, not following a
	// symlink: only this user can write there, but a link it made by
	// mistake must not lead the lock elsewhere.
	var fd int
	for {
		fd, err = unix.Openat(ld, name, unix.O_RDONLY|unix.O_CREAT|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0o600)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &os.PathError{Op: "lock", Path: path, Err: err}
	}
	for {
		err = unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		unix.Close(fd)
		if err == unix.EWOULDBLOCK {
			return nil, fmt.Errorf("%w (it holds %s)", errSweepRunning, quoteName(path))
		}
		return nil, &os.PathError{Op: "lock", Path: path, Err: err}
	}
	return func() { unix.Close(fd) }, nil
}

// sweepLockDir opens this user's lock directory: tmpguard in
// $XDG_RUNTIME_DIR (the user's own runtime directory, a tmpfs on most
// Linux systems), else in the user's cache directory ($XDG_CACHE_HOME,
// ~/.cache, ~/Library/Caches), made 0700 if missing. Each base must be
// this user's, if it exists (root under sudo may still see another user's
// variables: it must not put its directory in theirs). A lock directory is
// taken only if, opened without following a symlink, it is a directory of
// this user that no one else may write; the lock file is then opened
// relative to that descriptor, so a parent directory changed meanwhile
// cannot send it elsewhere. ok is false when no candidate passes.
func sweepLockDir() (fd int, path string, ok bool) {
	type base struct {
		path    string
		mayMake bool // the runtime directory is not ours to make
	}
	var bases []base
	if v := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(v) {
		bases = append(bases, base{v, false})
	}
	if v, err := os.UserCacheDir(); err == nil && filepath.IsAbs(v) {
		bases = append(bases, base{v, true})
	}
	for _, b := range bases {
		var st unix.Stat_t
		if err := unix.Stat(b.path, &st); err == nil {
			if int(st.Uid) != os.Geteuid() || st.Mode&unix.S_IFMT != unix.S_IFDIR {
				continue
			}
		} else if !b.mayMake {
			continue
		}
		dir := filepath.Join(b.path, "tmpguard")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			continue
		}
		fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			continue
		}
		if err := unix.Fstat(fd, &st); err != nil || int(st.Uid) != os.Geteuid() || st.Mode&0o022 != 0 {
			unix.Close(fd)
			continue
		}
		return fd, dir, true
	}
	return -1, "", false
}
