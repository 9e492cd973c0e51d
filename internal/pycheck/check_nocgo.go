//go:build !cgo

package pycheck

// Available reports whether Check can parse Python: false in a build
// without cgo.
func Available() bool { return false }

func check(src []byte, opts *Options) ([]Finding, error) { return nil, ErrUnavailable }
