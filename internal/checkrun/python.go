package checkrun

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tmpguard/tempfile/internal/pycheck"
	"github.com/tmpguard/tempfile/internal/report"
)

// CheckFunc checks the source of one Python file. pycheck.Check is the
// real one; tests put in others.
type CheckFunc func(src []byte, opts pycheck.Options) ([]pycheck.Finding, error)

// Python is the engine for Python files (rules TF001-TF099): each .py file
// is read, decoded and checked on its own by pycheck, in parallel. It needs
// cgo (tree-sitter).
type Python struct {
	Options   pycheck.Options // target version, extra temporary roots, parse-all
	CheckFunc CheckFunc       // nil means pycheck.Check
}

// Name returns "Python".
func (*Python) Name() string { return "Python" }

// pythonRules is the Python rule table: pycheck's catalog, which holds
// each rule's description and severity next to the code that reports it.
var pythonRules = sync.OnceValue(func() []Rule {
	var out []Rule
	for _, r := range pycheck.Rules() {
		out = append(out, Rule{Engine: "Python", Rule: ReportRule(r)})
	}
	return out
})

// Rules returns the Python rule table.
func (*Python) Rules() []Rule { return pythonRules() }

// Available returns nil in a build with cgo.
func (p *Python) Available() error {
	if p.CheckFunc == nil && !pycheck.Available() {
		return errors.New("the Python checker is unavailable in this build (built without cgo)")
	}
	return nil
}

// Wants reports whether name ends in .py.
func (*Python) Wants(name string) bool { return strings.HasSuffix(name, ".py") }

// Check checks the files in parallel, job.Workers at a time, with at most
// maxBytesInFlight of source being parsed at once.
func (p *Python) Check(job *Job) (*report.Result, error) {
	check := p.CheckFunc
	opts := p.Options
	if check == nil {
		check = pycheck.Check
		if opts.Wrappers == nil {
			// One pass over the files before the rules run: the project's
			// own wrappers of tempfile and subprocess are judged like the
			// real thing.
			abs := make([]string, len(job.Files))
			for i, f := range job.Files {
				abs[i] = f.Abs
			}
			opts.Wrappers = pycheck.LearnWrapperFiles(abs, job.MaxFileSize)
		}
	}
	mem := newBudget(maxBytesInFlight)
	jobs := make(chan int)
	results := make([]fileResult, len(job.Files))
	done := make(chan int)
	var wg sync.WaitGroup
	for range min(max(job.Workers, 1), max(len(job.Files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = checkFile(job.Files[i], check, opts, job.Enabled, job.MaxFileSize, mem)
				done <- i
			}
		}()
	}
	go func() {
		for i := range job.Files {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(done)
	}()
	n := 0
	for range done {
		n++
		if job.Progress != nil {
			job.Progress(n)
		}
	}

	res := &report.Result{}
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
	return res, nil
}

type fileResult struct {
	findings []report.Finding
	diag     *report.Diagnostic
	fatal    error
}

func checkFile(t File, check CheckFunc, eopts pycheck.Options, enabled map[string]bool, maxSize int64, mem *budget) (res fileResult) {
	fail := func(line, col int, format string, args ...any) fileResult {
		return fileResult{diag: &report.Diagnostic{Path: t.Path, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}}
	}
	if beforeOpen != nil {
		beforeOpen(t.Abs)
	}
	data, err := readRegular(t.Abs, maxSize, t.Follow)
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
			res.diag = &report.Diagnostic{Path: t.Path, Line: pe.Line, Column: pe.Column,
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
			Rule: pf.Rule, Path: t.Path,
			Line: pf.Line, Column: pf.Column, EndLine: pf.EndLine, EndColumn: pf.EndColumn,
			Message: pf.Message, Fix: pf.Fix, Severity: report.SeverityWarning,
		}
		if rule, ok := ruleOf(pythonRules(), pf.Rule); ok {
			rf.Name, rf.Severity = rule.Name, rule.Severity
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

// ruleOf returns the rule of table with the given ID.
func ruleOf(table []Rule, id string) (Rule, bool) {
	for _, r := range table {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
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

// ReportRule converts the Python checker's description of a rule into the
// writers'.
func ReportRule(r pycheck.Rule) report.Rule {
	return report.Rule{
		ID: r.ID, Name: r.Name, Severity: string(r.Severity),
		Summary: r.Summary, Explain: r.Explain, Bad: r.Bad, Good: r.Good,
		Guide: r.Guide, Fix: r.Fix,
	}
}
