package tempfile_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tmpguard/tempfile"
	"golang.org/x/sys/unix"
)

// events decodes the JSON log lines in buf.
func events(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var evs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		evs = append(evs, m)
	}
	return evs
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	log := tempfile.Logger(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	dir := t.TempDir()

	f, err := tempfile.NewFile(tempfile.InDir(dir), log)
	must(t, err)
	f.Persist(filepath.Join(dir, "kept"))
	f.Close()
	g, err := tempfile.NewFile(tempfile.InDir(dir), log)
	must(t, err)
	g.Close()
	s, err := tempfile.NewSpooled(4, tempfile.InDir(dir), log, tempfile.MaxSize(8))
	must(t, err)
	s.Write([]byte("12345"))
	s.Write([]byte("6789"))
	s.Close()
	d, err := tempfile.NewDir(tempfile.InDir(dir), log)
	must(t, err)
	// Make the first removal fail: as root a mount point inside the tree,
	// otherwise a parent directory without write permission.
	if os.Geteuid() == 0 {
		mnt := d.Join("mnt")
		must(t, os.Mkdir(mnt, 0o700))
		must(t, unix.Mount("tmpfs", mnt, "tmpfs", 0, "size=64k"))
		d.Close()
		must(t, unix.Unmount(mnt, 0))
	} else {
		must(t, os.Chmod(dir, 0o500))
		d.Close()
		must(t, os.Chmod(dir, 0o700))
	}
	d.Close()

	var got []string
	for _, e := range events(t, &buf) {
		got = append(got, e["level"].(string)+" "+e["msg"].(string))
	}
	want := []string{
		"DEBUG tempfile: created", "INFO tempfile: persisted",
		"DEBUG tempfile: created", "DEBUG tempfile: removed",
		"DEBUG tempfile: created", "INFO tempfile: spilled", "WARN tempfile: write refused",
		"DEBUG tempfile: created", "ERROR tempfile: cleanup failed", "DEBUG tempfile: removed",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSilentByDefault(t *testing.T) {
	var buf bytes.Buffer
	saved := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(saved)
	f, err := tempfile.NewFile(tempfile.InDir(t.TempDir()))
	must(t, err)
	f.Close()
	if buf.Len() > 0 {
		t.Errorf("logged without a Logger option: %s", buf.String())
	}
}
