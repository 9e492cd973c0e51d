package pycheck

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCheck feeds random bytes to Check: it must not panic nor hang, and
// every finding must have a valid position.
func FuzzCheck(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.py")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("import tempfile\nwith tempfile.NamedTemporaryFile() as f:\n    f.close()\n    open(f.name)\n"))
	f.Add([]byte("\xff\xfe"))
	f.Add([]byte("(((((((((("))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, all := range []bool{false, true} {
			fs, err := Check(src, Options{ParseAll: all, TargetVersion: Version{3, 12}, TempRoots: []string{"/scratch"}})
			var pe *PartialError
			if err != nil && fs != nil && !errors.As(err, &pe) {
				t.Fatalf("findings with an error other than *PartialError")
			}
			if pe != nil && fs == nil {
				t.Fatalf("*PartialError with a nil list of findings")
			}
			for _, x := range fs {
				if x.Line < 1 || x.Column < 1 || x.EndLine < x.Line || (x.EndLine == x.Line && x.EndColumn < x.Column) {
					t.Fatalf("bad position %+v", x)
				}
				if _, ok := Lookup(x.Rule); !ok {
					t.Fatalf("unknown rule %q", x.Rule)
				}
			}
		}
	})
}
