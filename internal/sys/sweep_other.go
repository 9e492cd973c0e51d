//go:build !unix || aix

package sys

import (
	"errors"
	"time"
)

var (
	ErrChanged = errors.New("replaced since the scan")
	ErrLocked  = errors.New("someone holds a flock on it")
)

// A SweepDir is a directory open for a sweep; there is no sweep here.
type SweepDir struct{ Dev uint64 }

// An EntryInfo describes an entry.
type EntryInfo struct {
	Dev, Ino uint64
	Mode     uint32
	UID      int
	Changed  time.Time
	Blocks   int64
}

func (e EntryInfo) IsRegular() bool { return false }
func (e EntryInfo) IsDir() bool     { return false }

// A HeldLock is a lock file whose flock the sweep holds.
type HeldLock struct {
	Info EntryInfo
	Data []byte
}

// OpenSweepDir answers errors.ErrUnsupported: objects are not marked here.
func OpenSweepDir(dir string) (*SweepDir, []string, error) {
	return nil, nil, errUnsupported
}

func (d *SweepDir) Close() error                                        { return nil }
func (d *SweepDir) Lstat(name string) (EntryInfo, error)                { return EntryInfo{}, errUnsupported }
func (d *SweepDir) OpenLock(name string) (*HeldLock, bool, error)       { return nil, false, errUnsupported }
func (l *HeldLock) Release()                                            {}
func (d *SweepDir) RemoveLock(name string, l *HeldLock, dry bool) error { return errUnsupported }
func (d *SweepDir) RemoveEntry(name string, want EntryInfo, dry bool) (int64, error) {
	return 0, errUnsupported
}
