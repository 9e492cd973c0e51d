//go:build !unix || aix

package sys

// An OwnerLock is a lock file; there are none on this platform: objects
// are not marked.
type OwnerLock struct{}

// CreateOwnerLock answers errors.ErrUnsupported.
func CreateOwnerLock(dir, token string) (*OwnerLock, error) { return nil, errUnsupported }

func (l *OwnerLock) AppendKept(name string) error { return errUnsupported }
func (l *OwnerLock) Close(unlink bool) error      { return nil }

// BootID returns "": no boot ID is read here.
func BootID() string { return "" }
