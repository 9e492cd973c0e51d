package checkrun

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tmpguard/tempfile/analysis/tempcheck"
	"github.com/tmpguard/tempfile/internal/pycheck"
	"github.com/tmpguard/tempfile/internal/report"
)

// TestRuleTables checks the engines' tables against their sources: every
// rule of pycheck and of the Go analyzer is in exactly one table, with its
// severity, and the IDs of the languages do not overlap (TF0xx Python,
// TF1xx Go).
func TestRuleTables(t *testing.T) {
	tests := []struct {
		engine Engine
		prefix string
		want   map[string]string // ID -> severity
	}{
		{&Python{}, "TF0", func() map[string]string {
			m := make(map[string]string)
			for _, r := range pycheck.Rules() {
				m[r.ID] = string(r.Severity)
			}
			return m
		}()},
		{&Go{}, "TF1", func() map[string]string {
			m := make(map[string]string)
			for _, r := range tempcheck.Rules {
				m[r.ID] = string(r.Severity)
			}
			return m
		}()},
	}
	owner := make(map[string]string)
	for _, tc := range tests {
		rules := tc.engine.Rules()
		if len(rules) != len(tc.want) {
			t.Errorf("%s: %d rules, want %d", tc.engine.Name(), len(rules), len(tc.want))
		}
		if !slices.IsSortedFunc(rules, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) }) {
			t.Errorf("%s: rules not in ID order", tc.engine.Name())
		}
		for _, r := range rules {
			if sev, ok := tc.want[r.ID]; !ok || sev != r.Severity {
				t.Errorf("%s: rule %s severity %q, want %q (known: %v)", tc.engine.Name(), r.ID, r.Severity, sev, ok)
			}
			if r.Engine != tc.engine.Name() || !strings.HasPrefix(r.ID, tc.prefix) || r.Name == "" || r.Summary == "" || r.Fix == "" {
				t.Errorf("%s: rule %+v incomplete or misplaced", tc.engine.Name(), r)
			}
			if other, dup := owner[r.ID]; dup {
				t.Errorf("rule %s in both %s and %s", r.ID, other, tc.engine.Name())
			}
			owner[r.ID] = tc.engine.Name()
		}
	}
	all := AllRules(nil)
	if len(all) != len(owner) {
		t.Errorf("AllRules: %d rules, want %d", len(all), len(owner))
	}
	for _, id := range []string{"TF001", "tf103", " TF108 "} {
		r, ok := LookupRule(id)
		if !ok || r.ID != strings.ToUpper(strings.TrimSpace(id)) {
			t.Errorf("LookupRule(%q) = %v, %v", id, r.ID, ok)
		}
	}
	if _, ok := LookupRule("TF199"); ok {
		t.Error("LookupRule(TF199) found a rule")
	}
}

// TestSelectAcrossEngines: a prefix selects across every engine's table.
func TestSelectAcrossEngines(t *testing.T) {
	ids := RuleIDs(AllRules(nil))
	tests := []struct {
		sel, ign []string
		want     func(id string) bool
	}{
		{[]string{"TF1"}, nil, func(id string) bool { return strings.HasPrefix(id, "TF1") }},
		{[]string{"TF0"}, nil, func(id string) bool { return strings.HasPrefix(id, "TF0") }},
		{nil, []string{"TF10"}, func(id string) bool { return !strings.HasPrefix(id, "TF10") }},
		{[]string{"TF103", "TF001"}, nil, func(id string) bool { return id == "TF103" || id == "TF001" }},
	}
	for _, tc := range tests {
		on, err := Select(ids, tc.sel, tc.ign)
		if err != nil {
			t.Fatalf("Select(%v, %v): %v", tc.sel, tc.ign, err)
		}
		for _, id := range ids {
			if on[id] != tc.want(id) {
				t.Errorf("Select(%v, %v)[%s] = %v", tc.sel, tc.ign, id, on[id])
			}
		}
	}
}

func TestWants(t *testing.T) {
	tests := []struct {
		name string
		want string // engine name, "" for none
	}{
		{"a.py", "Python"},
		{"a.go", "Go"},
		{"a_test.go", "Go"},
		{"a.pyi", ""},
		{"go.mod", ""},
		{"a.go.txt", ""},
		{"dir/b.py", "Python"},
	}
	for _, tc := range tests {
		got := ""
		if e := wants(Engines(), tc.name); e != nil {
			got = e.Name()
		}
		if got != tc.want {
			t.Errorf("wants(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestGoSkipped(t *testing.T) {
	root := filepath.FromSlash("/m")
	tests := []struct {
		dir  string
		want bool
	}{
		{"/m", false},
		{"/m/pkg", false},
		{"/m/pkg/testdata", true},
		{"/m/testdata/src/x", true},
		{"/m/vendor/example.com/dep", true},
		{"/m/.hidden", true},
		{"/m/_old/x", true},
		{"/m/pkg/vendored", false},
		{"/m/my_pkg", false},
	}
	for _, tc := range tests {
		if got := goSkipped(root, filepath.FromSlash(tc.dir)); got != tc.want {
			t.Errorf("goSkipped(%q) = %v, want %v", tc.dir, got, tc.want)
		}
	}
}

func TestSplitPos(t *testing.T) {
	tests := []struct {
		pos       string
		name      string
		line, col int
	}{
		{"/m/a.go:3:7", "/m/a.go", 3, 7},
		{"/m/a.go:3", "/m/a.go", 3, 0},
		{"C:/m/a.go:12:1", "C:/m/a.go", 12, 1},
		{"", "", 0, 0},
		{"-", "", 0, 0},
	}
	for _, tc := range tests {
		name, line, col := splitPos(tc.pos)
		if name != tc.name || line != tc.line || col != tc.col {
			t.Errorf("splitPos(%q) = %q, %d, %d; want %q, %d, %d", tc.pos, name, line, col, tc.name, tc.line, tc.col)
		}
	}
}

func TestCharColumn(t *testing.T) {
	x := newLineIndex([]byte("ab\n/* é */ x\r\nz"))
	tests := []struct{ line, byteCol, want int }{
		{1, 1, 1},
		{1, 3, 3},
		{2, 10, 9}, // "é" is two bytes, one character
		{3, 1, 1},
		{4, 5, 5}, // no such line: unchanged
	}
	for _, tc := range tests {
		if got := charColumn(x, tc.line, tc.byteCol); got != tc.want {
			t.Errorf("charColumn(%d, %d) = %d, want %d", tc.line, tc.byteCol, got, tc.want)
		}
	}
}

// offEngine is an engine that this build cannot run.
type offEngine struct{}

func (offEngine) Name() string           { return "Off" }
func (offEngine) Rules() []Rule          { return nil }
func (offEngine) Available() error       { return errors.New("off in this build") }
func (offEngine) Wants(name string) bool { return strings.HasSuffix(name, ".off") }
func (offEngine) Check(*Job) (*report.Result, error) {
	panic("Check called on an unavailable engine")
}

// TestRunUnavailableEngine: an engine that cannot run is an error only
// when there are files for it.
func TestRunUnavailableEngine(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": "x = 1\n"})
	chdir(t, dir)
	engines := []Engine{&Python{CheckFunc: fakeCheck}, offEngine{}}
	res, err := Run(Options{Engines: engines})
	if err != nil || res.FilesChecked != 1 {
		t.Fatalf("Run without files for Off = %v, %v; want 1 file checked", res, err)
	}
	writeTree(t, dir, map[string]string{"b.off": ""})
	_, err = Run(Options{Engines: engines})
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Engine != "Off" {
		t.Fatalf("Run with a file for Off: %v, want an *UnavailableError for Off", err)
	}
}

// TestGoEngine runs the Go engine on a real module with the go command.
func TestGoEngine(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":              "module example.com/e\n\ngo 1.22\n",
		"a/a.go":              "package a\n\nimport \"os\"\n\nfunc A() { _ = os.WriteFile(\"/tmp/a\", nil, 0o600); _ = os.RemoveAll(os.TempDir()) }\n",
		"a/a_test.go":         "package a\n\nimport (\n\t\"os\"\n\t\"testing\"\n)\n\nfunc TestA(t *testing.T) { _ = os.WriteFile(\"/tmp/t\", nil, 0o600) }\n",
		"a/testdata/skip.go":  "package skip\n\nimport \"os\"\n\nfunc S() { _ = os.WriteFile(\"/tmp/s\", nil, 0o600) }\n",
		"bad/bad.go":          "package bad\n\nfunc B() { undefined() }\n",
		"user/user.go":        "package user\n\nimport (\n\t\"os\"\n\n\t\"example.com/e/bad\"\n)\n\nfunc U() { bad.B(); _ = os.WriteFile(\"/tmp/u\", nil, 0o600) }\n",
		"../outside/loose.go": "package loose\n",
	})
	chdir(t, dir)
	t.Setenv("GOPROXY", "off")
	on, err := Select(RuleIDs(AllRules(nil)), []string{"TF101"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// One directory per load, and all at once: the same result.
	for _, batch := range []int{1, 32} {
		t.Run(fmt.Sprintf("batch=%d", batch), func(t *testing.T) {
			defer func(old int) { goBatch = old }(goBatch)
			goBatch = batch
			checkGoModule(t, on)
		})
	}
}

func checkGoModule(t *testing.T, on map[string]bool) {
	res, err := Run(Options{Enabled: on, Paths: []string{".", filepath.Join("..", "outside", "loose.go")}})
	if err != nil {
		t.Fatal(err)
	}
	got := findingStrings(res.Findings)
	want := []string{"a/a.go:5:29:TF101", "a/a_test.go:8:45:TF101", "user/user.go:9:38:TF101"}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
	if res.FilesChecked != 3 {
		t.Errorf("FilesChecked = %d, want 3", res.FilesChecked)
	}
	var diags []string
	for _, d := range res.Diagnostics {
		diags = append(diags, d.Path+": "+d.Message)
	}
	if len(diags) != 2 || !strings.Contains(diags[1], "does not type-check: undefined: undefined") ||
		!strings.Contains(diags[0], "not in a Go module") {
		t.Errorf("diagnostics = %q, want one for bad/ and one for loose.go", diags)
	}
}

// TestOwnConfigFile: tmpguard.toml holds the keys at its top level, for a
// project without a pyproject.toml; in one directory it comes first.
func TestOwnConfigFile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content string
		check         func(cfg *FileConfig, err error) bool
	}{
		{"keys", "select = ['TF1']\nignore = []\nexclude = ['gen/']\n", func(cfg *FileConfig, err error) bool {
			return err == nil && cfg.Own && slices.Equal(cfg.Select, []string{"TF1"}) &&
				cfg.Ignore != nil && len(cfg.Ignore) == 0 && slices.Equal(cfg.Exclude, []string{"gen/"}) && cfg.Dir == dir
		}},
		{"empty file", "", func(cfg *FileConfig, err error) bool {
			return err == nil && cfg != nil && cfg.Select == nil
		}},
		{"unknown key", "select = ['TF1']\nexlude = ['x']\n", func(_ *FileConfig, err error) bool {
			return err != nil && strings.Contains(err.Error(), `unknown key "exlude"`) && !strings.Contains(err.Error(), "[tool.tmpguard]")
		}},
		{"a pyproject table is not read there", "[tool.tmpguard]\nselect = ['TF1']\n", func(_ *FileConfig, err error) bool {
			return err != nil && strings.Contains(err.Error(), `unknown key "tool`)
		}},
		{"wrong type", "select = 'TF1'\n", func(_ *FileConfig, err error) bool {
			var ce *ConfigError
			return errors.As(err, &ce)
		}},
	}
	for _, tc := range tests {
		p := filepath.Join(dir, ConfigFile)
		writeTree(t, dir, map[string]string{ConfigFile: tc.content})
		cfg, err := LoadConfig(p)
		if !tc.check(cfg, err) {
			t.Errorf("%s: LoadConfig = %+v, %v", tc.name, cfg, err)
		}
	}

	writeTree(t, dir, map[string]string{
		"a/" + ConfigFile:    "select = ['TF1']\n",
		"a/pyproject.toml":   "[tool.tmpguard]\nselect = ['TF0']\n",
		"a/b/pyproject.toml": "[tool.tmpguard]\nselect = ['TF00']\n",
		"a/b/c/x.go":         "",
		"a/d/pyproject.toml": "[project]\nname = 'no table'\n",
		"a/d/x.go":           "",
		"e/" + ConfigFile:    "select = [\n",
		"e/pyproject.toml":   "[tool.tmpguard]\n",
		"e/x.go":             "",
	})
	for _, tc := range []struct{ start, want string }{
		{"a", "a/" + ConfigFile},
		{"a/b/c/x.go", "a/b/pyproject.toml"},
		{"a/d/x.go", "a/" + ConfigFile},
	} {
		cfg, err := FindConfig(filepath.Join(dir, tc.start))
		if err != nil || cfg == nil || cfg.Path != filepath.Join(dir, tc.want) {
			t.Errorf("FindConfig(%s) = %+v, %v; want %s", tc.start, cfg, err, tc.want)
		}
	}
	// A broken tmpguard.toml is an error, not passed over for the
	// pyproject.toml beside it.
	if _, err := FindConfig(filepath.Join(dir, "e")); err == nil {
		t.Error("FindConfig(e) with a broken tmpguard.toml: nil error")
	}
}
