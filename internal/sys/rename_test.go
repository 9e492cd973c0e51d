//go:build unix

package sys

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestRenameNoReplace runs both ways of moving without replacing: the
// system's own (RenameNoReplace) and the link-and-unlink fallback that
// other systems and some filesystems use.
func TestRenameNoReplace(t *testing.T) {
	for name, mv := range map[string]func(string, string) error{
		"RenameNoReplace": RenameNoReplace,
		"linkNoReplace":   linkNoReplace,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			src, taken, free := filepath.Join(dir, "src"), filepath.Join(dir, "taken"), filepath.Join(dir, "free")
			for path, data := range map[string]string{src: "ours", taken: "theirs"} {
				if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := mv(src, taken); !errors.Is(err, fs.ErrExist) {
				t.Errorf("%s(src, taken) = %v, want fs.ErrExist", name, err)
			}
			for path, want := range map[string]string{src: "ours", taken: "theirs"} {
				if b, err := os.ReadFile(path); err != nil || string(b) != want {
					t.Errorf("after the refusal %s holds %q, %v; want %q", filepath.Base(path), b, err, want)
				}
			}
			if err := mv(src, free); err != nil {
				t.Fatalf("%s(src, free) = %v", name, err)
			}
			if _, err := os.Lstat(src); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("src still there after the move: %v", err)
			}
			if b, err := os.ReadFile(free); err != nil || string(b) != "ours" {
				t.Errorf("free holds %q, %v; want %q", b, err, "ours")
			}
		})
	}
}
