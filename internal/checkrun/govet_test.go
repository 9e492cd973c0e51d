package checkrun

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tmpguard/tempfile/internal/report"
)

// TestIsVetInvocation checks which argument lists are go vet calling its
// tool, and that no tmpguard command line is taken for one.
func TestIsVetInvocation(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"-json", "-tmpguard.units", "/tmp/go-build1/b001/vet.cfg"}, true},
		{nil, false},
		{[]string{"check", "x.cfg"}, false},
		{[]string{"check"}, false},
		{[]string{"-V=full", "check"}, false},
		{[]string{"--version"}, false},
		{[]string{"-json", "x.go"}, false},
	} {
		if got := IsVetInvocation(tc.args); got != tc.want {
			t.Errorf("IsVetInvocation(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// TestUnitSources checks that cgo's output files are named by the cgo
// files they come from, and the others as they are.
func TestUnitSources(t *testing.T) {
	dir := filepath.FromSlash("/src/c")
	u := unitHeader{Dir: dir, GoFiles: []string{
		filepath.Join(dir, "plain.go"),
		filepath.FromSlash("/tmp/go-build1/b001/c.cgo1.go"),
		filepath.FromSlash("/tmp/go-build1/b001/_cgo_gotypes.go"),
	}}
	want := []string{filepath.Join(dir, "plain.go"), filepath.Join(dir, "c.go"), filepath.FromSlash("/tmp/go-build1/b001/_cgo_gotypes.go")}
	if got := u.sources(); !slices.Equal(got, want) {
		t.Errorf("sources() = %q, want %q", got, want)
	}
}

// TestVetResults reads go vet -json output as the vet tool writes it with
// -tmpguard.units, for a package p of a module in a temporary directory:
// which findings and diagnostics it gives, and which files it counts as
// checked.
func TestVetResults(t *testing.T) {
	dir := t.TempDir()
	pdir := filepath.Join(dir, "p")
	if err := os.Mkdir(pdir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(pdir, "p.go")
	if err := os.WriteFile(src, []byte("package p\n\nimport \"os\"\n\nfunc F() { _ = os.WriteFile(\"/tmp/x\", nil, 0o600) }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	header := func(id, dir string) string {
		return `{"tmpguard unit":{"ID":"` + id + `","ImportPath":"` + id + `","Dir":"` + dir + `","GoFiles":["` + filepath.Join(dir, "p.go") + `"]}}` + "\n"
	}
	diag := func(file string, line int) string {
		return fmt.Sprintf(`{"Category":"TF101","Posn":"%s:%d:29","End":"%s:%d:37","Message":"TF101 fixed path"}`, file, line, file, line)
	}
	own := func(file string, line int) string {
		return `{"tmpguard diagnostics":[` + diag(file, line) + "]}\n"
	}
	tree := func(body string) string { return `{"example.com/p":{"tempcheck":` + body + "}}\n" }
	other := filepath.Join(dir, "elsewhere")
	for _, tc := range []struct {
		name              string
		out               string
		lines             []int // lines of the findings
		diags             int   // diagnostics
		checked, failedIn bool
	}{
		{"go vet's positions", header("example.com/p", pdir) + tree("["+diag(src, 5)+"]"), []int{5}, 0, true, false},
		{"the tool's positions win", header("example.com/p", pdir) + own(src, 5) + tree("["+diag("grammar.y", 42)+"]"), []int{5}, 0, true, false},
		{"no findings", header("example.com/p", pdir) + `{"tmpguard diagnostics":null}` + "\n{}\n", nil, 0, true, false},
		// An analyzer that failed: what it reported before is not a finding.
		{"failed", header("example.com/p", pdir) + own(src, 5) + tree(`{"error":"internal error in the checker: boom"}`), nil, 1, false, true},
		// A dependency, none of whose files were asked for.
		{"not ours", header("example.com/dep", other) + own(filepath.Join(other, "p.go"), 5) + tree(`{"error":"boom"}`), nil, 0, false, false},
		// The results of another copy of p (-trimpath): moved here.
		{"moved", header("example.com/p", other) + own(filepath.Join(other, "p.go"), 5) + tree("[]"), []int{5}, 0, true, false},
		// Output cut short: nothing is counted.
		{"cut short", header("example.com/p", pdir) + own(src, 5) + `{"example.com/p":`, nil, 0, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &goModule{root: dir, dirs: map[string]bool{pdir: true}, files: map[string]File{canonical(src): {Path: "p/p.go", Abs: src}},
				canon: make(map[string]string), lines: make(map[string]*lineIndex)}
			run := &goRun{reported: make(map[string]bool), seen: make(map[report.Finding]bool),
				checked: make(map[string]bool), listed: make(map[string]bool), failed: make(map[string]bool)}
			res := &report.Result{}
			g := &Go{}
			g.vetResults([]byte(tc.out), map[string]string{"example.com/p": pdir}, m, &Job{}, res, run)
			var lines []int
			for _, f := range res.Findings {
				if f.Path != "p/p.go" || f.Rule != "TF101" {
					t.Errorf("finding %+v, want one in p/p.go", f)
				}
				lines = append(lines, f.Line)
			}
			if !slices.Equal(lines, tc.lines) {
				t.Errorf("findings on lines %v, want %v", lines, tc.lines)
			}
			if len(res.Diagnostics) != tc.diags {
				t.Errorf("diagnostics %+v, want %d", res.Diagnostics, tc.diags)
			}
			if run.checked[src] != tc.checked || run.failed[src] != tc.failedIn {
				t.Errorf("checked %v, failed %v; want %v, %v", run.checked[src], run.failed[src], tc.checked, tc.failedIn)
			}
		})
	}
}
