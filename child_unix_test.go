//go:build unix && !aix

package tempfile_test

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/tmpguard/tempfile"
)

// The tests of this file's neighbours run the test binary again as a child
// process (TestChild, selected by TEMPFILE_TEST_CHILD), which creates
// objects in TEMPFILE_TEST_DIR, says "ready" on its standard output and
// then does what its role says, so that real processes die of real
// signals.

const childEnv = "TEMPFILE_TEST_CHILD"

// TestChild is the child's side; run directly it does nothing.
func TestChild(t *testing.T) {
	role := os.Getenv(childEnv)
	if role == "" {
		t.Skip("only runs as the child process of another test")
	}
	dir := os.Getenv("TEMPFILE_TEST_DIR")
	files, _ := strconv.Atoi(os.Getenv("TEMPFILE_TEST_FILES"))
	trees, _ := strconv.Atoi(os.Getenv("TEMPFILE_TEST_TREES"))
	out := bufio.NewWriter(os.Stdout)
	var notified chan os.Signal
	switch role {
	case "signal-notify":
		notified = make(chan os.Signal, 1)
		signal.Notify(notified, syscall.SIGTERM)
		fallthrough
	case "signal":
		tempfile.CleanupOnSignal()
	case "signal-stopped":
		stop := tempfile.CleanupOnSignal()
		stop()
		stop()
	}
	closers := childObjects(t, dir, files, trees)
	if notified != nil {
		go func() {
			sig := <-notified
			fmt.Fprintf(os.Stdout, "notified %v\n", sig)
		}()
	}
	fmt.Fprintln(out, "ready")
	switch role {
	case "keep-one":
		kept, err := closers[0].(*tempfile.File).Keep()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(out, kept)
	}
	out.Flush()
	switch role {
	case "close-on-input":
		// Waits for a line, then closes everything normally.
		bufio.NewReader(os.Stdin).ReadString('\n')
		for _, c := range closers {
			if err := c.Close(); err != nil {
				fmt.Println("close:", err)
				os.Exit(1)
			}
		}
		fmt.Println("closed")
		os.Exit(0)
	}
	time.Sleep(time.Hour) // killed by the parent
}

// childObjects creates files and trees in dir; every other tree has a
// read-only subdirectory holding a file.
func childObjects(t *testing.T, dir string, files, trees int) []io.Closer {
	var cs []io.Closer
	for i := range files {
		f, err := tempfile.NewFile(tempfile.InDir(dir), tempfile.Prefix(cmp.Or(os.Getenv("TEMPFILE_TEST_PREFIX"), "tmp")))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, "file %d", i)
		cs = append(cs, f)
	}
	for i := range trees {
		d, err := tempfile.NewDir(tempfile.InDir(dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, sub := range []string{"a", "a/b"} {
			if err := os.Mkdir(d.Join(sub), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(d.Join(sub, "f"), []byte("data"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if i%2 == 0 {
			if err := os.Chmod(d.Join("a", "b"), 0o500); err != nil {
				t.Fatal(err)
			}
		}
		cs = append(cs, d)
	}
	return cs
}

// A child is a running child process.
type child struct {
	cmd   *exec.Cmd
	out   *bufio.Reader
	stdin io.WriteCloser
}

// startChild runs the test binary as a child in role, making files and
// trees in dir, and waits until it says it is ready.
func startChild(t *testing.T, role, dir string, files, trees int) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+role, "TEMPFILE_TEST_DIR="+dir,
		"TEMPFILE_TEST_FILES="+strconv.Itoa(files), "TEMPFILE_TEST_TREES="+strconv.Itoa(trees))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, out: bufio.NewReader(stdout), stdin: stdin}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	if line := c.line(t); line != "ready" {
		t.Fatalf("child %s said %q, want ready", role, line)
	}
	return c
}

// line reads the child's next line of output.
func (c *child) line(t *testing.T) string {
	t.Helper()
	s, err := c.out.ReadString('\n')
	if err != nil && s == "" {
		t.Fatalf("child output: %v", err)
	}
	return s[:len(s)-1]
}

// kill sends sig and waits for the child to die; it returns the wait
// status and what the child wrote meanwhile.
func (c *child) kill(t *testing.T, sig syscall.Signal) (syscall.WaitStatus, string) {
	t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(c.out)
	c.cmd.Wait()
	return c.cmd.ProcessState.Sys().(syscall.WaitStatus), string(rest)
}

// chmodTree makes every directory under dir writable, so that t.TempDir's
// cleanup can remove what a killed child left as an ordinary user.
func chmodTree(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(p, 0o700)
		}
		return nil
	})
}
