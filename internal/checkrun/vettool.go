package checkrun

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// The Go engine runs the analyzer the way go vet runs any analyzer: it
// calls "go vet -json -vettool=TOOL", where TOOL is tmpguard itself. The
// go command then type-checks each package once, against the compiled
// export data of its imports, runs the tool on it in a process of its own,
// in parallel, and caches the results. The tool side of that protocol is
// VetMain.

// unitsFlag is the flag the Go engine gives the vet tool: before the
// results of each package, the tool writes a [unitHeader], so that the
// engine knows which packages were checked, with which files. It is a
// flag, not an environment variable, because go vet keys its cache of a
// tool's output by the tool's flags: output cached without the headers is
// never replayed to a run that needs them.
const unitsFlag = "tmpguard.units"

// unitKey is the one key of a [unitHeader] object in the vet tool's
// output: no package path can hold a space.
const unitKey = "tmpguard unit"

// diagsKey is the one key of the object that follows a [unitHeader]
// once the analyzer has run: its diagnostics, each at the position in
// the file that holds it, which go vet's own results do not give when a
// //line directive moves it (see [sourcePosition]).
const diagsKey = "tmpguard diagnostics"

// A unitHeader names the package whose results follow it in the output
// of go vet -json: its ID ("p", "p [p.test]") and its Go files.
type unitHeader struct {
	ID         string
	ImportPath string
	Dir        string
	GoFiles    []string

	diags    []vetDiagnostic // from the diagsKey object, if any
	ownDiags bool            // diags were read: they replace go vet's
	from     string          // the directory the names were written in, if moved
}

// moveTo moves the names of u's files, and of the positions read after
// it, from u's directory to dir.
func (u *unitHeader) moveTo(dir string) {
	u.from = u.Dir
	u.Dir = dir
	for i, name := range u.GoFiles {
		u.GoFiles[i] = u.local(name)
	}
}

// local returns name, a file name or a position in it, moved to u's
// directory if it was written in another.
func (u *unitHeader) local(name string) string {
	if u.from == "" {
		return name
	}
	if rest, ok := strings.CutPrefix(name, u.from+string(filepath.Separator)); ok {
		return filepath.Join(u.Dir, rest)
	}
	return name
}

// sources returns the names of the source files of u: its Go files, each
// file of cgo (which go vet gives the tool as the output of cgo,
// NAME.cgo1.go in a work directory) by its own name in u's directory.
func (u *unitHeader) sources() []string {
	out := make([]string, 0, len(u.GoFiles))
	for _, name := range u.GoFiles {
		if base, ok := strings.CutSuffix(filepath.Base(name), ".cgo1.go"); ok && u.Dir != "" {
			name = filepath.Join(u.Dir, base+".go")
		}
		out = append(out, name)
	}
	return out
}

// IsVetInvocation reports whether args (without the program name) are
// those of go vet calling its -vettool: "-V=full", "-flags", or flags
// followed by one configuration file *.cfg.
func IsVetInvocation(args []string) bool {
	if len(args) == 1 && (args[0] == "-V=full" || args[0] == "-flags") {
		return true
	}
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return true
}

// VetMain is the main function of the vet tool: it runs the Go rules'
// analyzer on the one package that go vet describes in the configuration
// file of os.Args, as golang.org/x/tools/go/analysis/unitchecker does, and
// exits. With -tmpguard.units it first writes a [unitHeader] to the
// package's output, and the analyzer's diagnostics after it (see
// [reportingAnalyzer]).
func VetMain() {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" {
		printVetVersion()
	}
	// Declared so that -flags lists it and go vet passes it on; parsed
	// by unitchecker.Main with the analyzer's flags.
	flag.Bool(unitsFlag, false, "write a header naming each package before its results (for tmpguard check)")
	args := os.Args[1:]
	a := safeAnalyzer()
	if len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") && hasFlag(args[:len(args)-1], unitsFlag) {
		if cfg, dir, err := writeUnitHeader(args[len(args)-1]); err != nil {
			fmt.Fprintf(os.Stderr, "tmpguard: %v\n", err)
			os.Exit(1)
		} else if cfg != "" {
			os.Args[len(os.Args)-1] = cfg
			a = reportingAnalyzer(a, dir)
		}
	}
	unitchecker.Main(a)
}

// printVetVersion answers go vet's -V=full and exits, as unitchecker
// does, with the content hash of this executable as the build ID that go
// vet keys its cache with, but with "tmpguard" in place of the
// executable's path: go vet splits the answer at spaces, and refuses the
// tool when the path holds one.
func printVetVersion() {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "tmpguard: %v\n", err)
		os.Exit(1)
	}
	f, err := os.Open(exe)
	if err != nil {
		fmt.Fprintf(os.Stderr, "tmpguard: %v\n", err)
		os.Exit(1)
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		fmt.Fprintf(os.Stderr, "tmpguard: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("tmpguard version devel comments-go-here buildID=%x\n", h.Sum(nil))
	os.Exit(0)
}

// reportingAnalyzer returns a copy of a that, once a has run, writes the
// diagnostics of a to the output as one diagsKey object, each at its
// [sourcePosition] in a package of directory dir.
func reportingAnalyzer(a *analysis.Analyzer, dir string) *analysis.Analyzer {
	b := *a
	b.Run = func(pass *analysis.Pass) (any, error) {
		var diags []vetDiagnostic
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			vd := vetDiagnostic{Category: d.Category, Message: d.Message, Posn: sourcePosition(pass.Fset, d.Pos, dir).String()}
			if d.End.IsValid() {
				vd.End = sourcePosition(pass.Fset, d.End, dir).String()
			}
			diags = append(diags, vd)
			report(d)
		}
		res, err := a.Run(pass)
		if data, jerr := json.Marshal(map[string][]vetDiagnostic{diagsKey: diags}); jerr == nil {
			os.Stdout.Write(append(data, '\n'))
		}
		return res, err
	}
	return &b
}

// sourcePosition returns the position of pos in the file that holds it,
// in a package of directory dir: go vet's output follows //line
// directives, which would move a finding out of the file checked (a
// parser generated from grammar.y) or to another file. The files of cgo
// are the exception: go vet gives the tool cgo's output, in a directory
// of its own, whose //line directives lead back to the file written.
func sourcePosition(fset *token.FileSet, pos token.Pos, dir string) token.Position {
	p := fset.PositionFor(pos, false)
	if filepath.Dir(p.Filename) != dir {
		return fset.PositionFor(pos, true)
	}
	return p
}

// hasFlag reports whether args set the boolean flag name.
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		a = strings.TrimLeft(a, "-")
		if a == name || a == name+"=true" {
			return true
		}
	}
	return false
}

// writeUnitHeader writes the header of the package that the configuration
// file cfgPath describes to the file go vet reads the tool's output from,
// points os.Stdout at that file, and returns a copy of the configuration
// that names no output file, so that unitchecker appends its results to
// the header instead of replacing it, and that asks for results even of
// a package vetted only for its facts. It returns the name of the copy,
// written beside the original in the go command's own directory for the
// package (which the go command removes), and the package's directory;
// "" when there is nothing to do: no output file.
func writeUnitHeader(cfgPath string) (newCfg, dir string, err error) {
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		return "", "", err
	}
	var cfg struct {
		ID, ImportPath, Dir, Stdout string
		GoFiles                     []string
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return "", "", fmt.Errorf("cannot decode the vet configuration %s: %v", cfgPath, err)
	}
	if cfg.Stdout == "" {
		return "", "", nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return "", "", fmt.Errorf("cannot decode the vet configuration %s: %v", cfgPath, err)
	}
	delete(raw, "Stdout")
	// A package vetted only for its facts (a dependency of those asked
	// for) gets its results written too: go vet caches them under the
	// same key as those of the package vetted for itself, and would
	// replay an empty output to a later run that asks for it. The
	// analyzer runs in full for its facts anyway.
	delete(raw, "VetxOnly")
	copied, err := json.Marshal(raw)
	if err != nil {
		return "", "", err
	}
	header, err := json.Marshal(map[string]unitHeader{unitKey: {ID: cfg.ID, ImportPath: cfg.ImportPath, Dir: cfg.Dir, GoFiles: cfg.GoFiles}})
	if err != nil {
		return "", "", err
	}
	out, err := os.OpenFile(cfg.Stdout, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return "", "", err
	}
	if _, err := out.Write(append(header, '\n')); err != nil {
		out.Close()
		return "", "", err
	}
	newCfg = filepath.Join(filepath.Dir(cfgPath), "tmpguard-vet.cfg")
	if err := os.WriteFile(newCfg, copied, 0o600); err != nil {
		out.Close()
		return "", "", err
	}
	os.Stdout = out // closed when the process exits, right after the results
	return newCfg, cfg.Dir, nil
}
