// Package checkrun runs the Python checker over files and directories: it
// finds the files (walk, .gitignore, excludes), reads the configuration
// ([tool.tmpguard] in pyproject.toml), checks the files in parallel and
// applies rule selection, and hands a [report.Result] to the writers.
package checkrun

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"unicode/utf8"

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

// CheckFunc checks the source of one Python file. pycheck.Check is the
// real one; tests put in others.
type CheckFunc func(src []byte, opts pycheck.Options) ([]pycheck.Finding, error)

// Options says what Run checks and how.
type Options struct {
	Paths   []string        // files and directories; empty means "."
	Enabled map[string]bool // rule IDs to report; nil means all
	// Exclude holds gitignore-style patterns relative to ExcludeBase. They
	// apply to what a walk finds, not to files named in Paths.
	Exclude     []string
	ExcludeBase string
	Engine      pycheck.Options
	// Workers is how many files are checked at once: 0 means GOMAXPROCS,
	// and it is never more than MaxWorkers.
	Workers     int
	MaxFileSize int64 // 0 means DefaultMaxFileSize
	Check       CheckFunc
	// Output is the file the report will be written to, if any: a run
	// where it is one of the files to check is a *UsageError, so that a
	// report never replaces a source file.
	Output string
	// Progress, when set, is called after each file with the number of
	// files done and the total, from a single goroutine.
	Progress func(done, total int)
}

// Run checks the files that opts names and returns the findings of the
// enabled rules, sorted by path, line, column and rule, with a diagnostic
// for each file that could not be checked. The error is a *UsageError for
// a path that does not exist, or pycheck.ErrUnavailable when the checker
// is not in this build.
func Run(opts Options) (*report.Result, error) {
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var exclude *ignoreList
	if len(opts.Exclude) > 0 {
		exclude = &ignoreList{base: opts.ExcludeBase, pats: parsePatterns(opts.Exclude)}
	}
	targets, diags, err := collect(paths, exclude)
	if err != nil {
		return nil, err
	}
	if opts.Output != "" {
		if err := outputIsInput(opts.Output, targets); err != nil {
			return nil, err
		}
	}
	check := opts.Check
	if check == nil {
		check = pycheck.Check
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
	if opts.Check == nil && opts.Engine.Wrappers == nil {
		// One pass over the files before the rules run: the project's own
		// wrappers of tempfile and subprocess are judged like the real thing.
		abs := make([]string, len(targets))
		for i, t := range targets {
			abs[i] = t.abs
		}
		opts.Engine.Wrappers = pycheck.LearnWrapperFiles(abs, maxSize)
	}

	mem := newBudget(maxBytesInFlight)
	jobs := make(chan int)
	results := make([]fileResult, len(targets))
	done := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(targets), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = checkFile(targets[i], check, opts.Engine, opts.Enabled, maxSize, mem)
				done <- i
			}
		}()
	}
	go func() {
		for i := range targets {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(done)
	}()
	n := 0
	for range done {
		n++
		if opts.Progress != nil {
			opts.Progress(n, len(targets))
		}
	}

	res := &report.Result{Diagnostics: diags}
	for _, r := range results {
		if r.fatal != nil {
			return nil, r.fatal
		}
		if r.diag != nil {
			res.Diagnostics = append(res.Diagnostics, *r.diag)
			if !r.diag.Partial {
				continue
			}
		}
		res.FilesChecked++
		res.Findings = append(res.Findings, r.findings...)
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
	for _, r := range pycheck.Rules() {
		if opts.Enabled == nil || opts.Enabled[r.ID] {
			res.Rules = append(res.Rules, ReportRule(r))
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

type fileResult struct {
	findings []report.Finding
	diag     *report.Diagnostic
	fatal    error
}

func checkFile(t target, check CheckFunc, eopts pycheck.Options, enabled map[string]bool, maxSize int64, mem *budget) (res fileResult) {
	fail := func(line, col int, format string, args ...any) fileResult {
		return fileResult{diag: &report.Diagnostic{Path: t.path, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}}
	}
	if beforeOpen != nil {
		beforeOpen(t.abs)
	}
	data, err := readRegular(t.abs, maxSize, t.follow)
	if err != nil {
		var tl *tooLargeError
		if errors.As(err, &tl) {
			return fail(0, 0, "%v; not checked", tl)
		}
		return fail(0, 0, "%v", unwrapPath(err))
	}
	data, err = decodeSource(data)
	if err != nil {
		var ee *encodingError
		if errors.As(err, &ee) {
			return fail(ee.line, 1, "%s", ee.msg)
		}
		return fail(0, 0, "%v", err)
	}

	held := mem.acquire(int64(len(data)))
	findings, err := safeCheck(check, data, eopts)
	mem.release(held)
	if err != nil {
		var se *pycheck.SourceError
		var pe *pycheck.PartialError
		switch {
		case errors.Is(err, pycheck.ErrUnavailable):
			return fileResult{fatal: err}
		case errors.As(err, &pe) && findings != nil:
			// Checked in part: keep the findings, and say which part
			// was not read.
			res.diag = &report.Diagnostic{Path: t.path, Line: pe.Line, Column: pe.Column,
				Message: pe.Msg + "; the parser skipped this part, the rest of the file was checked", Partial: true}
		case errors.As(err, &se):
			return fail(se.Line, se.Column, "%s", se.Msg)
		default:
			return fail(0, 0, "%v", err)
		}
	}
	var lines *lineIndex
	for _, pf := range findings {
		if enabled != nil && !enabled[pf.Rule] {
			continue
		}
		rf := report.Finding{
			Rule: pf.Rule, Path: t.path,
			Line: pf.Line, Column: pf.Column, EndLine: pf.EndLine, EndColumn: pf.EndColumn,
			Message: pf.Message, Fix: pf.Fix, Severity: report.SeverityWarning,
		}
		if rule, ok := pycheck.Lookup(pf.Rule); ok {
			rf.Name, rf.Severity = rule.Name, string(rule.Severity)
			if rf.Fix == "" {
				rf.Fix = rule.Fix
			}
		}
		if lines == nil {
			lines = newLineIndex(data)
		}
		rf.LineText = lines.line(pf.Line)
		res.findings = append(res.findings, rf)
	}
	return res
}

// safeCheck calls check and turns a panic into an error, so that one file
// that trips a bug in the checker does not stop the run.
func safeCheck(check CheckFunc, src []byte, opts pycheck.Options) (f []pycheck.Finding, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("internal error in the checker: %v", r)
		}
	}()
	return check(src, opts)
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

// maxLineText is the longest excerpt of a line kept with a finding: a
// longer line is cut (at a character boundary), so that a file with one
// huge line and many findings on it costs its size once, not once per
// finding.
const maxLineText = 1024

// A lineIndex finds the text of a line by its number. Each line's text is
// made once and shared by every finding on it.
type lineIndex struct {
	data   []byte
	starts []int
	memo   map[int]string
}

func newLineIndex(data []byte) *lineIndex {
	// Line breaks as Python counts them: \n, \r\n and a lone \r.
	starts := []int{0}
	for i, c := range data {
		if c == '\n' || (c == '\r' && (i+1 == len(data) || data[i+1] != '\n')) {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{data: data, starts: starts, memo: make(map[int]string)}
}

// line returns the text of the 1-based line n, without its line ending,
// cut to maxLineText bytes; "" when it is not valid UTF-8.
func (x *lineIndex) line(n int) string {
	if n < 1 || n > len(x.starts) {
		return ""
	}
	if s, ok := x.memo[n]; ok {
		return s
	}
	s := x.data[x.starts[n-1]:]
	if i := bytes.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > maxLineText {
		cut := maxLineText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	text := ""
	if utf8.Valid(s) {
		text = string(s)
	}
	x.memo[n] = text
	return text
}

// ReportRule converts the engine's description of a rule into the
// writers'.
func ReportRule(r pycheck.Rule) report.Rule {
	return report.Rule{
		ID: r.ID, Name: r.Name, Severity: string(r.Severity),
		Summary: r.Summary, Explain: r.Explain, Bad: r.Bad, Good: r.Good,
		Guide: r.Guide, Fix: r.Fix,
	}
}
