package tempfile

import (
	"testing"

	"github.com/tmpguard/tempfile/internal/sys"
)

// WithoutSecretMem makes locked memory come from mlock even where the
// kernel has memfd_secret. The pool of locked regions is emptied before
// and after, so that no region of the other kind is reused.
func WithoutSecretMem(t testing.TB) {
	t.Helper()
	drainLockedPool()
	restore := sys.WithoutSecretMem()
	t.Cleanup(func() {
		drainLockedPool()
		restore()
	})
}
