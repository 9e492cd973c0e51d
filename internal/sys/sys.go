// Package sys holds the platform primitives of package tempfile: exclusive
// creation without following symlinks, anonymous files, directory creation
// with an exact mode, and tree removal that never leaves its root.
//
// Every function has one portable signature; the files with a build
// constraint implement it for a platform, and sys_other.go answers
// [errors.ErrUnsupported] so that the module builds everywhere.
package sys

import "errors"

// ErrMountPoint reports a directory inside a tree that lives on another
// filesystem: tree removal never crosses into it.
var ErrMountPoint = errors.New("on another filesystem (mount point), not removed")
