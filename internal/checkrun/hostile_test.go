package checkrun

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/tmpguard/tempfile/internal/pycheck"
)

// TestLineTextShared: a file with one long line and thousands of findings
// on it keeps the line's excerpt once, cut to maxLineText bytes, instead
// of a copy of the whole line per finding (which took 10 GB on a 760 KB
// line with 40,000 findings).
func TestLineTextShared(t *testing.T) {
	dir := t.TempDir()
	const n = 4000
	long := strings.Repeat("tempfile.mktemp(); ", n) // 76 KB
	writeTree(t, dir, map[string]string{"long.py": "import tempfile\n" + long + "\né = 1  # mktemp\n"})
	chdir(t, dir)
	check := func(src []byte, _ pycheck.Options) ([]pycheck.Finding, error) {
		var out []pycheck.Finding
		for i := range n {
			out = append(out, pycheck.Finding{Rule: "TF001", Line: 2, Column: 1 + 19*i})
		}
		return append(out, pycheck.Finding{Rule: "TF001", Line: 3, Column: 1}), nil
	}
	res, err := Run(Options{Check: check})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != n+1 {
		t.Fatalf("%d findings, want %d", len(res.Findings), n+1)
	}
	first := res.Findings[0].LineText
	if len(first) > maxLineText || !strings.HasPrefix(long, first) || len(first) < maxLineText-20 {
		t.Errorf("LineText of the long line is %d bytes, want its first %d at most (cut, not dropped)", len(first), maxLineText)
	}
	for _, f := range res.Findings[:n] {
		if unsafe.StringData(f.LineText) != unsafe.StringData(first) {
			t.Fatalf("finding at column %d holds its own copy of the line", f.Column)
		}
	}
	if got := res.Findings[n].LineText; got != "é = 1  # mktemp" {
		t.Errorf("LineText of a short line = %q", got)
	}
}

// TestLineTextCut: the cut never splits a character.
func TestLineTextCut(t *testing.T) {
	for _, pad := range []int{0, 1, 2, 3} {
		line := strings.Repeat("x", maxLineText-pad) + strings.Repeat("€", 10)
		got := newLineIndex([]byte(line)).line(1)
		if len(got) > maxLineText || !strings.HasPrefix(line, got) || got == "" {
			t.Errorf("pad %d: line(1) = %d bytes, want a prefix of at most %d valid bytes", pad, len(got), maxLineText)
		}
	}
}

// TestGitignoreLongLine: a .gitignore line over 1 MB used to stop the
// reading there, silently dropping every later pattern.
func TestGitignoreLongLine(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		".gitignore": strings.Repeat("x", 2<<20) + "\ngen.py\n",
		"gen.py":     "",
		"a.py":       "",
	})
	chdir(t, dir)
	got, diags, err := collect([]string{"."}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.py"}; !slices.Equal(targetPaths(got), want) || len(diags) != 0 {
		t.Errorf("collect = %q, %v; want %q (gen.py, after a 2 MB line, is ignored)", targetPaths(got), diags, want)
	}
}

// TestPatternsGitSemantics covers what the glob matcher does that the
// older table does not: collapsed stars, classes, anchoring.
func TestPatternsGitSemantics(t *testing.T) {
	tests := []struct {
		pattern, path string
		isDir, want   bool
	}{
		{"**/**/**/gen", "a/gen", true, true},
		{"**/**/**/gen", "gen", true, true},
		{"a/**/**/**/b.py", "a/b.py", false, true},
		{"a/**/**/**/b.py", "a/x/y/z/b.py", false, true},
		{"a/**/**/**/b.py", "x/a/b.py", false, false},
		{"a/**", "a", true, false},
		{"**", "x/y.py", false, true},
		{"x***y.py", "xaay.py", false, true},
		{"x**y.py", "x/y.py", false, false},
		{"a**b/c.py", "ab/c.py", false, true},
		{"a**b/c.py", "a/x/b/c.py", false, false},
		{"[[:digit:]]*.py", "1x.py", false, true},
		{"[[:digit:]]*.py", "x1.py", false, false},
		{"[a-c]?.py", "bz.py", false, true},
		{"[!a-c]?.py", "bz.py", false, false},
		{"[]]x.py", "]x.py", false, true},
		{"[ab", "[ab", false, false}, // unclosed: matches nothing, as in git
		{`a\*.py`, "a*.py", false, true},
		{`a\*.py`, "ab.py", false, false},
		{"a//b.py", "a/b.py", false, true},
		{"*.py", "dir/sub/x.py", false, true},
		{"sub/x.py", "dir/sub/x.py", false, false},
		{"build/", "build", false, false},
		{"build", "a/build", false, true},
	}
	for _, tc := range tests {
		l := &ignoreList{base: "/r", pats: parsePatterns([]string{tc.pattern})}
		_, got := l.match("/r/"+tc.path, tc.isDir)
		if got != tc.want {
			t.Errorf("pattern %q, path %q (dir %v): ignored = %v, want %v", tc.pattern, tc.path, tc.isDir, got, tc.want)
		}
	}
	// The last match decides, across literal and glob patterns.
	order := []struct {
		lines []string
		path  string
		isDir bool
		want  bool
	}{
		{[]string{"x.py", "!*.py"}, "x.py", false, false},
		{[]string{"!*.py", "x.py"}, "x.py", false, true},
		{[]string{"x", "!x/"}, "x", false, true},
		{[]string{"x", "!x/"}, "x", true, false},
		{[]string{"/a/x.py", "!a/*.py", "/a/x.py"}, "a/x.py", false, true},
		{[]string{"*.py", "!x.py", "**/x.py"}, "d/x.py", false, true},
	}
	for _, tc := range order {
		l := &ignoreList{base: "/r", pats: parsePatterns(tc.lines)}
		_, got := l.match("/r/"+tc.path, tc.isDir)
		if got != tc.want {
			t.Errorf("patterns %q, path %q (dir %v): ignored = %v, want %v", tc.lines, tc.path, tc.isDir, got, tc.want)
		}
	}
}

// gitTreeFiles is the tree TestIgnoreMatchesGit checks each .gitignore
// against.
var gitTreeFiles = []string{
	"a.py", "keep.py", "gen_x.py", "#x.py", "x*y.py", "1x.py",
	"a/a.py", "a/gen_1.py", "a/b/b.py", "a/b/c/c.py", "a/b/c/gen_2.py",
	"a/x/b/c/d.py", "b/b.py", "b/c/c.py", "build/x.py", "src/build/y.py",
	"src/gen/g.py", "src/a/b/c/e.py", "x/a/b/f.py", "deep/1/2/3/4/5/6/7/8/9/z.py",
}

// TestIgnoreMatchesGit compares the files a walk keeps with those git
// does not ignore, on the same tree, for .gitignore files heavy in "**".
func TestIgnoreMatchesGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not found")
	}
	cases := []string{
		"*.py\n!keep.py\n",
		"**/b/**\n",
		"a/**/c\n",
		"**/**/**/gen*.py\n",
		"a/**/**/b/*.py\n",
		"/a\n!/a/b\n",
		"b/\n",
		"[ab]*/\n",
		"*.p[xy]\n",
		"a/b\n",
		"\\#x.py\n",
		"x\\*y.py\n",
		"[[:digit:]]*\n",
		"deep/**/**/**/**/**/**/z.py\n",
		"**/**/c/**/**\n!**/**/e.py\n",
		"build\n!src/build\n",
		"src/**/\n",
		"**/a/**/*.py\n!**/a/**/b.py\n",
		"*\n!*/\n!*.py\n",
		"gen*\n!**/gen_2.py\n",
		// More "**/" than this and git itself takes minutes: its
		// wildmatch backtracks through every split (20 took over 20 s on
		// a path of 11 names with git 2.39); see TestPatternCostBounded.
		strings.Repeat("**/", 8) + "c.py\n",
	}
	for i, gi := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{".gitignore": gi}
			for _, f := range gitTreeFiles {
				files[f] = ""
			}
			writeTree(t, dir, files)
			run := func(args ...string) []byte {
				cmd := exec.Command(git, args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir, "XDG_CONFIG_HOME="+dir)
				out, err := cmd.Output()
				if err != nil {
					t.Fatalf("git %s: %v", strings.Join(args, " "), err)
				}
				return out
			}
			run("init", "-q")
			out := run("-c", "core.excludesFile=/dev/null", "ls-files", "-z", "--others", "--exclude-standard")
			var want []string
			for _, f := range bytes.Split(out, []byte{0}) {
				if s := string(f); strings.HasSuffix(s, ".py") {
					want = append(want, s)
				}
			}
			sort.Strings(want)
			chdir(t, dir)
			got, diags, err := collect([]string{"."}, nil, nil)
			if err != nil || len(diags) > 0 {
				t.Fatal(err, diags)
			}
			paths := targetPaths(got)
			sort.Strings(paths)
			if !slices.Equal(paths, want) {
				t.Errorf(".gitignore %q:\ntmpguard checks %q\ngit keeps       %q", gi, paths, want)
			}
		})
	}
}

// TestPatternCostBounded: a pattern of thousands of "**" and a path of
// hundreds of names cost about one pattern segment per name: a regular
// expression per pattern made such lists take minutes over a large tree.
func TestPatternCostBounded(t *testing.T) {
	line := strings.Repeat("**/", 5000) + "x/" + strings.Repeat("*/", 50) + "y.py"
	set := parsePatterns([]string{line})
	if n := len(set.pats[0].segs); n > 60 {
		t.Errorf("%d segments after collapsing, want the run of ** as one", n)
	}
	path := strings.Repeat("d/", 300) + "x/" + strings.Repeat("e/", 50) + "y.py"
	if i := set.last(path, false); i != 0 {
		t.Errorf("last(%q...) = %d, want 0", path[:20], i)
	}
}

func TestDecodeSource(t *testing.T) {
	tests := []struct {
		name, src, want, err string
	}{
		{"none", "x = 'é'\n", "x = 'é'\n", ""},
		{"utf-8 declared", "# -*- coding: utf-8 -*-\nx = 1\n", "# -*- coding: utf-8 -*-\nx = 1\n", ""},
		{"latin-1", "# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n", "# -*- coding: latin-1 -*-\nx = 'café'\n", ""},
		{"iso-8859-15 line 2", "#!/usr/bin/python\n# vim: set fileencoding=iso-8859-15 :\nx = '\xa4'\n", "#!/usr/bin/python\n# vim: set fileencoding=iso-8859-15 :\nx = '€'\n", ""},
		{"cp1252", "# coding=cp1252\nx = '\x80'\n", "# coding=cp1252\nx = '€'\n", ""},
		{"euc-jp", "# coding: euc-jp\nx = '\xa4\xa2'\n", "# coding: euc-jp\nx = 'あ'\n", ""},
		{"line 2 after code is not a declaration", "x = 1\n# coding: latin-1\n", "x = 1\n# coding: latin-1\n", ""},
		{"line 3 is not looked at", "#\n#\n# coding: latin-1\n", "#\n#\n# coding: latin-1\n", ""},
		{"unknown", "# coding: klingon\nx = 1\n", "", `unknown or unsupported encoding "klingon"`},
		{"utf-16", "# coding: utf-16\n", "", "encoding utf-16 cannot be used for source code"},
		{"bom and latin-1", "\xef\xbb\xbf# coding: latin-1\n", "", "encoding problem: latin-1 with a UTF-8 byte order mark"},
		{"ascii with a high byte", "# coding: ascii\nx = '\xe9'\n", "", "not valid ascii"},
	}
	for _, tc := range tests {
		got, err := decodeSource([]byte(tc.src))
		if tc.err != "" {
			var ee *encodingError
			if !errors.As(err, &ee) || ee.msg != tc.err {
				t.Errorf("%s: decodeSource error = %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: decodeSource = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

// TestRunEncodingDeclared checks a Latin-1 file with the real checker: it
// is decoded and checked, with columns in characters.
func TestRunEncodingDeclared(t *testing.T) {
	if !pycheck.Available() {
		t.Skip("the Python checker needs cgo")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"l1.py": "# -*- coding: latin-1 -*-\nimport tempfile\ns = 'caf\xe9'; p = tempfile.mktemp()\n",
	})
	chdir(t, dir)
	res, err := Run(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := findingStrings(res.Findings); !slices.Equal(got, []string{"l1.py:3:17:TF001"}) || len(res.Diagnostics) != 0 {
		t.Errorf("findings %q, diagnostics %v; want l1.py:3:17:TF001 alone", got, res.Diagnostics)
	}
	if res.Findings[0].LineText != "s = 'café'; p = tempfile.mktemp()" {
		t.Errorf("LineText = %q, want the decoded line", res.Findings[0].LineText)
	}
}

// TestRunWorkersCapped: --jobs 1000000 took 1.5 GB; no more than
// MaxWorkers files are ever checked at once.
func TestRunWorkersCapped(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	for i := range MaxWorkers + 20 {
		files[fmt.Sprintf("f%03d.py", i)] = "x\n"
	}
	writeTree(t, dir, files)
	chdir(t, dir)
	var now, peak atomic.Int32
	check := func(src []byte, _ pycheck.Options) ([]pycheck.Finding, error) {
		n := now.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		now.Add(-1)
		return nil, nil
	}
	if _, err := Run(Options{Workers: 1000000, Check: check}); err != nil {
		t.Fatal(err)
	}
	if p := int(peak.Load()); p > MaxWorkers {
		t.Errorf("%d files checked at once, want at most MaxWorkers = %d", p, MaxWorkers)
	}
}

func TestCollectEmptyPath(t *testing.T) {
	_, _, err := collect([]string{""}, nil, nil)
	var ue *UsageError
	if !errors.As(err, &ue) {
		t.Errorf("collect(\"\") = %v, want a *UsageError", err)
	}
}

// TestOutputIsInput: an output that is one of the files to check, by
// name, through a link or through a hard link, is a usage error.
func TestOutputIsInput(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.py": "", "pkg/b.py": "", "link.py -> pkg/b.py": ""})
	if err := os.Link(filepath.Join(dir, "a.py"), filepath.Join(dir, "hard.txt")); err != nil {
		t.Fatal(err)
	}
	chdir(t, dir)
	for _, tc := range []struct {
		out   string
		paths []string
		bad   bool
	}{
		{"a.py", []string{"a.py"}, true},
		{"./a.py", []string{"."}, true},
		{"link.py", []string{"pkg"}, true},
		{"hard.txt", []string{"a.py"}, true},
		{filepath.Join(dir, "pkg/b.py"), []string{"pkg"}, true},
		{"report.txt", []string{"."}, false},
		{"a.py", []string{"pkg"}, false},
	} {
		_, err := Run(Options{Paths: tc.paths, Output: tc.out, Check: fakeCheck})
		var ue *UsageError
		if got := errors.As(err, &ue); got != tc.bad {
			t.Errorf("Run(%q, Output %q) = %v; usage error %v, want %v", tc.paths, tc.out, err, got, tc.bad)
		}
	}
}

// TestRunMemoryBudget: large files are not all parsed at once, whatever
// the number of workers: the source bytes being checked stay under
// maxBytesInFlight, and every file is still checked.
func TestRunMemoryBudget(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{}
	const size = 3 << 20
	for i := range 6 {
		files[fmt.Sprintf("big%d.py", i)] = strings.Repeat("#\n", size/2)
	}
	files["small.py"] = "x\n"
	writeTree(t, dir, files)
	chdir(t, dir)
	old := maxBytesInFlight
	t.Cleanup(func() { maxBytesInFlight = old })
	maxBytesInFlight = 8 << 20
	var now, peak atomic.Int64
	check := func(src []byte, _ pycheck.Options) ([]pycheck.Finding, error) {
		n := now.Add(int64(len(src)))
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(30 * time.Millisecond)
		now.Add(-int64(len(src)))
		return nil, nil
	}
	res, err := Run(Options{Workers: 7, Check: check})
	if err != nil {
		t.Fatal(err)
	}
	if res.FilesChecked != 7 {
		t.Errorf("FilesChecked = %d, want 7", res.FilesChecked)
	}
	if p := peak.Load(); p > maxBytesInFlight {
		t.Errorf("%d bytes checked at once, want at most %d", p, maxBytesInFlight)
	}
	if p := peak.Load(); p < 2*size {
		t.Errorf("peak %d bytes: the budget should still let two 3 MB files run together", p)
	}
}
