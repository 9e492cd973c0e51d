//go:build unix

package sys

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Tree removal, written for the reader who will attack it.
//
// Every system call below works on a directory descriptor and a single
// name in it (no path with a slash is ever resolved inside the tree), and
// none follows a symlink:
//
//   - unlinkat removes a name, whatever it is: a symlink goes, its target
//     stays;
//   - openat uses O_NOFOLLOW|O_DIRECTORY, so a symlink or a file swapped in
//     for a directory fails the open (and is then unlinked as a name);
//   - a mode is changed only through a descriptor of the very inode that
//     was checked (fchmod of a directory we hold open, or chmodAt below),
//     only on a directory, only if the caller owns it, and only to add the
//     owner's rwx bits: never through a name that could be swapped;
//   - every directory entered is checked to be on the mount of the root's
//     parent, so a mount point, a bind mount included, is never crossed.
//
// What another process can still do, by renaming entries of a directory
// it can write to, is make an entry of the tree escape removal (it is then
// reported) or make the removal unlink a name it put inside the tree:
// nothing outside the tree is removed, opened for writing, or changed.
//
// Memory: the removal holds one descriptor and one name per level of the
// tree and one directory buffer in all; paths are built only for error
// messages.

// maxPasses bounds how often a directory is read again when entries keep
// appearing in it (another process adding them), or when the system's
// directory reading skipped some while entries were removed (darwin and
// the BSDs can).
const maxPasses = 64

// RemoveTree removes path and everything below it. It never follows a
// symlink (a link is removed, its target is not touched), never descends
// into another mount (see mountOf), gives its owner full access to the
// read-only, unreadable and unsearchable directories of the tree that the
// caller owns, so that their entries can go, and goes on after an error:
// the result joins one *os.PathError per path that could not be removed.
// A path that does not exist is not an error.
func RemoveTree(p Path) error {
	// Fast path: an empty directory, the common case, is one rmdir.
	err := unlinkPath(p, unix.AT_REMOVEDIR)
	if err == nil || err == unix.ENOENT {
		return nil
	}
	path := p.String()
	dir, name := filepath.Split(path)
	if name == "" {
		return pathErr(path, unix.EINVAL)
	}
	// The parent is the directory the path names, reached through any
	// symlinks in the way ("/." makes it a real directory): /tmp on macOS,
	// for one, is a link to another volume. Everything below works
	// relative to it.
	pfd, oerr := openRetry(dir+".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if oerr != nil {
		return pathErr(path, oerr)
	}
	defer unix.Close(pfd)
	return removeAt(pfd, name, dir, err == unix.ENOTDIR, nil)
}

// RemoveTreeSame is [RemoveTree] for a directory whose name other users
// may have renamed or replaced: it removes the tree only if the directory
// it opens (without following a symlink) is want, compared by device and
// inode; otherwise it fails with an error matching fs.ErrNotExist and
// touches nothing. What remains is the moment between emptying the
// directory and removing its name: a directory swapped in then, if empty,
// is removed in its place.
func RemoveTreeSame(p Path, want os.FileInfo) error {
	st, ok := want.Sys().(*syscall.Stat_t)
	if !ok {
		return pathErr(p.String(), errors.ErrUnsupported)
	}
	path := p.String()
	dir, name := filepath.Split(path)
	pfd, err := openRetry(dir+".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return pathErr(path, err)
	}
	defer unix.Close(pfd)
	return removeAt(pfd, name, dir, false, &identity{dev: uint64(st.Dev), ino: uint64(st.Ino)})
}

// An identity is a file's device and inode.
type identity struct{ dev, ino uint64 }

// ErrReplaced reports a tree root whose name leads to another directory,
// or to something else, than the one expected.
var ErrReplaced = fmt.Errorf("the name leads to another directory now, or to nothing (renamed or replaced by another process): %w", fs.ErrNotExist)

// RemoveTreeAt removes the entry name of the directory dirfd, a file or a
// whole tree, with the rules of [RemoveTree]; the tree must be on dirfd's
// mount. Errors name paths relative to dirfd.
func RemoveTreeAt(dirfd int, name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsRune(name, '/') {
		return pathErr(name, unix.EINVAL)
	}
	return removeAt(dirfd, name, "", false, nil)
}

func removeAt(pfd int, name, base string, isFile bool, want *identity) error {
	m, err := mountOf(pfd, "")
	if err != nil {
		return pathErr(filepath.Join(base, name), err)
	}
	r := remover{base: base, mount: m, uid: unix.Geteuid(), want: want}
	r.entry(pfd, name, !isFile)
	if r.nerr > len(r.errs) {
		r.errs = append(r.errs, fmt.Errorf("cleanup %s: %d more entries could not be removed (only the first %d are listed)",
			filepath.Join(base, name), r.nerr-len(r.errs), maxErrs))
	}
	return errors.Join(r.errs...)
}

// maxErrs bounds the errors a removal lists: a tree where another user
// made thousands of entries that cannot be removed must not make the
// report, and the memory it takes, grow with them.
const maxErrs = 16

// maxPerDir is how many failures in one directory the removal goes
// through before it stops reading that directory: it will stay anyway,
// and another user can fill it with entries that all fail alike.
const maxPerDir = 64

// maxEntries bounds the entries one reading of a directory handles, so
// that another process adding entries as fast as they go cannot hold the
// removal forever.
const maxEntries = 1 << 20

type remover struct {
	base    string    // the root's parent, for messages ("" for RemoveTreeAt)
	names   []string  // the names from the root down to the directory being emptied
	mount   mount     // of the root's parent: every directory removed must be on it
	uid     int       // the effective user: only its own directories are chmod'ed
	errs    []error   // the first maxErrs errors
	nerr    int       // all the errors: whether a pass made any
	buf     []byte    // Linux: the one getdents buffer
	removed int       // entries removed so far: whether a pass made progress
	want    *identity // if set, the root must be this directory
}

// path names the entry name of the directory being emptied (or that
// directory itself when name is ""): built only for error messages.
func (r *remover) path(name string) string {
	var b strings.Builder
	b.WriteString(r.base)
	for i, n := range r.names {
		if i > 0 || (r.base != "" && !strings.HasSuffix(r.base, "/")) {
			b.WriteByte('/')
		}
		b.WriteString(n)
	}
	if name != "" {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), "/") {
			b.WriteByte('/')
		}
		b.WriteString(name)
	}
	return b.String()
}

func (r *remover) add(name string, err error) {
	if err == nil {
		return
	}
	r.nerr++
	if len(r.errs) < maxErrs {
		r.errs = append(r.errs, &os.PathError{Op: "cleanup", Path: r.path(name), Err: err})
	}
}

// inside reports whether dirfd is a directory of the tree, which the
// removal may change, rather than the root's parent, which it must not.
func (r *remover) inside() bool { return len(r.names) > 0 }

// entry removes the entry name of dirfd: a file, a link, a device or socket
// with unlinkat; a directory (isDir from the directory entry, checked again
// when it is opened) after its contents.
func (r *remover) entry(dirfd int, name string, isDir bool) {
	if !isDir {
		err := unix.Unlinkat(dirfd, name, 0)
		if (err == unix.EACCES || err == unix.EPERM) && r.inside() && fixDir(dirfd, r.uid) == nil {
			// A read-only directory of ours: made writable, try again.
			err = unix.Unlinkat(dirfd, name, 0)
		}
		if err != unix.EISDIR {
			if err == nil {
				r.removed++
			}
			r.add(name, ignoreNotExist(err))
			return
		}
		// The entry's type was not known: go on below.
	}
	const oflags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
	sub, err := openatRetry(dirfd, name, oflags)
	if r.want != nil && !r.inside() && (err == unix.ENOTDIR || err == unix.ELOOP || err == unix.ENOENT) {
		// Not the directory that was made: whatever is at the name now
		// is someone else's, and the directory is elsewhere.
		r.add(name, ErrReplaced)
		return
	}
	if err == unix.EACCES {
		// name cannot be read, or dirfd cannot be searched (readable but
		// not executable): give their owner, if that is us, full access.
		cerr := chmodDirAt(dirfd, name, r.uid, r.mayChmod)
		if cerr == unix.EACCES && r.inside() && fixDir(dirfd, r.uid) == nil {
			cerr = chmodDirAt(dirfd, name, r.uid, r.mayChmod)
		}
		if cerr == nil {
			sub, err = openatRetry(dirfd, name, oflags)
		} else if cerr != unix.EACCES {
			err = cerr // says why the mode was left alone
		}
	}
	if err == unix.ENOTDIR || err == unix.ELOOP {
		// A file or a symlink, or replaced by one since it was listed:
		// unlink the name.
		err = unix.Unlinkat(dirfd, name, 0)
		if err == nil {
			r.removed++
		}
		r.add(name, ignoreNotExist(err))
		return
	}
	if err != nil {
		r.add(name, ignoreNotExist(err))
		return
	}
	defer unix.Close(sub)
	if r.want != nil && !r.inside() {
		var st unix.Stat_t
		if err := unix.Fstat(sub, &st); err != nil || uint64(st.Dev) != r.want.dev || uint64(st.Ino) != r.want.ino {
			if err == nil {
				err = ErrReplaced
			}
			r.add(name, err)
			return
		}
	}
	if id, err := mountOf(sub, ""); err != nil || !id.same(r.mount) {
		if err == nil {
			err = ErrMountPoint
		}
		r.add(name, err)
		return
	}
	r.names = append(r.names, name)
	err = r.empty(sub)
	r.names = r.names[:len(r.names)-1]
	if err == errStays {
		return // its entries' errors say why it stays
	}
	if err == nil {
		err = r.rmdir(dirfd, name)
	}
	r.add(name, err)
}

// mayChmod vets the directory that chmodDirAt holds (fd, its stat st)
// before its mode changes: it must be on the tree's mount (a filesystem
// mounted inside is not the tree's, even its root), and at the root of a
// removal that expects a given directory, that directory.
func (r *remover) mayChmod(fd int, st *unix.Stat_t) error {
	if m, err := mountOf(fd, ""); err != nil || !m.same(r.mount) {
		if err == nil {
			err = ErrMountPoint
		}
		return err
	}
	if r.want != nil && !r.inside() && (uint64(st.Dev) != r.want.dev || uint64(st.Ino) != r.want.ino) {
		return ErrReplaced
	}
	return nil
}

// errStays says that a directory keeps entries whose errors were reported.
var errStays = errors.New("entries stay")

// empty removes the contents of the open directory sub, reading it again
// while entries remain (a bounded number of times), and reports whether it
// is now empty: nil, errStays if entries stayed with their errors
// reported, or why it could not be read.
func (r *remover) empty(sub int) error {
	for pass := 0; ; pass++ {
		before, errs := r.removed, r.nerr
		r.contents(sub)
		if r.nerr > errs {
			return errStays
		}
		if r.removed == before || pass == maxPasses {
			// Nothing more to remove: empty, or entries this reading
			// does not show; rmdir will tell.
			return nil
		}
		if _, err := unix.Seek(sub, 0, io.SeekStart); err != nil {
			return err
		}
	}
}

// rmdir removes the emptied directory name of dirfd, making dirfd
// writable if it is read-only and ours.
func (r *remover) rmdir(dirfd int, name string) error {
	err := unix.Unlinkat(dirfd, name, unix.AT_REMOVEDIR)
	if (err == unix.EACCES || err == unix.EPERM) && r.inside() && fixDir(dirfd, r.uid) == nil {
		err = unix.Unlinkat(dirfd, name, unix.AT_REMOVEDIR)
	}
	if err == nil {
		r.removed++
	}
	if err == unix.EEXIST {
		err = unix.ENOTEMPTY // Solaris and aix say it this way
	}
	if err == unix.ENOTEMPTY {
		// Entries appeared after the last reading (another process
		// keeps adding them): say so rather than loop.
		err = errors.New("directory not empty: entries were added during the removal")
	}
	return ignoreNotExist(err)
}

// fixDir gives the owner full access to the directory dirfd, which the
// removal holds open (so it is the very directory it checked), if uid
// owns it. It never widens anyone else's access.
func fixDir(dirfd, uid int) error {
	var st unix.Stat_t
	if err := unix.Fstat(dirfd, &st); err != nil {
		return err
	}
	if int(st.Uid) != uid {
		return errNotOwner
	}
	return unix.Fchmod(dirfd, uint32(st.Mode&0o7777)|0o700)
}

// errNotOwner is why a directory that blocks the removal was left as it
// is: another user owns it, and its mode is not ours to change.
var errNotOwner = errors.New("permission denied, and another user owns it: its mode is left alone")

func openatRetry(dirfd int, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, name, flags, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

func ignoreNotExist(err error) error {
	if err == unix.ENOENT {
		return nil
	}
	return err
}

func pathErr(path string, err error) error {
	if err == nil {
		return nil
	}
	return &os.PathError{Op: "cleanup", Path: path, Err: err}
}
