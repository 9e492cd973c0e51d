package tempfile_test

import (
	"errors"
	"testing"

	"github.com/tmpguard/tempfile"
)

// TestColonRefused: on Windows "tmpX:s" is the stream s of a file tmpX
// that the system creates on the way; removing the stream would leave it.
func TestColonRefused(t *testing.T) {
	dir := t.TempDir()
	for _, opt := range []tempfile.Option{tempfile.Prefix("a:"), tempfile.Suffix(":s")} {
		f, err := tempfile.NewFile(tempfile.InDir(dir), opt)
		if err == nil {
			f.Close()
		}
		if !errors.Is(err, tempfile.ErrInvalidOption) {
			t.Errorf("NewFile with a colon = %v, want ErrInvalidOption", err)
		}
	}
	mustBeEmpty(t, dir)
}
