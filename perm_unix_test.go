//go:build unix

package tempfile_test

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"

	"github.com/tmpguard/tempfile"
)

// withUmask sets the process umask for the test and restores it after.
func withUmask(t *testing.T, mask int) {
	t.Helper()
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

func TestModesWhateverTheUmask(t *testing.T) {
	for _, tc := range []struct {
		umask    int
		opts     []tempfile.Option
		file     fs.FileMode
		dir      fs.FileMode
		optsName string
	}{
		{0o000, nil, 0o600, 0o700, "default"},
		{0o077, nil, 0o600, 0o700, "default"},
		{0o022, nil, 0o600, 0o700, "default"},
		{0o077, []tempfile.Option{tempfile.Perm(0o740)}, 0o740, 0o740, "Perm(0740)"},
		{0o000, []tempfile.Option{tempfile.Perm(0o700)}, 0o700, 0o700, "Perm(0700)"},
		{0o277, []tempfile.Option{tempfile.Perm(0o700)}, 0o700, 0o700, "Perm(0700)"},
		// A directory others can write into cannot be removed safely: 0
		// says NewDir refuses it.
		{0o077, []tempfile.Option{tempfile.ForcePerm(0o777)}, 0o777, 0, "ForcePerm(0777)"},
	} {
		t.Run(tc.optsName+"/umask="+fs.FileMode(tc.umask).String(), func(t *testing.T) {
			// The directory first: under umask 0277 even t.TempDir could
			// not create it as an ordinary user.
			dir := t.TempDir()
			withUmask(t, tc.umask)
			opts := append([]tempfile.Option{tempfile.InDir(dir)}, tc.opts...)

			f, err := tempfile.NewFile(opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if fi := stat(t, f.Name()); fi.Mode().Perm() != tc.file {
				t.Errorf("NewFile mode %v, want %v", fi.Mode().Perm(), tc.file)
			}
			a, err := tempfile.New(opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if fi, err := a.Stat(); err != nil {
				t.Error(err)
			} else if fi.Mode().Perm() != tc.file {
				t.Errorf("New mode %v, want %v", fi.Mode().Perm(), tc.file)
			}
			d, err := tempfile.NewDir(opts...)
			if tc.dir == 0 {
				if !errors.Is(err, tempfile.ErrInvalidOption) {
					t.Errorf("NewDir = %v, want ErrInvalidOption", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if fi := stat(t, d.Path()); fi.Mode().Perm() != tc.dir {
				t.Errorf("NewDir mode %v, want %v", fi.Mode().Perm(), tc.dir)
			}
		})
	}
}
