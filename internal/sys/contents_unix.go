//go:build unix && !linux

package sys

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// contents removes every entry of the open directory dirfd, whose path is
// dir (for messages only: every call works relative to a descriptor). One
// pass is enough: removing entries never hides the others from a reader.
func (r *remover) contents(dirfd int, dir string) {
	// Dup so that closing the *os.File used for reading leaves dirfd open.
	rfd, err := unix.Dup(dirfd)
	if err != nil {
		r.add(dir, err)
		return
	}
	unix.CloseOnExec(rfd)
	d := os.NewFile(uintptr(rfd), dir)
	defer d.Close()
	for {
		ents, err := d.ReadDir(1024)
		for _, e := range ents {
			r.entry(dirfd, dir, e.Name(), e.Type().IsDir())
		}
		if err != nil && err != io.EOF {
			r.add(dir, err)
			return
		}
		if err == io.EOF || len(ents) == 0 {
			return
		}
	}
}
