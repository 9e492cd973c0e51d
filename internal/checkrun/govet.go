package checkrun

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tmpguard/tempfile/internal/report"
)

// goVetBatch is the most package patterns given to one go command, far
// below any limit on the length of a command line.
const goVetBatch = 1000

// listedPackage is what "go list -e -test -json" says of a package.
type listedPackage struct {
	Dir, ImportPath                                              string
	GoFiles, CgoFiles, IgnoredGoFiles, TestGoFiles, XTestGoFiles []string
	Error                                                        *struct{ Err string }
	DepsErrors                                                   []*struct{ Err string }
}

// vetModule checks the packages of patterns (directories of module m) with
// "go vet -vettool=g.VetTool" and returns the patterns left for this
// process: packages the go command cannot load (go vet would refuse to
// check any package then), and those go vet did not check (a package that
// does not type-check, with its tests or not, and those that import it),
// which get their diagnostics, and the facts of the rest, from checkBatch.
func (g *Go) vetModule(m *goModule, patterns []string, job *Job, res *report.Result, run *goRun) []string {
	byDir := make(map[string]string, len(patterns)) // canonical directory -> pattern
	for _, p := range patterns {
		byDir[canonical(filepath.Join(m.root, filepath.FromSlash(p)))] = p
	}
	var pkgs []listedPackage
	for batch := range slices.Chunk(patterns, goVetBatch) {
		listed, err := g.goList(m.root, batch)
		if err != nil {
			return patterns // checkBatch says why
		}
		pkgs = append(pkgs, listed...)
	}
	left := make(map[string]bool)    // patterns left for this process
	dirOf := make(map[string]string) // package ID -> its directory here
	ignored := make(map[string]bool) // files that build constraints exclude
	skip := make(map[string]bool)    // patterns with no package to check
	for _, p := range pkgs {
		if testMain(p.ImportPath, p.Dir, p.GoFiles) {
			continue
		}
		pattern, ok := byDir[canonical(p.Dir)]
		if p.Dir == "" {
			// No directory (GOROOT's builtin, a pseudo-package): the
			// package is named by its pattern.
			pattern, ok = p.ImportPath, slices.Contains(patterns, p.ImportPath)
		}
		if !ok {
			continue
		}
		dirOf[p.ImportPath] = p.Dir
		for _, names := range [][]string{p.GoFiles, p.CgoFiles, p.TestGoFiles, p.XTestGoFiles} {
			for _, name := range names {
				if f, ok := m.file(filepath.Join(p.Dir, name)); ok {
					run.listed[f.Abs] = true
				}
			}
		}
		for _, name := range p.IgnoredGoFiles {
			ignored[canonical(filepath.Join(p.Dir, name))] = true
		}
		switch {
		case p.Error != nil && len(p.GoFiles)+len(p.CgoFiles)+len(p.TestGoFiles)+len(p.XTestGoFiles) == 0 && constraintsExclude(p.Error.Err):
			skip[pattern] = true
		case p.Error != nil || len(p.DepsErrors) > 0:
			left[pattern] = true
		}
	}
	var vet []string
	for _, p := range patterns {
		if !left[p] && !skip[p] {
			vet = append(vet, p)
		}
	}
	for batch := range slices.Chunk(vet, goVetBatch) {
		out, err := g.goVet(m.root, batch, job.Workers)
		if err != nil {
			// go vet did not run; the packages are loaded here.
			for _, p := range batch {
				left[p] = true
			}
			continue
		}
		g.vetResults(out, dirOf, m, job, res, run)
	}
	// What go vet was given and did not check is checked here.
	for c, f := range m.files {
		dir := filepath.Dir(c)
		if p, ok := byDir[dir]; ok && !left[p] && !skip[p] && run.listed[f.Abs] && !ignored[c] && !run.checked[f.Abs] && !run.failed[f.Abs] {
			left[p] = true
		}
	}
	var out []string
	for _, p := range patterns {
		if left[p] {
			out = append(out, p)
		}
	}
	return out
}

// constraintsExclude reports whether a go command error says that build
// constraints exclude every file of a package, which go vet ./... passes
// over in silence.
func constraintsExclude(msg string) bool {
	return strings.Contains(msg, "build constraints exclude all Go files")
}

// goList lists the packages of patterns, tests included, in the module at
// root.
func (g *Go) goList(root string, patterns []string) ([]listedPackage, error) {
	args := append([]string{"list", "-e", "-test", "-json=Dir,ImportPath,GoFiles,CgoFiles,IgnoredGoFiles,TestGoFiles,XTestGoFiles,Error,DepsErrors"}, patterns...)
	out, err := g.goCommand(root, args)
	if err != nil {
		return nil, err
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			return pkgs, nil
		} else if err != nil {
			return nil, fmt.Errorf("go list: %v", err)
		}
		pkgs = append(pkgs, p)
	}
}

// goVet runs go vet with the vet tool over patterns in the module at root,
// at most workers packages at once (go vet's -p; 0: its default), and
// returns its standard output: the results of each package checked,
// each after its [unitHeader]. go vet's exit status is 1 when a package
// does not type-check; that package and those that import it then have no
// header, and nothing more is needed from its error output.
func (g *Go) goVet(root string, patterns []string, workers int) ([]byte, error) {
	args := []string{"vet"}
	if workers > 0 {
		args = append(args, "-p="+strconv.Itoa(workers))
	}
	args = append(append(args, "-json", "-vettool="+g.VetTool, "-"+unitsFlag), patterns...)
	out, err := g.goCommand(root, args)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1 && bytes.Contains(out, []byte(unitKey))) {
		return nil, err
	}
	return out, nil
}

// goCommand runs the go command with args in dir and returns its
// standard output; an error carries its standard error.
func (g *Go) goCommand(dir string, args []string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = goEnv(g.Env)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("go %s: %w: %s", args[0], err, flatten(stderr.String()))
	}
	return out, nil
}

// vetResult is one analyzer's results for a package in go vet -json: its
// diagnostics, or the error that stopped it.
type vetResult struct {
	diags []vetDiagnostic
	err   string
}

func (r *vetResult) UnmarshalJSON(data []byte) error {
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
		return json.Unmarshal(data, &r.diags)
	}
	var e struct{ Error string }
	if err := json.Unmarshal(data, &e); err != nil {
		return err
	}
	r.err = e.Error
	return nil
}

// vetDiagnostic is a diagnostic in go vet -json.
type vetDiagnostic struct {
	Category, Posn, End, Message string
}

// vetResults adds the findings of out, the output of goVet, to res and
// marks the files of each package checked. dirOf gives the directory of
// each package listed, by ID: with -trimpath, go vet's cache keys leave
// out the directory, and replay the results of another copy of the same
// sources (another clone, a git worktree), whose names are moved here.
func (g *Go) vetResults(out []byte, dirOf map[string]string, m *goModule, job *Job, res *report.Result, run *goRun) {
	dec := json.NewDecoder(bytes.NewReader(out))
	var unit *unitHeader
	for {
		var obj map[string]json.RawMessage
		if err := dec.Decode(&obj); err != nil {
			return // io.EOF; or output cut short, whose packages are checked again
		}
		if raw, ok := obj[unitKey]; ok {
			unit = new(unitHeader)
			if json.Unmarshal(raw, unit) != nil {
				unit = nil
			} else if dir, ok := dirOf[unit.ID]; ok && unit.Dir != "" && dir != unit.Dir {
				unit.moveTo(dir)
			}
			continue
		}
		if unit == nil {
			continue
		}
		if !slices.ContainsFunc(unit.sources(), func(name string) bool { _, ok := m.file(name); return ok }) {
			// A dependency, vetted for its facts: none of its files
			// were asked for.
			unit = nil
			continue
		}
		if raw, ok := obj[diagsKey]; ok {
			unit.ownDiags = json.Unmarshal(raw, &unit.diags) == nil
			for i := range unit.diags {
				unit.diags[i].Posn, unit.diags[i].End = unit.local(unit.diags[i].Posn), unit.local(unit.diags[i].End)
			}
			continue
		}
		var failed string
		var diags []vetDiagnostic
		for _, raw := range obj {
			var byAnalyzer map[string]vetResult
			if err := json.Unmarshal(raw, &byAnalyzer); err != nil {
				failed = fmt.Sprintf("cannot read the checker's output: %v", err)
				break
			}
			for _, r := range byAnalyzer {
				if r.err != "" {
					failed = r.err
				}
				for _, d := range r.diags {
					d.Posn, d.End = unit.local(d.Posn), unit.local(d.End)
					diags = append(diags, d)
				}
			}
		}
		if failed != "" {
			diags = nil // what the analyzer said before it failed
		} else if unit.ownDiags {
			diags = unit.diags // at their positions in the files checked
		}
		var found []report.Finding
		for _, d := range diags {
			pos, end := vetPosition(d.Posn), vetPosition(d.End)
			if f, ok := g.finding(analysis.Diagnostic{Category: d.Category, Message: d.Message}, pos, end, m, job.Enabled); ok {
				found = append(found, f)
			}
		}
		if failed != "" {
			if !run.reported[unit.ImportPath] {
				run.reported[unit.ImportPath] = true
				res.Diagnostics = append(res.Diagnostics, report.Diagnostic{Path: unitPath(unit, m),
					Message: fmt.Sprintf("package %s: %s; not checked", unit.ImportPath, oneLine(failed))})
			}
		}
		for _, name := range unit.sources() {
			if f, ok := m.file(name); ok {
				if failed != "" {
					run.failed[f.Abs] = true // loading it here would only fail again
				} else {
					run.checked[f.Abs] = true
				}
			}
		}
		for _, f := range found {
			if !run.seen[f] {
				run.seen[f] = true
				res.Findings = append(res.Findings, f)
			}
		}
		unit = nil
	}
}

// unitPath is the path a diagnostic about the package of u names: the
// directory of its files as the user wrote it.
func unitPath(u *unitHeader, m *goModule) string {
	for _, name := range u.sources() {
		if f, ok := m.file(name); ok {
			return filepath.Dir(f.Path)
		}
	}
	return userPath(m.root)
}

// vetPosition parses a position of go vet -json, "file:line:col".
func vetPosition(s string) token.Position {
	name, line, col := splitPos(s)
	return token.Position{Filename: name, Line: line, Column: col}
}
