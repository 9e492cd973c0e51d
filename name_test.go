package tempfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tmpguard/tempfile"
)

// TestPlantedSymlinkNotFollowed plants a symlink at the name the creation
// loop is forced to try first: creation must pick the next name and leave
// the link's target alone, for every kind of object.
func TestPlantedSymlinkNotFollowed(t *testing.T) {
	first := strings.Repeat("a", tempfile.RandLen)
	second := strings.Repeat("b", tempfile.RandLen)
	kinds := []struct {
		name   string
		create func(dir string) (string, func() error, error)
	}{
		{"NewFile", func(dir string) (string, func() error, error) {
			f, err := tempfile.NewFile(tempfile.InDir(dir))
			if err != nil {
				return "", nil, err
			}
			f.WriteString("written through the temp file")
			return f.Name(), f.Close, nil
		}},
		{"NewDir", func(dir string) (string, func() error, error) {
			d, err := tempfile.NewDir(tempfile.InDir(dir))
			if err != nil {
				return "", nil, err
			}
			return d.Path(), d.Close, nil
		}},
		{"New-fallback", func(dir string) (string, func() error, error) {
			f, err := tempfile.New(tempfile.InDir(dir))
			if err != nil {
				return "", nil, err
			}
			f.WriteString("written through the temp file")
			return filepath.Join(dir, "tmp"+second), f.Close, nil
		}},
	}
	for _, k := range kinds {
		for _, target := range []string{"existing", "dangling"} {
			t.Run(k.name+"/"+target, func(t *testing.T) {
				tempfile.WithNames(t, first, second)
				tempfile.WithoutMarks(t)
				tempfile.WithoutTmpfile(t)
				dir, outside := t.TempDir(), t.TempDir()
				victim := filepath.Join(outside, "victim")
				if target == "existing" {
					must(t, os.WriteFile(victim, []byte("original"), 0o644))
				}
				planted := filepath.Join(dir, "tmp"+first)
				must(t, os.Symlink(victim, planted))

				got, cleanup, err := k.create(dir)
				if err != nil {
					t.Fatalf("%s = %v, want it to take the next name", k.name, err)
				}
				if k.name != "New-fallback" && got != filepath.Join(dir, "tmp"+second) {
					t.Errorf("%s created %q, want the second name", k.name, got)
				}
				must(t, cleanup())
				if target == "existing" {
					if b := readFile(t, victim); b != "original" {
						t.Errorf("symlink target now holds %q", b)
					}
				} else {
					mustNotExist(t, victim)
				}
				if l, err := os.Readlink(planted); err != nil || l != victim {
					t.Errorf("planted link changed: %q, %v", l, err)
				}
				if names := entries(t, dir); len(names) != 1 {
					t.Errorf("directory holds %q, want only the planted link", names)
				}
			})
		}
	}
}

func TestCollisionsExhausted(t *testing.T) {
	same := strings.Repeat("c", tempfile.RandLen)
	tempfile.WithNames(t, same)
	tempfile.WithoutMarks(t)
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "tmp"+same), nil, 0o600))
	_, err := tempfile.NewFile(tempfile.InDir(dir))
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrExist) || !errors.As(err, &pe) || pe.Op != "createtemp" {
		t.Fatalf("NewFile with every name taken = %v, want *fs.PathError createtemp matching fs.ErrExist", err)
	}
	if !strings.Contains(err.Error(), "100 random names") {
		t.Errorf("error %q does not say how many names were tried", err)
	}
	if _, err := tempfile.NewDir(tempfile.InDir(dir)); !errors.Is(err, fs.ErrExist) {
		t.Errorf("NewDir with every name taken = %v, want fs.ErrExist", err)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("directory holds %q, want only the planted file", got)
	}
}

// FuzzName checks names made from arbitrary prefixes and suffixes: either
// the option is refused (a separator or NUL), the name is too long for the
// filesystem, or the file is exactly dir/prefix+random+token+suffix.
func FuzzName(f *testing.F) {
	for _, s := range [][2]string{{"tmp", ""}, {"cache-", ".json"}, {"", ""}, {"a/b", ""}, {"", "x\x00"}, {"..", ".."}, {"é", "ü"}} {
		f.Add(s[0], s[1])
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, prefix, suffix string) {
		file, err := tempfile.NewFile(tempfile.InDir(dir), tempfile.Prefix(prefix), tempfile.Suffix(suffix))
		bad := strings.ContainsAny(prefix+suffix, "/\x00") || strings.ContainsRune(prefix+suffix, filepath.Separator)
		if bad {
			if !errors.Is(err, tempfile.ErrInvalidOption) {
				t.Fatalf("NewFile(Prefix(%q), Suffix(%q)) = %v, want ErrInvalidOption", prefix, suffix, err)
			}
			return
		}
		n := tempfile.RandLen + tempfile.TokenLen // the random part and the owner mark
		if len(prefix)+n+len(suffix) > 255 {
			if err == nil {
				file.Close()
				t.Fatalf("a %d-byte name was accepted", len(prefix)+n+len(suffix))
			}
			return
		}
		if err != nil {
			t.Fatalf("NewFile(Prefix(%q), Suffix(%q)) = %v", prefix, suffix, err)
		}
		base := filepath.Base(file.Name())
		mid, ok := strings.CutPrefix(base, prefix)
		mid, ok2 := strings.CutSuffix(mid, suffix)
		if filepath.Dir(file.Name()) != dir || !ok || !ok2 || len(mid) != n || strings.Trim(mid, tempfile.Alphabet) != "" {
			t.Errorf("NewFile(Prefix(%q), Suffix(%q)).Name() = %q", prefix, suffix, file.Name())
		}
		must(t, file.Close())
		if names := entries(t, dir); len(names) != 0 {
			t.Fatalf("left behind: %q", names)
		}
	})
}
