package tempfiletest_test

import (
	"testing"

	"github.com/tmpguard/tempfile"
	"github.com/tmpguard/tempfile/tempfiletest"
)

func ExampleNoLeaks() {
	// In a test file:
	_ = func(t *testing.T) {
		tempfiletest.NoLeaks(t) // fails t if a File, Dir or Spooled is left open
		f, err := tempfile.NewFile()
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		// ... the code under test ...
	}
}
