//go:build !linux

package sys

import "os"

// Pin answers errors.ErrUnsupported: only Linux can hold a file by an
// O_PATH descriptor and open it again through it.
func Pin(f *os.File) (*os.File, error) { return nil, errUnsupported }

// Reopen answers errors.ErrUnsupported: only Linux can open a file again
// through its descriptor (/proc/self/fd).
func Reopen(f *os.File, flag int) (*os.File, error) { return nil, errUnsupported }
