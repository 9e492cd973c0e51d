//go:build unix

package main

import (
	"io/fs"
	"syscall"
)

// fileOwner returns the user ID of fi's owner.
func fileOwner(fi fs.FileInfo) (uid int, ok bool) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid), true
	}
	return 0, false
}
