//go:build !linux

package main

import "errors"

// fsInfo is what statfs says of a directory's filesystem.
type fsInfo struct {
	magic string
	name  string
	total int64
	tmpfs bool
}

// statFS is Linux's; elsewhere the type and size are not told.
func statFS(dir string) (fsInfo, error) {
	return fsInfo{}, errors.ErrUnsupported
}
