// Package checkrun runs the checkers over files and directories: it finds
// the files (walk, .gitignore, excludes), reads the configuration
// (tmpguard.toml, or [tool.tmpguard] in pyproject.toml), hands each
// [Engine] the files of its language (Python files to [Python], the Go
// packages of a module to [Go]), applies rule selection, and merges what
// they find into a [report.Result] for the writers.
package checkrun

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"

	"github.com/tmpguard/tempfile/internal/pycheck"
	"github.com/tmpguard/tempfile/internal/report"
)

// MaxWorkers is the most files checked at once, whatever Options.Workers
// asks: four per CPU. Each worker holds a file, its syntax tree and a
// parser; more workers than that make no run faster and only cost memory.
var MaxWorkers = 4 * runtime.NumCPU()

// DefaultMaxFileSize is the largest file read; a larger one gets a
// diagnostic and is not checked.
const DefaultMaxFileSize = 10 << 20

// Options says what Run checks and how.
type Options struct {
	Paths   []string        // files and directories; empty means "."
	Enabled map[string]bool // rule IDs to report; nil means all
	// Exclude holds gitignore-style patterns relative to ExcludeBase. They
	// apply to what a walk finds, not to files named in Paths.
	Exclude     []string
	ExcludeBase string
	// Engines are the checkers to run; nil means [Engines], with Python
	// and Check as the Python engine's settings.
	Engines []Engine
	Python  pycheck.Options
	Check   CheckFunc // the Python check function; nil means pycheck.Check
	// Workers is how many files are checked at once: 0 means GOMAXPROCS,
	// and it is never more than MaxWorkers.
	Workers     int
	MaxFileSize int64 // 0 means DefaultMaxFileSize
	// Output is the file the report will be written to, if any: a run
	// where it is one of the files to check is a *UsageError, so that a
	// report never replaces a source file.
	Output string
	// VetTool is the Go engine's vet tool ([Go.VetTool]): tmpguard itself.
	VetTool string
	// Progress, when set, is called after each file with the number of
	// files done and the total, from a single goroutine.
	Progress func(done, total int)
}

// UnavailableError is a run that needs an engine this build or machine
// cannot run: Python files in a build without cgo, Go packages without
// the go command.
type UnavailableError struct {
	Engine string
	Err    error
}

func (e *UnavailableError) Error() string { return e.Err.Error() }
func (e *UnavailableError) Unwrap() error { return e.Err }

// engines returns the engines opts runs.
func (opts *Options) engines() []Engine {
	if opts.Engines != nil {
		return opts.Engines
	}
	return []Engine{&Python{Options: opts.Python, CheckFunc: opts.Check}, &Go{VetTool: opts.VetTool}}
}

// Run checks the files that opts names and returns the findings of the
// enabled rules, sorted by path, line, column and rule, with a diagnostic
// for each file or package that could not be checked. The error is a
// *UsageError for a path that does not exist, or an *UnavailableError
// when there are files for an engine this build cannot run.
func Run(opts Options) (*report.Result, error) {
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	engines := opts.engines()
	var exclude *ignoreList
	if len(opts.Exclude) > 0 {
		exclude = &ignoreList{base: opts.ExcludeBase, pats: parsePatterns(opts.Exclude)}
	}
	targets, diags, err := collect(paths, exclude, engines)
	if err != nil {
		return nil, err
	}
	if opts.Output != "" {
		if err := outputIsInput(opts.Output, targets); err != nil {
			return nil, err
		}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, MaxWorkers)
	maxSize := opts.MaxFileSize
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}

	// Each file goes to the engine that wants its name; a file named on
	// the command line that no engine wants goes to the first (Python), as
	// a script without a .py suffix did before there were engines.
	jobs := make([]*Job, len(engines))
	for i := range engines {
		jobs[i] = &Job{Enabled: opts.Enabled, Workers: workers, MaxFileSize: maxSize}
	}
	for _, t := range targets {
		i := -1
		for k, e := range engines {
			if e.Wants(filepath.Base(t.path)) {
				i = k
				break
			}
		}
		if i < 0 {
			if !t.follow {
				continue
			}
			i = 0
		}
		jobs[i].Files = append(jobs[i].Files, File{Path: t.path, Abs: t.abs, Follow: t.follow, Root: t.root})
	}
	for i, e := range engines {
		if len(jobs[i].Files) == 0 {
			continue
		}
		if err := e.Available(); err != nil {
			return nil, &UnavailableError{Engine: e.Name(), Err: err}
		}
	}

	res := &report.Result{Diagnostics: diags}
	done := 0
	for i, e := range engines {
		job := jobs[i]
		if len(job.Files) == 0 {
			continue
		}
		base := done
		if opts.Progress != nil {
			job.Progress = func(n int) { opts.Progress(base+n, len(targets)) }
		}
		r, err := e.Check(job)
		if err != nil {
			if errors.Is(err, pycheck.ErrUnavailable) {
				return nil, &UnavailableError{Engine: e.Name(), Err: err}
			}
			return nil, err
		}
		done += len(job.Files)
		res.FilesChecked += r.FilesChecked
		res.Findings = append(res.Findings, r.Findings...)
		res.Diagnostics = append(res.Diagnostics, r.Diagnostics...)
	}
	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Rule < b.Rule
	})
	sort.SliceStable(res.Diagnostics, func(i, j int) bool {
		return res.Diagnostics[i].Path < res.Diagnostics[j].Path
	})
	for _, r := range AllRules(engines) {
		if opts.Enabled == nil || opts.Enabled[r.ID] {
			res.Rules = append(res.Rules, r.Rule)
		}
	}
	return res, nil
}

// outputIsInput returns a *UsageError when the output file is one of the
// targets: the same name, or (through a link or another name) the same
// file by device and inode.
func outputIsInput(output string, targets []target) error {
	abs, err := filepath.Abs(output)
	if err != nil {
		return nil
	}
	ofi, statErr := os.Stat(output)
	for _, t := range targets {
		same := t.abs == abs
		if !same && statErr == nil {
			if fi, err := os.Stat(t.abs); err == nil && os.SameFile(fi, ofi) {
				same = true
			}
		}
		if same {
			return &UsageError{Err: fmt.Errorf("--output %s is %s, one of the files to check: the report would replace it", output, t.path)}
		}
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func size(n int64) string {
	const mb = 1 << 20
	if n%mb == 0 {
		return fmt.Sprintf("%d MB", n/mb)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/mb)
}
