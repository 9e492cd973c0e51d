//go:build unix && !linux

package sys

import (
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// batch is how many names one reading of a directory takes at most: the
// memory a level of the tree holds while its subdirectories are removed.
const batch = 128

// contents removes the entries of the open directory dirfd that one
// reading shows. It reads a batch of names, closes the reading (so that no
// buffer stays with the level while a subdirectory is removed), removes
// them, and reads again from the start: what was removed is gone, what
// could not be is skipped. Reading a directory while removing from it can
// skip entries on darwin and the BSDs: the caller reads again while a pass
// removes anything.
func (r *remover) contents(dirfd int) {
	var failed map[string]bool
	handled := 0
	for {
		before := r.removed
		names, err := readNames(dirfd, failed)
		if err != nil {
			r.add("", err)
			return
		}
		if len(names) == 0 || len(failed) >= maxPerDir {
			return // empty, or it stays: its first errors say why
		}
		if handled += len(names); handled > maxEntries {
			r.add("", errors.New("entries keep being added to this directory: not removed"))
			return
		}
		for _, e := range names {
			errs := r.nerr
			r.entry(dirfd, e.Name(), e.Type().IsDir())
			if r.nerr > errs {
				if failed == nil {
					failed = map[string]bool{}
				}
				failed[e.Name()] = true
			}
		}
		if r.removed == before {
			return // entries shown but not removable, without an error: let rmdir say
		}
	}
}

// readNames reads, from the start of dirfd, up to batch entries not in
// skip.
func readNames(dirfd int, skip map[string]bool) ([]os.DirEntry, error) {
	if _, err := unix.Seek(dirfd, 0, io.SeekStart); err != nil {
		return nil, err
	}
	// A dup shares the offset but closing it leaves dirfd open.
	rfd, err := unix.Dup(dirfd)
	if err != nil {
		return nil, err
	}
	unix.CloseOnExec(rfd)
	d := os.NewFile(uintptr(rfd), "")
	defer d.Close()
	var out []os.DirEntry
	for len(out) < batch {
		ents, err := d.ReadDir(batch)
		for _, e := range ents {
			if !skip[e.Name()] && len(out) < batch {
				out = append(out, e)
			}
		}
		if err == io.EOF || len(ents) == 0 {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
	return out, nil
}
