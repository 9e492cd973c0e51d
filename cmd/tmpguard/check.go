package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/tmpguard/tempfile/internal/checkrun"
	"github.com/tmpguard/tempfile/internal/report"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); when it
// is not, the module version from the build information is used.
var version = ""

const informationURI = "https://github.com/tmpguard/tempfile"

const checkSynopsis = "usage: tmpguard check [OPTION]... [PATH...]"

const checkHelp = checkSynopsis + `

Check Python files (rules TF001-TF013) and Go packages (rules TF101-TF108)
for unsafe use of temporary files. PATH defaults to ".". Directories are
walked without following symbolic links, skipping .git, virtual
environments, site-packages, node_modules, __pycache__ and what .gitignore
ignores; files named on the command line are always checked.

Go files are checked by package, with type information: each belongs to
the module of the nearest go.mod at or above it, whose packages are loaded
with the go command (tests included). As with go vet ./..., a walk skips
Go files under testdata, vendor and directories starting with "." or "_";
a walked Go file outside any module is skipped. A package that does not
type-check gets one diagnostic and is not checked; the others are.

Settings come from the nearest tmpguard.toml (the keys at its top level)
or [tool.tmpguard] of the nearest pyproject.toml, looking up from the first
PATH (keys select, ignore, exclude, temp-roots, target-version); options
override them. select, ignore and exclude apply to Go code too.

--output FILE replaces FILE atomically when it is a regular file or does
not exist; a FIFO or a character device (/dev/null, /dev/stdout) is
written into; a symbolic link is written through only to a FIFO, socket
or character device, else refused; FILE may not be one of the files
checked.

Exit status: 0 no findings, 1 findings or files that could not be
checked (in full), 2 usage error or failure (a closed or failing
standard output included).
`

// listFlag is a comma-separated list option that remembers whether it was
// given, so that an explicit empty value still overrides the config file.
type listFlag struct {
	set   bool
	items []string
}

func (l *listFlag) String() string { return strings.Join(l.items, ",") }
func (l *listFlag) Type() string   { return "list" }
func (l *listFlag) Set(s string) error {
	l.set = true
	l.items = append(l.items, checkrun.SplitList(s)...)
	if l.items == nil {
		l.items = []string{}
	}
	return nil
}

func (l *listFlag) value() []string {
	if !l.set {
		return nil
	}
	return l.items
}

func runCheck(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("check")
	var (
		format    = fs.String("format", "text", "output `FORMAT`: text (the default), json or sarif")
		output    = fs.String("output", "", "write the report to `FILE` (atomically; see above) instead of\nstandard output")
		config    = fs.String("config", "", "read the settings from `FILE` (a tmpguard.toml, or [tool.tmpguard]\nof another TOML file) instead of the nearest one")
		target    = fs.String("target-version", "", "Python `VERSION` the code runs on, like 3.12 (default 3.11)")
		listRules = fs.Bool("list-rules", false, "list the rules and exit")
		explain   = fs.String("explain", "", "explain `RULE` (what goes wrong, bad and good examples) and exit")
		jobs      = fs.Int("jobs", 0, "check `N` Python files at once (default: number of CPUs; at most 4\nper CPU)")
		parseAll  = fs.Bool("parse-all", false, "parse every Python file, so that a syntax error is reported even\nin a file that cannot have findings (by default such files are\nread but not parsed)")
		sel, ign  listFlag
	)
	fs.Var(&sel, "select", "check only these rule `IDs` or prefixes, comma-separated\n(TF005,TF01; TF1 for every Go rule)")
	fs.Var(&ign, "ignore", "do not report these rule `IDs` or prefixes, comma-separated")
	help := fs.BoolP("help", "h", false, "show this help")
	usageErr := func(format string, a ...any) int {
		return usageError(stderr, "check", checkSynopsis, 2, format, a...)
	}
	// Options may come after paths, as with most linters; "--" ends them.
	if err := parseGNU(fs, args, true); err != nil {
		return usageErr("%v", err)
	}
	if *help {
		printHelp(stdout, checkHelp, fs)
		return 0
	}
	paths := fs.Args()
	if sel.set && len(sel.items) == 0 {
		return usageErr("--select: empty list: it would turn every rule off (name rules or prefixes, or ALL)")
	}
	if *jobs < 0 {
		return usageErr("--jobs: %d is not a number of files (want 1 or more, or 0 for the default)", *jobs)
	}
	if fs.Changed("output") && *output == "" {
		return usageErr("--output: an empty file name (name a FILE, or - for standard output)")
	}
	if (*output == "" || *output == "-") && stdoutClosed(stdout) {
		fmt.Fprintf(stderr, "tmpguard check: standard output is closed: nowhere to write the report (use --output FILE)\n")
		return 2
	}
	if !slices.Contains(report.Formats, *format) {
		return usageErr("--format: unknown format %q (want text, json or sarif)", *format)
	}

	if fs.Changed("explain") {
		r, ok := checkrun.LookupRule(*explain)
		if !ok {
			return usageErr("--explain: unknown rule %q (see tmpguard check --list-rules)", *explain)
		}
		return emit(stdout, stderr, *output, func(w io.Writer) error {
			if *format == "json" {
				return report.RuleListJSON(w, []report.Rule{r.Rule})
			}
			return report.Explain(w, r.Rule)
		})
	}
	if *listRules {
		rules := checkrun.ReportRules(checkrun.AllRules(nil))
		return emit(stdout, stderr, *output, func(w io.Writer) error {
			if *format == "json" {
				return report.RuleListJSON(w, rules)
			}
			return report.RuleList(w, rules)
		})
	}

	opts, _, err := checkrun.Resolve(checkrun.Flags{
		Paths:         paths,
		Config:        *config,
		Select:        sel.value(),
		Ignore:        ign.value(),
		TargetVersion: *target,
	})
	if err != nil {
		fmt.Fprintf(stderr, "tmpguard check: %v\n", err)
		return 2
	}
	opts.Workers = *jobs
	if *output != "-" {
		opts.Output = *output
	}
	opts.Python.ParseAll = *parseAll
	opts.VetTool = vetTool()
	prog := newProgress(stderr)
	opts.Progress = prog.update
	res, err := checkrun.Run(opts)
	prog.clear()
	if err != nil {
		fmt.Fprintf(stderr, "tmpguard check: %v\n", err)
		return 2
	}
	for _, d := range res.Diagnostics {
		fmt.Fprintln(stderr, d.String())
	}
	status := emit(stdout, stderr, *output, func(w io.Writer) error {
		return report.Write(w, *format, res, report.Tool{Name: "tmpguard", Version: toolVersion(), InformationURI: informationURI})
	})
	if status != 0 {
		return status
	}
	if len(res.Findings) > 0 || len(res.Diagnostics) > 0 {
		return 1
	}
	return 0
}

// emit writes a report to standard output, through a buffer, or to the
// output file (report.WriteOutput: through a temporary file and a rename
// for a regular file, so a failed run never leaves it half-written and
// leaves an existing one as it was). The report is written as it is
// rendered, not rendered in memory first: a run with hundreds of
// thousands of findings would hold its whole output several times over.
func emit(stdout, stderr io.Writer, output string, render func(io.Writer) error) int {
	if output == "" || output == "-" {
		bw := bufio.NewWriterSize(stdout, 64<<10)
		err := render(bw)
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			fmt.Fprintf(stderr, "tmpguard check: %v\n", err)
			return 2
		}
		return 0
	}
	if err := report.WriteOutput(output, render); err != nil {
		fmt.Fprintf(stderr, "tmpguard check: --output: %v\n", err)
		return 2
	}
	return 0
}

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// progress draws "checking N/M files" on a terminal during long runs. It
// draws nothing when standard error is not a terminal, and nothing during
// the first second.
type progress struct {
	w       io.Writer
	start   time.Time
	last    time.Time
	drawn   bool
	enabled bool
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("TERM") != "dumb" {
			p.enabled = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	if !p.enabled {
		return
	}
	now := time.Now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.drawn = true
	fmt.Fprintf(p.w, "\r\033[Kchecking: %d/%d files", done, total)
}

func (p *progress) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
