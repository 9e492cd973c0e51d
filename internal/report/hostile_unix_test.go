//go:build unix

package report

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestWriteOutput: only a regular file or a missing path is replaced; a
// FIFO or a character device is written into; a link is written through
// only to one of those; the rest is refused and left as it was.
func TestWriteOutput(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(p("victim"), []byte("precious"), 0o644))
	must(os.WriteFile(p("old"), []byte("old"), 0o644))
	must(os.Symlink(p("victim"), p("link-to-file")))
	must(os.Symlink(p("nowhere/x"), p("dangling")))
	must(os.Symlink("/dev/null", p("link-to-null")))
	must(os.Mkdir(p("dir"), 0o755))
	must(syscall.Mkfifo(p("fifo"), 0o644))
	must(os.Symlink(p("fifo"), p("link-to-fifo")))

	tests := []struct {
		name    string
		refused string // part of the error, or "" for success
		mode    fs.FileMode
	}{
		{"new", "", 0},
		{"old", "", 0},
		{"link-to-file", "a symbolic link to a regular file", fs.ModeSymlink},
		{"dangling", "a symbolic link that leads nowhere", fs.ModeSymlink},
		{"link-to-null", "", fs.ModeSymlink},
		{"dir", "a directory; not written", fs.ModeDir},
		{"fifo", "", fs.ModeNamedPipe},
		{"link-to-fifo", "", fs.ModeSymlink},
	}
	for _, tc := range tests {
		name := p(tc.name)
		var got []byte
		done := make(chan struct{})
		if strings.Contains(tc.name, "fifo") {
			go func() { // the reader the FIFO waits for
				defer close(done)
				f, err := os.Open(p("fifo"))
				if err == nil {
					got, _ = io.ReadAll(f)
					f.Close()
				}
			}()
		} else {
			close(done)
		}
		err := WriteOutput(name, writeString("report"))
		<-done
		if tc.refused != "" {
			var pe *fs.PathError
			if err == nil || !strings.Contains(err.Error(), tc.refused) || !errors.As(err, &pe) {
				t.Errorf("WriteOutput(%s) = %v, want a *fs.PathError: %s", tc.name, err, tc.refused)
			}
		} else if err != nil {
			t.Errorf("WriteOutput(%s) = %v", tc.name, err)
		}
		fi, err := os.Lstat(name)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if fi.Mode().Type() != tc.mode {
			t.Errorf("%s is %v after WriteOutput, want it kept as %v", tc.name, fi.Mode().Type(), tc.mode)
		}
		if strings.Contains(tc.name, "fifo") && string(got) != "report" {
			t.Errorf("reader of %s got %q, want the report", tc.name, got)
		}
	}
	if b, _ := os.ReadFile(p("victim")); string(b) != "precious" {
		t.Errorf("the link's target was overwritten: %q", b)
	}
	for _, n := range []string{"new", "old"} {
		if b, _ := os.ReadFile(p(n)); string(b) != "report" {
			t.Errorf("%s = %q, want the report", n, b)
		}
	}
	if fi, err := os.Stat("/dev/null"); err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("/dev/null is %v, %v after a write through a link: want a character device", fi, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestWriteOutputDevNull: as root, the old --output /dev/null replaced the
// real /dev/null with a regular file. Done on a private device node made
// with mknod, not on the system's /dev/null.
func TestWriteOutputDevNull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mknod of a character device needs root")
	}
	node := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(node, syscall.S_IFCHR|0o666, int(mkdev(1, 3))); err != nil {
		t.Skipf("mknod: %v (no device nodes on this file system?)", err)
	}
	if err := WriteOutput(node, writeString("report")); err != nil {
		t.Fatalf("WriteOutput(char device) = %v", err)
	}
	fi, err := os.Lstat(node)
	if err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Errorf("after WriteOutput the node is %v, %v; want still a character device", fi, err)
	}
}

func mkdev(major, minor uint64) uint64 {
	return (major&0xfff)<<8 | (minor & 0xff) | (minor&^0xff)<<12 | (major&^0xfff)<<32
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}
