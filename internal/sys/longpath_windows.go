//go:build windows

package sys

import (
	"path/filepath"
	"strings"
)

// longPath returns p in a form that the Win32 file functions take past
// MAX_PATH, as package os does for its own calls (fixLongPath): a path
// that is, once made absolute, 248 bytes or longer gets the \\?\ prefix
// (\\?\UNC\ for a UNC path) and is made absolute and normalized first,
// since the system does not normalize a prefixed path (no "..", no "/").
// Shorter paths, device paths (\\.\) and prefixed paths are returned as
// they are.
func longPath(p string) string {
	if strings.HasPrefix(p, `\\?\`) || strings.HasPrefix(p, `\??\`) || strings.HasPrefix(p, `\\.\`) ||
		strings.HasPrefix(p, `//?/`) || strings.HasPrefix(p, `//./`) {
		return p
	}
	if len(p) < 248 && filepath.IsAbs(p) {
		return p // the common case: no allocation
	}
	abs, err := filepath.Abs(p) // GetFullPathName: what the system would make of p
	if err != nil || len(abs) < 248 {
		return p
	}
	if strings.HasPrefix(abs, `\\`) {
		return `\\?\UNC\` + abs[2:]
	}
	return `\\?\` + abs
}
