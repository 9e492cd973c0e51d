//go:build !unix

package sys

import (
	"fmt"
	"io/fs"
	"os"
)

// ErrReplaced reports a tree root whose name leads to another directory,
// or to something else, than the one expected.
var ErrReplaced = fmt.Errorf("the name leads to another directory now, or to nothing (renamed or replaced by another process): %w", fs.ErrNotExist)

// RemoveTreeSame is [RemoveTree] for a directory whose name other users
// may have renamed or replaced: it checks first that the name leads to
// want. The check and the removal are separate steps here.
func RemoveTreeSame(p Path, want os.FileInfo) error {
	fi, err := os.Lstat(p.String())
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil || !os.SameFile(fi, want) {
		return &fs.PathError{Op: "cleanup", Path: p.String(), Err: ErrReplaced}
	}
	return RemoveTree(p)
}
