package checkrun

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
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

// maxBytesKept bounds the source bytes the learning pass keeps for the
// check, so that each file is read once: on CPython's standard library
// (31 MB of source) everything fits; past the bound, a file is read again
// when it is checked. A variable so that tests can lower it.
var maxBytesKept int64 = 64 << 20

// Check checks the files in parallel, job.Workers at a time, with at most
// maxBytesInFlight of source being parsed at once.
//
// With the real checker and no wrappers given, it works in two passes.
// The first reads each file (in parallel), learns the project's wrappers
// of tempfile and subprocess from it and runs the byte pre-filter
// ([pycheck.Prescan]); it keeps the bytes, up to maxBytesKept in all.
// The second checks the files with the wrappers of the whole project: a
// file the pre-filter rejected is checked only if it calls one of them,
// and a file whose bytes were kept is not read again.
func (p *Python) Check(job *Job) (*report.Result, error) {
	check := p.CheckFunc
	opts := p.Options
	srcs := make([]source, len(job.Files))
	var probe func([]byte) bool
	if check == nil {
		check = pycheck.Check
		if opts.Wrappers == nil {
			// One pass over the files before the rules run: the project's
			// own wrappers of tempfile and subprocess are judged like the
			// real thing.
			kept := &keptBytes{limit: maxBytesKept}
			learned := make([]map[string]string, len(job.Files))
			forEach(job.Workers, len(job.Files), func(i int) {
				learned[i] = srcs[i].prescan(job.Files[i], opts, job.MaxFileSize, kept)
			})
			abs := make([]string, len(job.Files))
			for i, f := range job.Files {
				abs[i] = f.Abs
			}
			opts.Wrappers = pycheck.MergeWrappers(abs, learned)
			probe = pycheck.WrapperProbe(opts.Wrappers)
		}
	}
	mem := newBudget(maxBytesInFlight)
	results := make([]fileResult, len(job.Files))
	var mu sync.Mutex
	n := 0
	forEach(job.Workers, len(job.Files), func(i int) {
		results[i] = checkFile(job.Files[i], &srcs[i], probe, check, opts, job.Enabled, job.MaxFileSize, mem)
		srcs[i] = source{} // the bytes are no longer needed
		if job.Progress != nil {
			mu.Lock()
			n++
			job.Progress(n)
			mu.Unlock()
		}
	})

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

// forEach calls f(0) .. f(n-1), workers at a time, and returns when all
// have returned.
func forEach(workers, n int, f func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(max(workers, 1), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				f(i)
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// keptBytes counts the source bytes kept between the two passes.
type keptBytes struct {
	limit int64
	used  atomic.Int64
}

// tryAcquire reports whether n more bytes fit, and counts them if so.
func (k *keptBytes) tryAcquire(n int64) bool {
	if k.used.Add(n) > k.limit {
		k.used.Add(-n)
		return false
	}
	return true
}

func (k *keptBytes) release(n int64) { k.used.Add(-n) }

// A source is what the learning pass knows of one file for the check.
type source struct {
	fail  *fileResult // reading or decoding failed: the file's result
	data  []byte      // the decoded source; nil when not kept
	parse bool        // the pre-filter passes whatever the wrappers
	held  int64       // what data holds of kept
	kept  *keptBytes
}

// prescan reads the file t for the learning pass and returns the
// wrappers it defines. The bytes are kept when they fit in kept.
func (s *source) prescan(t File, opts pycheck.Options, maxSize int64, kept *keptBytes) map[string]string {
	raw, data, fail := readSource(t, maxSize)
	if fail != nil {
		s.fail = fail
		if raw != nil {
			// Not checked, but its wrappers count, as when the learning
			// pass read the files apart.
			return pycheck.LearnWrappers(raw)
		}
		return nil
	}
	parse, wrappers := pycheck.Prescan(data, opts)
	s.parse = parse
	if n := int64(cap(data)); kept.tryAcquire(n) {
		s.data, s.held, s.kept = data, n, kept
	}
	return wrappers
}

// readSource reads the Python file t and decodes it. It returns the
// bytes read (nil when the read failed), the decoded source, or the
// file's result when either failed.
func readSource(t File, maxSize int64) (raw, data []byte, fail *fileResult) {
	diag := func(line, col int, format string, args ...any) *fileResult {
		return &fileResult{diag: &report.Diagnostic{Path: t.Path, Line: line, Column: col, Message: fmt.Sprintf(format, args...)}}
	}
	if beforeOpen != nil {
		beforeOpen(t.Abs)
	}
	raw, err := readRegular(t.Abs, maxSize, t.Follow)
	if err != nil {
		var tl *tooLargeError
		if errors.As(err, &tl) {
			return nil, nil, diag(0, 0, "%v; not checked", tl)
		}
		return nil, nil, diag(0, 0, "%v", unwrapPath(err))
	}
	data, err = decodeSource(raw)
	if err != nil {
		var ee *encodingError
		if errors.As(err, &ee) {
			return raw, nil, diag(ee.line, 1, "%s", ee.msg)
		}
		return raw, nil, diag(0, 0, "%v", err)
	}
	return raw, data, nil
}

type fileResult struct {
	findings []report.Finding
	diag     *report.Diagnostic
	fatal    error
}

// checkFile checks one file: with the bytes the learning pass kept in
// src, or read now. probe, when not nil, is the pre-filter for the
// project's wrappers: a file neither it nor the byte pre-filter lets
// through is not given to check (it would return nothing).
func checkFile(t File, src *source, probe func([]byte) bool, check CheckFunc, eopts pycheck.Options, enabled map[string]bool, maxSize int64, mem *budget) (res fileResult) {
	if src.fail != nil {
		return *src.fail
	}
	data := src.data
	if data != nil {
		defer src.kept.release(src.held)
		if probe != nil && !src.parse && !probe(data) {
			return res // checked: nothing in it can match
		}
	} else {
		// Not kept (or no learning pass): read now. Check applies the
		// pre-filter itself.
		var fail *fileResult
		if _, data, fail = readSource(t, maxSize); fail != nil {
			return *fail
		}
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
			return fileResult{diag: &report.Diagnostic{Path: t.Path, Line: se.Line, Column: se.Column, Message: se.Msg}}
		default:
			return fileResult{diag: &report.Diagnostic{Path: t.Path, Message: err.Error()}}
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
