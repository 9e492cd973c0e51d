package execflush

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
)

func unflushed() error {
	f, err := os.CreateTemp("", "in-*.txt")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "hello")
	w.WriteString("world\n")
	return exec.Command("wc", "-l", f.Name()).Run() // want `TF106 the file's name reaches exec.Command while the bufio.Writer w over it is not flushed`
}

func flushedOnOnePath(big bool) error {
	f, err := os.CreateTemp("", "in-*.txt")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	name := f.Name()
	w := bufio.NewWriterSize(f, 1<<16)
	w.WriteString("data")
	if big {
		w.Flush()
	}
	cmd := exec.Command("sort", name) // want `TF106`
	return cmd.Run()
}

// Near misses.

func flushed() error {
	f, err := os.CreateTemp("", "in-*.txt")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "hello")
	if err := w.Flush(); err != nil {
		return err
	}
	return exec.Command("wc", "-l", f.Name()).Run()
}

func otherFile(g *os.File) error {
	f, err := os.CreateTemp("", "in-*.txt")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	w := bufio.NewWriter(g) // another file
	w.WriteString("x")
	f.WriteString("direct")
	return exec.Command("cat", f.Name()).Run()
}
