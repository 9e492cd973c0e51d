package tempfile

import (
	"errors"
	"os"
	"testing"
	"time"
)

const RandLen = randLen
const Alphabet = alphabet
const MaxTries = maxTries

// WithNames makes the creation loop draw its random parts from names, in
// order, then repeat the last one; it restores the real generator when the
// test ends.
func WithNames(t testing.TB, names ...string) {
	t.Helper()
	saved := random
	i := 0
	random = func() (b [randLen]byte) {
		copy(b[:], names[min(i, len(names)-1)])
		i++
		return b
	}
	t.Cleanup(func() { random = saved })
}

// WithoutTmpfile makes New take the fallback used where O_TMPFILE is not
// supported.
func WithoutTmpfile(t testing.TB) {
	t.Helper()
	saved := openTmpfile
	openTmpfile = func(string, uint32, bool) (*os.File, error) { return nil, errors.ErrUnsupported }
	t.Cleanup(func() { openTmpfile = saved })
}

// WithChunkSize makes new Spooled objects use chunks of n bytes.
func WithChunkSize(t testing.TB, n int) {
	t.Helper()
	saved := chunkSize
	chunkSize = n
	t.Cleanup(func() { chunkSize = saved })
}

const TokenLen = tokenLen

// DropIdleOwners removes the owner lock files that only linger (see
// lingerFor), so that a test can expect a directory to be empty once its
// objects are closed.
var DropIdleOwners = dropIdleOwners

// WithoutMarks makes objects without the owner mark in their names, for
// tests that force names.
func WithoutMarks(t testing.TB) {
	t.Helper()
	ownerMarks = false
	t.Cleanup(func() { ownerMarks = true })
}

// WithSweepHook makes Sweep call fn with each entry's name between its
// scan and its removal.
func WithSweepHook(t testing.TB, fn func(name string)) {
	t.Helper()
	sweepHook = fn
	t.Cleanup(func() { sweepHook = nil })
}

// WithNewLockGrace sets how long a sweep leaves a lock file under its
// temporary name, for the test.
func WithNewLockGrace(t testing.TB, d time.Duration) {
	saved := newLockGrace
	newLockGrace = d
	t.Cleanup(func() { newLockGrace = saved })
}
