package sys

import "strings"

// A Path is a file path kept with a NUL byte after it, so that a system
// call can take it as it is, with no copy: the paths of temporary objects
// are made once and used at least twice (to create and to remove).
type Path struct{ z string } // z ends in NUL

// MakePath returns the Path of b, which must not contain a NUL byte.
func MakePath(b []byte) Path { return Path{string(b) + "\x00"} } // one allocation

// PathOf returns the Path of s, which must not contain a NUL byte.
func PathOf(s string) Path { return Path{s + "\x00"} }

// String returns the path, without its NUL.
func (p Path) String() string {
	if p.z == "" {
		return ""
	}
	return p.z[:len(p.z)-1]
}

// valid reports whether the path can reach a system call: no NUL inside.
func (p Path) valid() bool { return !strings.Contains(p.String(), "\x00") }
