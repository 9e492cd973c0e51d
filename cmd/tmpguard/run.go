package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"strings"

	"github.com/tmpguard/tempfile"
)

const runSynopsis = "usage: tmpguard run [--file] [--keep-on-failure] [--] CMD [ARG]..."

const runHelpText = runSynopsis + `

Run CMD with a fresh private scratch directory (mode 0700, in the
temporary directory) and remove it when CMD ends, however it ends: exit,
failure, or a signal. The scratch is given to CMD as TMPDIR, TMP and TEMP,
as TMPGUARD_SCRATCH, and in place of every "{}" in the ARGs:

	tmpguard run -- sh -c 'sort -T "$TMPDIR" big.txt > sorted.txt'
	tmpguard run -- tar -xf src.tar -C {}

With --file the scratch is an empty file (mode 0600) instead, given as
TMPGUARD_SCRATCH and in place of "{}"; TMPDIR is left as it is.

The signals INT, TERM, HUP and QUIT that tmpguard receives are passed on
to CMD, and tmpguard waits for it to end. (A ^C typed at a terminal reaches
both tmpguard and CMD, so CMD sees it twice.) If tmpguard itself is killed
with SIGKILL, the scratch is left behind for tmpguard sweep.

With --keep-on-failure the scratch of a command that fails (status not
0, or killed by a signal) is kept, and its path printed. A command that
could not be started at all (not found: 127; found but cannot be run:
126) never ran in the scratch: tmpguard says which, and removes the
scratch, --keep-on-failure or not.

Options end at CMD: the ARGs are CMD's own.

Exit status: CMD's, or 128+N when CMD died of signal N; 126 when CMD
could not be run, 127 when it was not found; 2 on usage errors; 1 when
the scratch could not be made or removed and CMD succeeded.
`

// scratchPrefix starts the name of every scratch, so that df tells them
// apart.
const scratchPrefix = "tmpguard-run."

func runRun(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("run")
	var (
		asFile = fs.Bool("file", false, "give CMD a scratch file, not a directory")
		keep   = fs.Bool("keep-on-failure", false, "keep the scratch when CMD fails (status not 0), and say where\n(not when CMD could not be started: nothing ran in it)")
		help   = fs.BoolP("help", "h", false, "show this help")
	)
	if err := parseGNU(fs, args, false); err != nil {
		return usageError(stderr, "run", runSynopsis, 2, "%v", err)
	}
	if *help {
		printHelp(stdout, runHelpText, fs)
		return 0
	}
	argv := fs.Args()
	if len(argv) == 0 {
		return usageError(stderr, "run", runSynopsis, 2, "no command to run")
	}

	// Catch the signals first: from here on, one of them must not kill
	// tmpguard before the scratch is gone. Until the command starts they
	// wait in the channel, and are passed on as soon as it has.
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, forwardedSignals...)
	defer signal.Stop(sigs)

	sc, err := newScratch(*asFile)
	if err != nil {
		fmt.Fprintf(stderr, "tmpguard run: %v\n", err)
		return 1
	}

	cmd := exec.Command(argv[0], substitute(argv[1:], sc.path)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	cmd.Env = scratchEnv(os.Environ(), sc.path, *asFile)
	if err := cmd.Start(); err != nil {
		// Nothing ran in the scratch: it goes, --keep-on-failure or not,
		// and the message says why the command did not run, not that it
		// failed.
		status, what := startFailure(err)
		if cerr := sc.close(); cerr != nil {
			fmt.Fprintf(stderr, "tmpguard run: %s: %s; nothing ran; removing the scratch: %v\n", quoteName(argv[0]), what, cerr)
			return status
		}
		fmt.Fprintf(stderr, "tmpguard run: %s: %s; nothing ran; scratch removed\n", quoteName(argv[0]), what)
		return status
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				// An error means the command has just ended: the
				// signal has nothing left to stop.
				cmd.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	status := exitStatus(cmd.ProcessState, err)

	if status != 0 && *keep {
		path, err := sc.keep()
		if err != nil {
			fmt.Fprintf(stderr, "tmpguard run: keeping the scratch: %v\n", err)
			return status
		}
		fmt.Fprintf(stderr, "tmpguard run: command failed (status %d); scratch kept at %s\n", status, path)
		return status
	}
	if err := sc.close(); err != nil {
		fmt.Fprintf(stderr, "tmpguard run: removing the scratch: %v\n", err)
		if status == 0 {
			status = 1
		}
	}
	return status
}

// startFailure says why a command could not be started, with the shell's
// status for it: 127 when it was not found (no such file, not in $PATH),
// 126 when it was found but cannot be run (not executable, a directory,
// not a program the system can load).
func startFailure(err error) (status int, what string) {
	cause := err
	var ee *exec.Error
	var pe *fs.PathError
	switch {
	case errors.As(err, &ee):
		cause = ee.Err
	case errors.As(err, &pe):
		cause = pe.Err
	}
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
		return 127, fmt.Sprintf("command not found (%v)", cause)
	}
	return 126, fmt.Sprintf("cannot run: %v", cause)
}

// A scratch is the directory or file given to the command.
type scratch struct {
	path  string
	keep  func() (string, error)
	close func() error
}

// newScratch makes the scratch with the library, in its default
// directory: a Dir, or a File whose handle is closed at once so that the
// command can open it (the file stays until close).
func newScratch(asFile bool) (*scratch, error) {
	if asFile {
		f, err := tempfile.NewFile(tempfile.Prefix(scratchPrefix))
		if err != nil {
			return nil, err
		}
		if err := f.CloseHandle(); err != nil {
			f.Close()
			return nil, err
		}
		return &scratch{path: f.Name(), keep: f.Keep, close: f.Close}, nil
	}
	d, err := tempfile.NewDir(tempfile.Prefix(scratchPrefix))
	if err != nil {
		return nil, err
	}
	return &scratch{path: d.Path(), keep: func() (string, error) { return d.Keep(), nil }, close: d.Close}, nil
}

// substitute replaces every "{}" in args with path, as find -exec does.
func substitute(args []string, path string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.ReplaceAll(a, "{}", path)
	}
	return out
}

// scratchEnv returns env with TMPGUARD_SCRATCH set to path and, for a
// directory, TMPDIR, TMP and TEMP too; earlier values of these are
// dropped, so that the command sees exactly one of each.
func scratchEnv(env []string, path string, asFile bool) []string {
	set := map[string]bool{"TMPGUARD_SCRATCH": true}
	if !asFile {
		set["TMPDIR"], set["TMP"], set["TEMP"] = true, true, true
	}
	out := make([]string, 0, len(env)+len(set))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if !set[k] {
			out = append(out, kv)
		}
	}
	for _, k := range []string{"TMPGUARD_SCRATCH", "TMPDIR", "TMP", "TEMP"} {
		if set[k] {
			out = append(out, k+"="+path)
		}
	}
	return out
}
