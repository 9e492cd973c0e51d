package tempfile

import (
	"testing"

	"github.com/tmpguard/tempfile/internal/sys"
)

// WithoutSecretMem makes locked memory come from mlock even where the
// kernel has memfd_secret.
func WithoutSecretMem(t testing.TB) {
	t.Helper()
	t.Cleanup(sys.WithoutSecretMem())
}
