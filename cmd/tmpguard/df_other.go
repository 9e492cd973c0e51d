//go:build !linux

package main

import (
	"io/fs"
	"os"
	"path/filepath"
)

// scanUsage measures every entry at the top of dir, portably: sizes are
// apparent sizes, ages modification times, and symbolic links are not
// followed (filepath.WalkDir does not). The Linux version walks with
// directory descriptors and counts disk usage.
func scanUsage(dir string) (entries []entryUsage, unreadable int, err error) {
	list, err := os.ReadDir(dir)
	if err != nil {
		return nil, 0, err
	}
	for _, de := range list {
		e := entryUsage{name: de.Name()}
		fi, err := de.Info()
		if err != nil {
			continue // gone since the listing
		}
		e.uid, e.owned = fileOwner(fi)
		filepath.WalkDir(filepath.Join(dir, de.Name()), func(_ string, d fs.DirEntry, err error) error {
			if err != nil {
				unreadable++
				return nil
			}
			if info, err := d.Info(); err == nil {
				e.bytes += info.Size()
				if t := info.ModTime(); t.After(e.newest) {
					e.newest = t
				}
			}
			return nil
		})
		entries = append(entries, e)
	}
	return entries, unreadable, nil
}
