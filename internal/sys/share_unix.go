//go:build unix

package sys

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// ShareOf tells how dir is shared with other users (see [Share]), and why
// in words when it is not private. It judges the directory and the path
// that leads to it, as OpenSSH's StrictModes does: every directory on the
// way, and every symlink followed, must be owned by root or the caller,
// and a directory on the way that others (or its group) can write into
// must have the sticky bit; otherwise another user could rename a
// component, or retarget a link, and send later steps elsewhere.
func ShareOf(dir string) (s Share, why string, err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Private, "", err
	}
	euid := unix.Geteuid()
	worst := func(n Share, w string) {
		if n > s {
			s, why = n, w
		}
	}
	judge := func(p string, st *unix.Stat_t, last bool) {
		uid, mode := int(st.Uid), uint32(st.Mode)
		sticky := mode&unix.S_ISVTX != 0
		what := "a directory on its path, " + p + ","
		if last {
			what = "it is"
		}
		switch {
		case uid != 0 && uid != euid:
			worst(Shared, fmt.Sprintf("%s owned by user %d", what, uid))
		case mode&0o002 != 0 && !sticky:
			worst(Shared, fmt.Sprintf("%s writable by others without the sticky bit (mode %#o)", what, mode&0o7777))
		case mode&0o020 != 0 && !sticky:
			worst(GroupShared, fmt.Sprintf("%s writable by its group without the sticky bit (mode %#o)", what, mode&0o7777))
		}
	}
	// Walk the path from the root, following symlinks as the kernel would.
	todo := strings.Split(strings.TrimPrefix(abs, "/"), "/")
	cur, hops := "/", 0
	for len(todo) > 0 {
		elem := todo[0]
		todo = todo[1:]
		switch elem {
		case "", ".":
			continue
		case "..":
			cur = filepath.Dir(cur)
			continue
		}
		p := filepath.Join(cur, elem)
		var st unix.Stat_t
		if err := unix.Lstat(p, &st); err != nil {
			return Private, "", &os.PathError{Op: "lstat", Path: p, Err: err}
		}
		if st.Mode&unix.S_IFMT == unix.S_IFLNK {
			if hops++; hops > 40 {
				return Private, "", &os.PathError{Op: "lstat", Path: p, Err: unix.ELOOP}
			}
			if uid := int(st.Uid); uid != 0 && uid != euid {
				worst(Shared, fmt.Sprintf("a symlink on its path, %s, is owned by user %d", p, uid))
			}
			target, err := os.Readlink(p)
			if err != nil {
				return Private, "", err
			}
			if filepath.IsAbs(target) {
				cur = "/"
			}
			todo = append(strings.Split(strings.TrimPrefix(target, "/"), "/"), todo...)
			continue
		}
		if st.Mode&unix.S_IFMT != unix.S_IFDIR {
			return Private, "", &os.PathError{Op: "stat", Path: p, Err: unix.ENOTDIR}
		}
		judge(p, &st, len(todo) == 0)
		cur = p
	}
	return s, why, nil
}
