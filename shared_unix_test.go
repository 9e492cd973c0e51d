//go:build unix

package tempfile_test

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tmpguard/tempfile"
)

// TestSharedDirChecked: a directory in which other users can rename names
// is refused where objects are made, unless accepted explicitly; a
// group-writable one is logged as a warning; the sticky bit makes both
// safe.
func TestSharedDirChecked(t *testing.T) {
	syscall.Umask(0)
	defer syscall.Umask(0o022)
	for _, tc := range []struct {
		name    string
		mode    os.FileMode
		chown   bool // to another user (needs root)
		refused bool
		warned  bool
	}{
		{"private", 0o700, false, false, false},
		{"world-readable", 0o755, false, false, false},
		{"sticky and world-writable", 0o777 | os.ModeSticky, false, false, false},
		{"world-writable", 0o777, false, true, false},
		{"other-writable only", 0o703, false, true, false},
		{"group-writable", 0o770, false, false, true},
		{"sticky and group-writable", 0o770 | os.ModeSticky, false, false, false},
		{"owned by another user", 0o755 | os.ModeSticky, true, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			must(t, os.Chmod(dir, tc.mode))
			if tc.chown {
				if os.Geteuid() != 0 {
					t.Skip("giving a directory to another user needs root")
				}
				must(t, os.Chown(dir, 65534, 65534))
				must(t, os.Chmod(dir, 0o777|os.ModeSticky)) // root can still write in it
			}
			var log bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&log, nil))
			opts := []tempfile.Option{tempfile.InDir(dir), tempfile.Logger(logger)}
			f, err := tempfile.NewFile(opts...)
			if tc.refused {
				if !errors.Is(err, tempfile.ErrSharedDir) || !strings.Contains(err.Error(), dir) {
					t.Fatalf("NewFile in %v = %v, want ErrSharedDir naming the directory", tc.mode, err)
				}
				if _, err := tempfile.NewDir(opts...); !errors.Is(err, tempfile.ErrSharedDir) {
					t.Errorf("NewDir = %v, want ErrSharedDir", err)
				}
				if _, err := tempfile.New(opts...); !errors.Is(err, tempfile.ErrSharedDir) {
					t.Errorf("New = %v, want ErrSharedDir", err)
				}
				if _, err := tempfile.NewSpooled(1, opts...); !errors.Is(err, tempfile.ErrSharedDir) {
					t.Errorf("NewSpooled = %v, want ErrSharedDir", err)
				}
				mustBeEmpty(t, dir)
				// Accepted explicitly, it works.
				f, err = tempfile.NewFile(append(opts, tempfile.AllowSharedDir())...)
			}
			if err != nil {
				t.Fatalf("NewFile = %v", err)
			}
			must(t, f.Close())
			if got := strings.Contains(log.String(), "level=WARN"); got != tc.warned {
				t.Errorf("warning logged: %v, want %v; log:\n%s", got, tc.warned, log.String())
			}
			mustBeEmpty(t, dir)
		})
	}
}

// TestSharedDirPath: the path to the directory is judged too: a component
// that others can rename (in a directory writable by others without the
// sticky bit), or a symlink another user owns (and can retarget), makes
// the directory shared, however private it is itself.
func TestSharedDirPath(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("making a symlink owned by another user needs root")
	}
	base := t.TempDir()
	syscall.Umask(0)
	defer syscall.Umask(0o022)
	open := filepath.Join(base, "open") // others can rename "private" away
	must(t, os.Mkdir(open, 0o777))
	private := filepath.Join(open, "private")
	must(t, os.Mkdir(private, 0o700))
	if _, err := tempfile.NewFile(tempfile.InDir(private)); !errors.Is(err, tempfile.ErrSharedDir) || !strings.Contains(err.Error(), open) {
		t.Errorf("NewFile under a world-writable parent = %v, want ErrSharedDir naming %s", err, open)
	}
	sticky := filepath.Join(base, "sticky")
	must(t, os.Mkdir(sticky, 0o777|os.ModeSticky))
	must(t, os.Chmod(sticky, 0o777|os.ModeSticky))
	mine := filepath.Join(base, "mine")
	must(t, os.Mkdir(mine, 0o700))
	link := filepath.Join(sticky, "link")
	must(t, os.Symlink(mine, link))
	f, err := tempfile.NewFile(tempfile.InDir(link))
	if err != nil {
		t.Fatalf("NewFile through our own link = %v", err)
	}
	f.Close()
	// Another user's link: it could retarget it at any time.
	must(t, os.Lchown(link, 65534, 65534))
	link2 := filepath.Join(sticky, "link2") // a fresh path: the verdict is cached per path
	must(t, os.Symlink(mine, link2))
	must(t, os.Lchown(link2, 65534, 65534))
	if _, err := tempfile.NewFile(tempfile.InDir(link2)); !errors.Is(err, tempfile.ErrSharedDir) || !strings.Contains(err.Error(), "symlink") {
		t.Errorf("NewFile through another user's symlink = %v, want ErrSharedDir about the symlink", err)
	}
	mustBeEmpty(t, mine)
}
