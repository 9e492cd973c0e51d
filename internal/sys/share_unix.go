//go:build unix

package sys

import "golang.org/x/sys/unix"

// ShareOf tells how dir is shared with other users (see [Share]), and the
// owner and mode that say so.
func ShareOf(dir string) (s Share, uid int, mode uint32, err error) {
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		return Private, 0, 0, err
	}
	mode, uid = uint32(st.Mode), int(st.Uid)
	sticky := mode&unix.S_ISVTX != 0
	switch {
	case uid != 0 && uid != unix.Geteuid(), mode&0o002 != 0 && !sticky:
		return Shared, uid, mode, nil
	case mode&0o020 != 0 && !sticky:
		return GroupShared, uid, mode, nil
	}
	return Private, uid, mode, nil
}
