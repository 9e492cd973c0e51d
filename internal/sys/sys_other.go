//go:build !unix && !windows

package sys

import "os"

// On this platform the package has no safe primitives: every function
// answers errors.ErrUnsupported.

func CreateExcl(p Path, perm uint32, exact bool) (*os.File, error)      { return nil, errUnsupported }
func CreateAnon(p Path, perm uint32, exact bool) (*os.File, error)      { return nil, errUnsupported }
func OpenTmpfile(dir string, perm uint32, exact bool) (*os.File, error) { return nil, errUnsupported }
func Mkdir(p Path, perm uint32, exact bool) error                       { return errUnsupported }
func Remove(p Path) error                                               { return errUnsupported }
func IsCrossDevice(err error) bool                                      { return false }
func SyncDir(dir string) error                                          { return errUnsupported }
func SyncPath(path string) error                                        { return errUnsupported }
func OpenNoFollow(path string, flag int) (*os.File, error)              { return nil, errUnsupported }
func Renamed(f *os.File, name string) (*os.File, error)                 { return f, errUnsupported }
func RenameNoReplace(oldpath, newpath string) error                     { return errUnsupported }
func RemoveTree(p Path) error                                           { return errUnsupported }
func FreeSpace(dir string) (int64, int64, error)                        { return 0, 0, errUnsupported }
func FSKey(dir string) (string, error)                                  { return "", errUnsupported }
func IsNoSpace(err error) bool                                          { return false }
