package checkrun

import (
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/tmpguard/tempfile/analysis/tempcheck"
	"github.com/tmpguard/tempfile/internal/report"
)

// Go is the engine for Go code (rules TF101-TF199): the .go files it is
// given are grouped by module (the nearest go.mod at or above each file),
// their packages are loaded with golang.org/x/tools/go/packages, tests
// included, and [tempcheck.Analyzer] runs over them with the facts of
// every dependency, as go vet runs an analyzer. It needs no cgo, only the
// go command.
//
// A walk keeps what go vet ./... would check: a .go file under a directory
// named testdata or vendor, or one whose name starts with "." or "_"
// (below the directory the user named), is skipped; one named on the
// command line is checked. A walked .go file outside any module is skipped; a named one
// gets a diagnostic. Suppression comments are the analyzer's own
// (//tmpguard:ignore, //nolint:tmpguard); the engine filters only by the
// enabled rules.
type Go struct {
	// Env is the go command's environment; nil means this process's.
	Env []string
	// VetTool is the path of a program that runs [VetMain] when go vet
	// calls it (tmpguard itself): the packages are then checked by
	// "go vet -vettool", as go vet checks them, and only those it cannot
	// check are loaded in this process. Empty: all are loaded here.
	VetTool string
}

// Name returns "Go".
func (*Go) Name() string { return "Go" }

// goRules is the Go rule table: the analyzer's own, which holds each
// rule's description and severity; the analyzer is the function of all.
var goRules = sync.OnceValue(func() []Rule {
	var out []Rule
	for _, r := range tempcheck.Rules {
		out = append(out, Rule{Engine: "Go", Rule: report.Rule{
			ID: r.ID, Name: r.Name, Severity: string(r.Severity),
			Summary: r.Summary, Explain: r.Explain, Bad: r.Bad, Good: r.Good,
			Guide: r.Guide, Fix: r.Fix,
		}})
	}
	return out
})

// Rules returns the Go rule table.
func (*Go) Rules() []Rule { return goRules() }

// Available returns nil when the go command is on PATH.
func (*Go) Available() error {
	if _, err := exec.LookPath("go"); err != nil {
		return errors.New("the Go checker needs the go command on PATH to load packages; it was not found")
	}
	return nil
}

// Wants reports whether name ends in .go.
func (*Go) Wants(name string) bool { return strings.HasSuffix(name, ".go") }

// safeAnalyzer is tempcheck.Analyzer with a panic in its Run turned into
// an error, so that one package that trips a bug in the analyzer does not
// stop the run.
var safeAnalyzer = sync.OnceValue(func() *analysis.Analyzer {
	a := *tempcheck.Analyzer
	run := a.Run
	a.Run = func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, fmt.Errorf("internal error in the checker: %v", r)
			}
		}()
		return run(pass)
	}
	return &a
})

// goModule is the work for one module: its root and its files by
// directory.
type goModule struct {
	root  string
	dirs  map[string]bool
	files map[string]File // by canonical absolute name
	canon map[string]string
	lines map[string]*lineIndex // by absolute name, read for findings
}

// file returns the File of m with the absolute name abs, if any.
func (m *goModule) file(abs string) (File, bool) {
	c, ok := m.canon[abs]
	if !ok {
		c = canonical(abs)
		m.canon[abs] = c
	}
	f, ok := m.files[c]
	return f, ok
}

// lineIndex returns the lines of f, read again for line text and columns
// (the analyzer keeps no source); empty when it cannot be read.
func (m *goModule) lineIndex(f File) *lineIndex {
	x, ok := m.lines[f.Abs]
	if !ok {
		data, _ := readRegular(f.Abs, DefaultMaxFileSize, true)
		x = newLineIndex(data)
		m.lines[f.Abs] = x
	}
	return x
}

// Check loads and checks the packages of each module, one module at a
// time.
func (g *Go) Check(job *Job) (*report.Result, error) {
	res := &report.Result{}
	mods := make(map[string]*goModule)
	rootOf := make(map[string]string) // directory -> module root ("" none)
	for _, f := range job.Files {
		dir := filepath.Dir(f.Abs)
		root, ok := rootOf[dir]
		if !ok {
			root = findGoMod(dir)
			rootOf[dir] = root
		}
		if root == "" {
			if f.Follow {
				res.Diagnostics = append(res.Diagnostics, report.Diagnostic{Path: f.Path,
					Message: "not in a Go module (no go.mod in its directory or above); not checked"})
			}
			continue
		}
		if !f.Follow && goSkipped(f.Root, dir) {
			continue
		}
		m := mods[root]
		if m == nil {
			m = &goModule{root: root, dirs: make(map[string]bool), files: make(map[string]File),
				canon: make(map[string]string), lines: make(map[string]*lineIndex)}
			mods[root] = m
		}
		m.dirs[dir] = true
		m.files[canonical(f.Abs)] = f
	}
	roots := make([]string, 0, len(mods))
	for r := range mods {
		roots = append(roots, r)
	}
	sort.Strings(roots)
	done := 0
	for _, r := range roots {
		m := mods[r]
		g.checkModule(m, job, res)
		done += len(m.files)
		if job.Progress != nil {
			job.Progress(done)
		}
	}
	return res, nil
}

// findGoMod returns the directory of the nearest go.mod at or above dir,
// or "".
func findGoMod(dir string) string {
	for {
		if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && fi.Mode().IsRegular() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// goSkipped reports whether the go command's ./... in root leaves out dir,
// a directory below it: one named testdata or vendor, or starting with "."
// or "_", on the way down from root, the directory the user named. A
// module of its own down there is left out too (the test data modules of
// a project, GOROOT's _asm generators), as ./... leaves out nested modules.
func goSkipped(root, dir string) bool {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." {
		return false
	}
	for _, name := range strings.Split(rel, string(filepath.Separator)) {
		if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			return true
		}
	}
	return false
}

// canonical returns abs with its symbolic links resolved, or abs.
func canonical(abs string) string {
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

// goBatch is the most directories loaded at once. Each load holds the
// syntax and types of its packages and of every dependency until its
// analysis ends: over GOROOT/src in one load, 7.8 GB. Smaller batches
// bound the peak, at the cost of type-checking shared dependencies again
// in each batch.
var goBatch = 32

// goRun is what the batches of one module share, so that a package is
// reported once and a file counted once.
type goRun struct {
	reported map[string]bool // package path -> diagnostic made
	seen     map[report.Finding]bool
	checked  map[string]bool // files checked in full, by absolute name
	listed   map[string]bool // files some loaded package has, checked or not
	failed   map[string]bool // files of a package the analyzer failed on under go vet
}

// checkModule checks the packages of m's directories and adds what the
// analyzer finds in m's files to res: with go vet and the vet tool when
// there is one, and in this process for what go vet cannot check.
func (g *Go) checkModule(m *goModule, job *Job, res *report.Result) {
	var patterns []string
	for dir := range m.dirs {
		rel, err := filepath.Rel(m.root, dir)
		if err != nil {
			continue
		}
		patterns = append(patterns, "./"+filepath.ToSlash(rel))
	}
	sort.Strings(patterns)
	run := &goRun{reported: make(map[string]bool), seen: make(map[report.Finding]bool),
		checked: make(map[string]bool), listed: make(map[string]bool), failed: make(map[string]bool)}
	rest := patterns
	if g.VetTool != "" {
		rest = g.vetModule(m, patterns, job, res, run)
	}
	loaded := true
	for batch := range slices.Chunk(rest, max(goBatch, 1)) {
		if !g.checkBatch(m, batch, job, res, run) {
			loaded = false
			break
		}
	}
	res.FilesChecked += len(run.checked)
	if !loaded {
		return // the module's diagnostic says why
	}
	// A file named on the command line is always checked or said not to
	// be: the go command leaves some out of every package.
	for _, f := range m.files {
		if f.Follow && !run.checked[f.Abs] && !run.listed[f.Abs] {
			res.Diagnostics = append(res.Diagnostics, report.Diagnostic{Path: f.Path,
				Message: "not checked: the go command leaves this file out of its package (a name that starts with _ or ., or build constraints that exclude it here)"})
		}
	}
}

// checkBatch loads and checks the packages of patterns; false means the
// module cannot be loaded at all.
func (g *Go) checkBatch(m *goModule, patterns []string, job *Job, res *report.Result, run *goRun) bool {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: m.root, Tests: true, Env: goEnv(g.Env)}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		res.Diagnostics = append(res.Diagnostics, report.Diagnostic{
			Path:    userPath(filepath.Join(m.root, "go.mod")),
			Message: fmt.Sprintf("cannot load the packages of this module: %s; not checked", flatten(err.Error())),
		})
		return false
	}

	// A package that does not type-check gets one diagnostic, and
	// nothing the analyzer says about it is reported: it would be said
	// about code that is not what the compiler sees.
	illTyped := make(map[*packages.Package]bool)
	reported := run.reported
	for _, p := range pkgs {
		if len(p.Errors) == 0 || testMain(p.ID, p.Dir, p.GoFiles) {
			continue
		}
		illTyped[p] = true
		if reported[p.PkgPath] || onlyConstraints(p) {
			reported[p.PkgPath] = true
			continue
		}
		reported[p.PkgPath] = true
		res.Diagnostics = append(res.Diagnostics, g.typeDiag(p, m))
	}

	var checkable []*packages.Package
	for _, p := range pkgs {
		if !illTyped[p] {
			checkable = append(checkable, p)
		}
		for _, names := range [][]string{p.GoFiles, p.CompiledGoFiles} {
			for _, name := range names {
				if f, ok := m.file(name); ok {
					run.listed[f.Abs] = true
				}
			}
		}
	}
	checked, seen := run.checked, run.seen
	if len(checkable) > 0 {
		graph, err := checker.Analyze([]*analysis.Analyzer{safeAnalyzer()}, checkable, nil)
		if err != nil {
			res.Diagnostics = append(res.Diagnostics, report.Diagnostic{Path: userPath(filepath.Join(m.root, "go.mod")),
				Message: fmt.Sprintf("cannot run the analyzer on this module: %v; not checked", oneLine(err.Error()))})
			return true
		}
		var facts map[objectFact]analysis.Fact
		for _, act := range graph.Roots {
			p := act.Package
			diags := act.Diagnostics
			if act.Err != nil && strings.HasPrefix(act.Err.Error(), "failed prerequisites") {
				// A package it imports does not type-check: check it
				// again on its own, with the facts of the others.
				if facts == nil {
					facts = factsOf(graph)
				}
				diags, act.Err = analyzeAlone(safeAnalyzer(), p, facts)
			}
			if act.Err != nil {
				if reported[p.PkgPath] {
					continue
				}
				reported[p.PkgPath] = true
				res.Diagnostics = append(res.Diagnostics, report.Diagnostic{Path: pkgPath(p, m),
					Message: fmt.Sprintf("package %s: %s; not checked", p.PkgPath, oneLine(act.Err.Error()))})
				continue
			}
			for _, name := range p.CompiledGoFiles {
				if f, ok := m.file(name); ok {
					checked[f.Abs] = true
				}
			}
			for _, d := range diags {
				var end token.Position
				if d.End.IsValid() {
					end = p.Fset.PositionFor(d.End, false)
				}
				if f, ok := g.finding(d, p.Fset.PositionFor(d.Pos, false), end, m, job.Enabled); ok && !seen[f] {
					seen[f] = true
					res.Findings = append(res.Findings, f)
				}
			}
		}
	}
	return true
}

// finding converts one diagnostic of the analyzer, at pos (and end, if
// valid), into a finding, if it is in one of m's files and its rule is
// enabled. Columns count characters, as the Python engine's do.
func (g *Go) finding(d analysis.Diagnostic, pos, end token.Position, m *goModule, enabled map[string]bool) (report.Finding, bool) {
	id := tempcheck.RuleID(d)
	if id == "" || (enabled != nil && !enabled[id]) {
		return report.Finding{}, false
	}
	f, ok := m.file(pos.Filename)
	if !ok {
		return report.Finding{}, false
	}
	rule, _ := ruleOf(goRules(), id)
	rf := report.Finding{
		Rule: id, Name: rule.Name, Severity: rule.Severity, Path: f.Path,
		Line: pos.Line, Message: tempcheck.Message(d), Fix: rule.Fix,
	}
	if rf.Severity == "" {
		rf.Severity = report.SeverityWarning
	}
	lines := m.lineIndex(f)
	rf.Column = charColumn(lines, pos.Line, pos.Column)
	if end.IsValid() && end.Filename == pos.Filename {
		rf.EndLine, rf.EndColumn = end.Line, charColumn(lines, end.Line, end.Column)
	}
	rf.LineText = lines.line(pos.Line)
	return rf, true
}

// charColumn converts a 1-based byte column on line n into a 1-based
// character column.
func charColumn(x *lineIndex, n, col int) int {
	if n < 1 || n > len(x.starts) || col < 1 {
		return col
	}
	start := x.starts[n-1]
	end := min(start+col-1, len(x.data))
	return utf8.RuneCount(x.data[start:end]) + 1
}

// typeDiag is the one diagnostic of a package that does not type-check:
// its first error, at its position when that is one of the files, and how
// many more there are.
func (g *Go) typeDiag(p *packages.Package, m *goModule) report.Diagnostic {
	// The go command's own error (a missing module, a package it cannot
	// find) says more than the type errors it causes; then a syntax
	// error; then the first.
	e := p.Errors[0]
	for _, kind := range []packages.ErrorKind{packages.ListError, packages.ParseError} {
		if i := slices.IndexFunc(p.Errors, func(e packages.Error) bool { return e.Kind == kind }); i >= 0 {
			e = p.Errors[i]
			break
		}
	}
	d := report.Diagnostic{Path: pkgPath(p, m)}
	if name, line, col := splitPos(e.Pos); name != "" {
		if f, ok := m.file(name); ok {
			d.Path, d.Line, d.Column = f.Path, line, col
		}
	}
	name := p.PkgPath
	if p.ID != p.PkgPath {
		// A test variant, "p [p.test]": the error may be in a test file,
		// and p without its tests is checked on its own.
		name += " with its tests"
	}
	why := e.Msg
	// "could not import X (...)": the reason is in X's own errors.
	for path, imp := range p.Imports {
		if len(imp.Errors) > 0 && strings.HasPrefix(e.Msg, "could not import "+path+" ") {
			why = "could not import " + path + ": " + imp.Errors[0].Msg
			break
		}
	}
	msg := fmt.Sprintf("package %s does not type-check: %s", name, flatten(why))
	if n := len(p.Errors) - 1; n == 1 {
		msg += " (and 1 more error)"
	} else if n > 1 {
		msg += fmt.Sprintf(" (and %d more errors)", n)
	}
	d.Message = msg + "; not checked"
	return d
}

// pkgPath is the path a diagnostic about package p names: the directory of
// its files as the user wrote it.
func pkgPath(p *packages.Package, m *goModule) string {
	for _, name := range append(append([]string{}, p.GoFiles...), p.CompiledGoFiles...) {
		if f, ok := m.file(name); ok {
			return filepath.Dir(f.Path)
		}
	}
	return userPath(m.root)
}

// testMain reports whether the package id of directory dir, with files
// goFiles, is the main package the go command generates for a test
// binary, "p.test": its one file is in the build cache, not in dir. A
// package of a directory named x.test is not one.
func testMain(id, dir string, goFiles []string) bool {
	return strings.HasSuffix(id, ".test") && len(goFiles) == 1 && filepath.IsAbs(goFiles[0]) && filepath.Dir(goFiles[0]) != dir
}

// onlyConstraints reports whether p's only error is that build
// constraints exclude all its files: a directory of, say, Windows-only
// code, which go vet ./... passes over in silence too.
func onlyConstraints(p *packages.Package) bool {
	return len(p.Errors) == 1 && (strings.Contains(p.Errors[0].Msg, "build constraints exclude all Go files") ||
		// GOROOT/src/builtin: documentation, not a package.
		strings.Contains(p.Errors[0].Msg, "is a pseudo-package"))
}

// splitPos splits "file:line:col" (or "file:line") into its parts.
func splitPos(pos string) (name string, line, col int) {
	parts := strings.Split(pos, ":")
	nums := []int{}
	for len(parts) > 1 && len(nums) < 2 {
		n, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		parts = parts[:len(parts)-1]
	}
	if len(nums) == 0 {
		return "", 0, 0
	}
	line = nums[0]
	if len(nums) > 1 {
		col = nums[1]
	}
	return strings.Join(parts, ":"), line, col
}

// oneLine keeps the first line of a message.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// flatten puts a message of several lines (the go command's) on one, and
// cuts it at 400 bytes.
func flatten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 400 {
		cut := 400
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// userPath returns abs relative to the working directory when it is below
// it, else abs.
func userPath(abs string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return abs
}

// goEnv is the environment of the go command that loads a module: env
// (nil: this process's), with GOTOOLCHAIN=local, because the tree being
// checked may be hostile and its go.mod must not make the go command
// download and run another toolchain (a "go" or "toolchain" line newer
// than the one installed).
func goEnv(env []string) []string {
	if env == nil {
		env = os.Environ()
	}
	return append(slices.Clip(env), "GOTOOLCHAIN=local")
}
