// Command tmpguard keeps temporary files safe: it checks Python and Go code for
// the mistakes of the tempfile guide (tmpguard check), and gives shells and
// operators the same safety: a mktemp that cannot be misused (tmpguard
// mktemp), a scratch directory removed however a command ends (tmpguard
// run), and reports on the temporary directory (tmpguard df) and on what
// the machine supports (tmpguard doctor).
//
// Usage:
//
//	tmpguard <command> [arguments]
//
// Run "tmpguard help" for the list of commands.
package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/tmpguard/tempfile/internal/checkrun"
)

// A command is one subcommand of tmpguard.
type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands []command

func init() {
	// Set here rather than in the declaration: the help command reads
	// the list.
	commands = []command{
		{"check", "check Python and Go code for unsafe use of temporary files", runCheck},
		{"mktemp", "create a temporary file or directory (coreutils mktemp, without -u)", runMktemp},
		{"run", "run a command with a private scratch directory, removed when it ends", runRun},
		{"sweep", "remove what dead processes left in a temporary directory", runSweep},
		{"df", "show the temporary directory, its free space and what uses it", runDf},
		{"doctor", "check what this machine offers for safe temporary files", runDoctor},
		{"help", "show help for tmpguard or one of its commands", runHelp},
	}
}

func main() {
	if checkrun.IsVetInvocation(os.Args[1:]) {
		// tmpguard check has go vet call tmpguard back on each package
		// (go vet -vettool), which also works from the command line.
		checkrun.VetMain()
		return
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// vetTool returns the path go vet should run to call this program back:
// its executable, by the name it was started by when that name leads to
// the same file (a link keeps the name a multi-call program, such as a
// test binary, dispatches on).
func vetTool() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if p, err := exec.LookPath(os.Args[0]); err == nil {
		if abs, err := filepath.Abs(p); err == nil && sameFile(abs, exe) {
			return abs
		}
	}
	return exe
}

// sameFile reports whether the names a and b lead to one file.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// run is main without the process: it returns the exit status, so tests
// can call it in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return 0
	case "--version", "-version", "version":
		printVersion(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "tmpguard: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "tmpguard keeps temporary files safe.\n\nUsage:\n\n\ttmpguard <command> [arguments]\n\nCommands:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"tmpguard help <command>\" for more about a command,\n\"tmpguard --version\" for the version.\n")
}

func runHelp(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return 0
	}
	if len(args) > 1 {
		fmt.Fprintf(stderr, "usage: tmpguard help [command]\n")
		return 2
	}
	for _, c := range commands {
		if c.name == args[0] && c.name != "help" {
			return c.run([]string{"-h"}, stdin, stdout, stderr)
		}
	}
	if args[0] == "help" {
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "tmpguard help: unknown command %q\n", args[0])
	return 2
}
