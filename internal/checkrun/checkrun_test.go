package checkrun

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tmpguard/tempfile/internal/pycheck"
	"github.com/tmpguard/tempfile/internal/report"
)

// writeTree creates files under dir: a name ending in "/" is a directory,
// "name -> target" a symbolic link.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		if link, target, ok := strings.Cut(name, " -> "); ok {
			p := filepath.Join(dir, link)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		p := filepath.Join(dir, name)
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// chdir changes into dir for the rest of the test.
func chdir(t *testing.T, dir string) {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(old) })
}

func targetPaths(ts []target) []string {
	var out []string
	for _, t := range ts {
		out = append(out, filepath.ToSlash(t.path))
	}
	return out
}

func TestCollect(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.py":                               "",
		"b.txt":                              "",
		"stub.pyi":                           "",
		"pkg/c.py":                           "",
		"pkg/__pycache__/c.py":               "",
		".git/hooks/x.py":                    "",
		".venv/lib/x.py":                     "",
		"venv/lib/x.py":                      "",
		"venv2/pyvenv.cfg":                   "home = /usr/bin",
		"venv2/lib/x.py":                     "",
		"stdlib/venv/__init__.py":            "", // a package named venv is code
		"lib/site-packages/x.py":             "",
		"web/node_modules/x.py":              "",
		".gitignore":                         "build/\n*_gen.py\n/top_only.py\n",
		"build/x.py":                         "",
		"pkg/api_gen.py":                     "",
		"top_only.py":                        "",
		"pkg/top_only.py":                    "",
		"pkg/sub/.gitignore":                 "!keep_gen.py\nlocal.py\n",
		"pkg/sub/keep_gen.py":                "",
		"pkg/sub/local.py":                   "",
		"pkg/sub/other.py":                   "",
		"loop -> .":                          "",
		"pkg/link.py -> ../a.py":             "",
		"pkg/dangling.py -> nowhere.py":      "",
		"pkg/sub/selfloop.py -> selfloop.py": "",
	})
	chdir(t, dir)
	got, diags, err := collect([]string{"."}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a.py",
		"pkg/c.py",
		"pkg/sub/keep_gen.py",
		"pkg/sub/other.py",
		"pkg/top_only.py",
		"stdlib/venv/__init__.py",
	}
	if !reflect.DeepEqual(targetPaths(got), want) {
		t.Errorf("collect(.) =\n%q\nwant\n%q", targetPaths(got), want)
	}
	if len(diags) != 0 {
		t.Errorf("collect(.) diagnostics = %v, want none", diags)
	}

	// Files named explicitly are checked whatever their name, and
	// whatever .gitignore says; a path given twice is checked once.
	got, _, err = collect([]string{"build/x.py", "b.txt", "stub.pyi", "a.py", "./a.py"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"build/x.py", "b.txt", "stub.pyi", "a.py"}; !reflect.DeepEqual(targetPaths(got), want) {
		t.Errorf("collect(explicit files) = %q, want %q", targetPaths(got), want)
	}
}

// mkfifo makes a named pipe; nil where there are none.
var mkfifo func(name string) error

func TestCollectBadPaths(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.py":                   "",
		"loop.py -> loop.py":     "",
		"dangling.py -> none.py": "",
	})
	chdir(t, dir)
	names := []string{"loop.py", "dangling.py", "a.py"}
	want := []string{
		"loop.py: error: too many levels of symbolic links",
		"dangling.py: error: no such file or directory",
	}
	if mkfifo != nil {
		if err := mkfifo("fifo.py"); err != nil {
			t.Fatal(err)
		}
		names = append(names, "fifo.py")
		want = append(want, "fifo.py: error: not a regular file (a FIFO)")
	}

	_, _, err := collect([]string{"a.py", "missing.py"}, nil, nil)
	var ue *UsageError
	if !errors.As(err, &ue) {
		t.Fatalf("collect(missing.py) error = %v, want a *UsageError", err)
	}

	got, diags, err := collect(names, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.py"}; !reflect.DeepEqual(targetPaths(got), want) {
		t.Errorf("targets = %q, want %q", targetPaths(got), want)
	}
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.String())
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("diagnostics =\n%q\nwant\n%q", msgs, want)
	}
}

func TestCollectGitignoreAboveRoot(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".git/":          "",
		".gitignore":     "src/gen/\n",
		"src/a.py":       "",
		"src/gen/x.py":   "",
		"other/.gitkeep": "",
	})
	chdir(t, filepath.Join(dir, "src"))
	got, _, err := collect([]string{"."}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.py"}; !reflect.DeepEqual(targetPaths(got), want) {
		t.Errorf("collect in a subdirectory = %q, want %q (the repository's .gitignore applies)", targetPaths(got), want)
	}
}

func TestCollectExclude(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.py":                   "",
		"tests/t.py":             "",
		"pkg/tests/t.py":         "",
		"pkg/migrations/0001.py": "",
		"pkg/m.py":               "",
		"docs/conf.py":           "",
	})
	chdir(t, dir)
	ex := &ignoreList{base: dir, pats: parsePatterns([]string{"tests", "**/migrations/*.py", "/docs"})}
	got, _, err := collect([]string{"."}, ex, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.py", "pkg/m.py"}; !reflect.DeepEqual(targetPaths(got), want) {
		t.Errorf("collect with excludes = %q, want %q", targetPaths(got), want)
	}
	// An excluded file named on the command line is still checked.
	got, _, _ = collect([]string{"tests/t.py"}, ex, nil)
	if want := []string{"tests/t.py"}; !reflect.DeepEqual(targetPaths(got), want) {
		t.Errorf("collect(excluded file) = %q, want %q", targetPaths(got), want)
	}
}

func TestPatterns(t *testing.T) {
	tests := []struct {
		pattern string
		path    string
		isDir   bool
		want    bool
	}{
		{"*.py", "a.py", false, true},
		{"*.py", "x/y/a.py", false, true},
		{"*.py", "a.pyc", false, false},
		{"/a.py", "x/a.py", false, false},
		{"/a.py", "a.py", false, true},
		{"build/", "build", false, false},
		{"build/", "x/build", true, true},
		{"x/*.py", "x/a.py", false, true},
		{"x/*.py", "y/x/a.py", false, false},
		{"**/gen", "a/b/gen", true, true},
		{"**/gen", "gen", true, true},
		{"a/**/b.py", "a/b.py", false, true},
		{"a/**/b.py", "a/x/y/b.py", false, true},
		{"a/**", "a/x/y", false, true},
		{"?.py", "ab.py", false, false},
		{"[ab].py", "b.py", false, true},
		{"[!ab].py", "b.py", false, false},
		{`\#x.py`, "#x.py", false, true},
		{"# comment", "# comment", false, false},
		{"a.py   ", "a.py", false, true},
	}
	for _, tc := range tests {
		l := &ignoreList{base: "/r", pats: parsePatterns([]string{tc.pattern})}
		_, got := l.match("/r/"+tc.path, tc.isDir)
		if got != tc.want {
			t.Errorf("pattern %q, path %q (dir %v): ignored = %v, want %v", tc.pattern, tc.path, tc.isDir, got, tc.want)
		}
	}
}

func TestSelect(t *testing.T) {
	ids := []string{"TF001", "TF002", "TF005", "TF010", "TF013"}
	tests := []struct {
		sel, ign []string
		want     []string
		err      bool
	}{
		{nil, nil, ids, false},
		{[]string{"TF005"}, nil, []string{"TF005"}, false},
		{[]string{"tf01"}, nil, []string{"TF010", "TF013"}, false},
		{[]string{"ALL"}, []string{"TF00"}, []string{"TF010", "TF013"}, false},
		{[]string{"TF005"}, []string{"TF005"}, nil, false},
		{[]string{}, nil, nil, false},
		{[]string{"TF999"}, nil, nil, true},
		{nil, []string{"E501"}, nil, true},
	}
	for _, tc := range tests {
		on, err := Select(ids, tc.sel, tc.ign)
		if (err != nil) != tc.err {
			t.Errorf("Select(%q, %q) error = %v, want error %v", tc.sel, tc.ign, err, tc.err)
			continue
		}
		var got []string
		for _, id := range ids {
			if on[id] {
				got = append(got, id)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Select(%q, %q) = %q, want %q", tc.sel, tc.ign, got, tc.want)
		}
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(content string) string {
		p := filepath.Join(dir, "pyproject.toml")
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg, err := LoadConfig(write(`
[project]
name = "x"
[tool.tmpguard]
select = ["TF00"]
ignore = ["TF002"]
exclude = ["tests/"]
temp-roots = ["/scratch"]
target-version = "3.12"
`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cfg.Select, []string{"TF00"}) || !slices.Equal(cfg.Ignore, []string{"TF002"}) ||
		!slices.Equal(cfg.Exclude, []string{"tests/"}) || !slices.Equal(cfg.TempRoots, []string{"/scratch"}) ||
		cfg.TargetVersion != "3.12" || cfg.Dir != dir {
		t.Errorf("LoadConfig = %+v", cfg)
	}

	if cfg, err := LoadConfig(write("[project]\nname = 'x'\n")); cfg != nil || err != nil {
		t.Errorf("LoadConfig(no table) = %v, %v; want nil, nil", cfg, err)
	}
	_, err = LoadConfig(write("[tool.tmpguard]\nselect = ['TF001']\nexlude = ['x']\n"))
	if err == nil || !strings.Contains(err.Error(), `"exlude"`) {
		t.Errorf("LoadConfig(unknown key) error = %v, want one naming \"exlude\"", err)
	}
	_, err = LoadConfig(write("[tool.tmpguard]\nselect = 'TF001'\n"))
	if err == nil {
		t.Error("LoadConfig(select as a string) = nil error, want a type error")
	}
	_, err = LoadConfig(write("[tool.tmpguard\n"))
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Errorf("LoadConfig(bad TOML) error = %v, want a *ConfigError", err)
	}
}

func TestFindConfig(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"pyproject.toml":       "[tool.tmpguard]\nignore = ['TF002']\n",
		"sub/pyproject.toml":   "[project]\nname = 'no table here'\n",
		"sub/pkg/a.py":         "",
		"other/pyproject.toml": "[tool.tmpguard]\nselect = ['TF001']\n",
		"other/deeper/b.py":    "",
	})
	cfg, err := FindConfig(filepath.Join(dir, "sub/pkg/a.py"))
	if err != nil || cfg == nil || cfg.Path != filepath.Join(dir, "pyproject.toml") {
		t.Errorf("FindConfig(sub/pkg/a.py) = %+v, %v; want the top pyproject.toml (sub's has no table)", cfg, err)
	}
	cfg, err = FindConfig(filepath.Join(dir, "other/deeper"))
	if err != nil || cfg == nil || cfg.Path != filepath.Join(dir, "other/pyproject.toml") {
		t.Errorf("FindConfig(other/deeper) = %+v, %v; want other/pyproject.toml", cfg, err)
	}
}

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want pycheck.Version
		err  bool
	}{
		{"3.12", pycheck.Version{Major: 3, Minor: 12}, false},
		{"py311", pycheck.Version{Major: 3, Minor: 11}, false},
		{"py38", pycheck.Version{Major: 3, Minor: 8}, false},
		{"3", pycheck.Version{}, true},
		{"2.7", pycheck.Version{}, true},
		{"3.x", pycheck.Version{}, true},
		{"py3", pycheck.Version{}, true},
	}
	for _, tc := range tests {
		got, err := ParseVersion(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// fakeCheck reports TF001 at every line holding "mktemp", TF002 at every
// line holding "/tmp", fails on "SYNTAX" and panics on "PANIC".
func fakeCheck(src []byte, opts pycheck.Options) ([]pycheck.Finding, error) {
	if bytes.Contains(src, []byte("PANIC")) {
		panic("boom")
	}
	var out []pycheck.Finding
	for i, line := range strings.Split(string(src), "\n") {
		if j := strings.Index(line, "SYNTAX"); j >= 0 {
			return nil, &pycheck.SourceError{Line: i + 1, Column: j + 1, Msg: "invalid syntax"}
		}
		for _, k := range []struct{ word, rule string }{{"mktemp", "TF001"}, {"/tmp", "TF002"}} {
			if j := strings.Index(line, k.word); j >= 0 {
				out = append(out, pycheck.Finding{Rule: k.rule, Line: i + 1, Column: j + 1, EndLine: i + 1, EndColumn: j + 1 + len(k.word), Message: k.word})
			}
		}
	}
	return out, nil
}

func findingStrings(fs []report.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%d:%d:%s", filepath.ToSlash(f.Path), f.Line, f.Column, f.Rule))
	}
	return out
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"bad.py":   "x = 1\n  SYNTAX\n",
		"crash.py": "PANIC\n",
		"big.py":   strings.Repeat("#\n", 600),
		"empty.py": "",
	}
	for i := range 40 {
		files[fmt.Sprintf("pkg%02d/m.py", i)] = "import tempfile\np = tempfile.mktemp()\nopen('/tmp/x')  # mktemp\n"
	}
	writeTree(t, dir, files)
	chdir(t, dir)

	var calls atomic.Int32
	check := func(src []byte, opts pycheck.Options) ([]pycheck.Finding, error) {
		calls.Add(1)
		if opts.TargetVersion != (pycheck.Version{Major: 3, Minor: 12}) {
			t.Errorf("Check got target version %v, want 3.12", opts.TargetVersion)
		}
		return fakeCheck(src, opts)
	}
	var lastDone, lastTotal int
	res, err := Run(Options{
		Enabled:     map[string]bool{"TF001": true},
		Python:      pycheck.Options{TargetVersion: pycheck.Version{Major: 3, Minor: 12}},
		Workers:     4,
		MaxFileSize: 1000,
		Check:       check,
		Progress:    func(done, total int) { lastDone, lastTotal = done, total },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.FilesChecked != 41 {
		t.Errorf("FilesChecked = %d, want 41 (40 packages and the empty file)", res.FilesChecked)
	}
	if lastDone != 44 || lastTotal != 44 {
		t.Errorf("last progress = %d/%d, want 44/44", lastDone, lastTotal)
	}
	if calls.Load() != 43 {
		t.Errorf("Check called %d times, want 43 (big.py is not read)", calls.Load())
	}
	// TF002 is not enabled; two TF001 per file, sorted by path and line.
	got := findingStrings(res.Findings)
	if len(got) != 80 || got[0] != "pkg00/m.py:2:14:TF001" || got[1] != "pkg00/m.py:3:19:TF001" || got[79] != "pkg39/m.py:3:19:TF001" {
		t.Errorf("findings = %q...", got[:min(len(got), 3)])
	}
	if f := res.Findings[0]; f.Name != "mktemp" || f.Severity != "error" || f.LineText != "p = tempfile.mktemp()" {
		t.Errorf("finding = %+v, want the rule's name and severity and the line text", f)
	}
	var diags []string
	for _, d := range res.Diagnostics {
		diags = append(diags, d.String())
	}
	want := []string{
		"bad.py:2:3: error: invalid syntax",
		"big.py: error: file is 1.2 MB, larger than the 0.0 MB limit; not checked",
		"crash.py: error: internal error in the checker: boom",
	}
	if len(diags) != 3 || diags[0] != want[0] || !strings.HasPrefix(diags[1], "big.py: error: file is ") || diags[2] != want[2] {
		t.Errorf("diagnostics =\n%q\nwant like\n%q", diags, want)
	}
	if len(res.Rules) != 1 || res.Rules[0].ID != "TF001" {
		t.Errorf("Rules = %v, want TF001 alone", res.Rules)
	}
}

func TestRunDeterministic(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 30 {
		files[fmt.Sprintf("d%d/f%d.py", i%3, i)] = strings.Repeat("mktemp /tmp\n", i%5+1)
	}
	writeTree(t, dir, files)
	chdir(t, dir)
	var first []string
	for i := range 5 {
		// A check that sleeps at random makes files finish out of order.
		check := func(src []byte, opts pycheck.Options) ([]pycheck.Finding, error) {
			time.Sleep(time.Duration(len(src)%7) * time.Millisecond)
			return fakeCheck(src, opts)
		}
		res, err := Run(Options{Workers: 8, Check: check})
		if err != nil {
			t.Fatal(err)
		}
		got := findingStrings(res.Findings)
		if i == 0 {
			first = got
			if !slices.IsSortedFunc(res.Findings, func(a, b report.Finding) int {
				return strings.Compare(fmt.Sprintf("%s %06d %06d", a.Path, a.Line, a.Column), fmt.Sprintf("%s %06d %06d", b.Path, b.Line, b.Column))
			}) {
				t.Errorf("findings not sorted: %q", got)
			}
		} else if !slices.Equal(got, first) {
			t.Fatalf("run %d gave another order:\n%q\nfirst:\n%q", i, got, first)
		}
	}
}

func TestRunUnreadable(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": "mktemp\n", "secret.py": "mktemp\n"})
	chdir(t, dir)
	// Running as root, chmod 000 does not stop a read: fail the open.
	orig := openFile
	t.Cleanup(func() { openFile = orig })
	openFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		if filepath.Base(name) == "secret.py" {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
		return orig(name, flag, perm)
	}
	res, err := Run(Options{Check: fakeCheck})
	if err != nil {
		t.Fatal(err)
	}
	if res.FilesChecked != 1 || len(res.Findings) != 1 {
		t.Errorf("FilesChecked, findings = %d, %d; want 1, 1", res.FilesChecked, len(res.Findings))
	}
	if len(res.Diagnostics) != 1 || res.Diagnostics[0].String() != "secret.py: error: permission denied" {
		t.Errorf("diagnostics = %v, want secret.py: permission denied", res.Diagnostics)
	}
}

func TestRunUnavailable(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": ""})
	chdir(t, dir)
	_, err := Run(Options{Check: func([]byte, pycheck.Options) ([]pycheck.Finding, error) {
		return nil, pycheck.ErrUnavailable
	}})
	if !errors.Is(err, pycheck.ErrUnavailable) {
		t.Errorf("Run = %v, want ErrUnavailable", err)
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"pyproject.toml": "[tool.tmpguard]\nselect = ['TF00']\nignore = ['TF002']\ntarget-version = 'py312'\ntemp-roots = ['/scratch', 'rel']\nexclude = ['tests']\n",
		"a.py":           "",
	})
	chdir(t, dir)
	opts, cfg, err := Resolve(Flags{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path == "" || opts.Enabled["TF002"] || !opts.Enabled["TF001"] || opts.Enabled["TF010"] {
		t.Errorf("Enabled = %v from config %+v", opts.Enabled, cfg)
	}
	if opts.Python.TargetVersion != (pycheck.Version{Major: 3, Minor: 12}) ||
		!slices.Equal(opts.Python.TempRoots, []string{"/scratch", filepath.Join(dir, "rel")}) ||
		!slices.Equal(opts.Exclude, []string{"tests"}) || opts.ExcludeBase != dir {
		t.Errorf("Resolve = %+v", opts)
	}
	// Flags override the file.
	opts, _, err = Resolve(Flags{Select: []string{"TF002"}, Ignore: []string{}, TargetVersion: "3.13"})
	if err != nil {
		t.Fatal(err)
	}
	if !opts.Enabled["TF002"] || len(opts.Enabled) != 1 || opts.Python.TargetVersion.Minor != 13 {
		t.Errorf("with flags: Enabled = %v, version %v", opts.Enabled, opts.Python.TargetVersion)
	}
	for _, fl := range []Flags{
		{Select: []string{"XX1"}},
		{TargetVersion: "four"},
		{Config: "missing.toml"},
	} {
		var ue *UsageError
		if _, _, err := Resolve(fl); !errors.As(err, &ue) {
			t.Errorf("Resolve(%+v) = %v, want a *UsageError", fl, err)
		}
	}
}

func TestLineIndex(t *testing.T) {
	x := newLineIndex([]byte("one\ntwo\r\nthree\rfour\n\nsix"))
	want := []string{"", "one", "two", "three", "four", "", "six", ""}
	for n, w := range want {
		if got := x.line(n); got != w {
			t.Errorf("line(%d) = %q, want %q", n, got, w)
		}
	}
}
