package pycheck

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRulesCatalog(t *testing.T) {
	rules := Rules()
	if len(rules) != 13 {
		t.Fatalf("Rules() has %d rules, want 13", len(rules))
	}
	errorRules := map[string]bool{"TF001": true, "TF004": true, "TF005": true, "TF006": true,
		"TF008": true, "TF011": true, "TF012": true}
	for i, r := range rules {
		want := fmt.Sprintf("TF%03d", i+1)
		if r.ID != want {
			t.Errorf("Rules()[%d].ID = %q, want %q", i, r.ID, want)
		}
		for name, v := range map[string]string{"Name": r.Name, "Summary": r.Summary, "Explain": r.Explain,
			"Bad": r.Bad, "Good": r.Good, "Guide": r.Guide, "Fix": r.Fix} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: empty %s", r.ID, name)
			}
		}
		if strings.Contains(r.Summary, "\n") || strings.Contains(r.Fix, "\n") {
			t.Errorf("%s: Summary and Fix must be one line", r.ID)
		}
		sev := SeverityWarning
		if errorRules[r.ID] {
			sev = SeverityError
		}
		if r.Severity != sev {
			t.Errorf("%s: severity %q, want %q", r.ID, r.Severity, sev)
		}
		got, ok := Lookup(r.ID)
		if !ok || got.Name != r.Name {
			t.Errorf("Lookup(%q) = %v, %v", r.ID, got.Name, ok)
		}
	}
	if _, ok := Lookup("TF999"); ok {
		t.Error("Lookup(TF999) found a rule")
	}
	rules[0].Name = "changed"
	if Rules()[0].Name == "changed" {
		t.Error("Rules() returns the catalog itself, not a copy")
	}
}

// TestRuleExamples checks that each rule's Bad example is flagged by that
// rule and its Good example is not (TF013's examples included).
func TestRuleExamples(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	for _, r := range Rules() {
		bad, err := Check([]byte(r.Bad), Options{ParseAll: true})
		if err != nil {
			t.Errorf("%s Bad: %v", r.ID, err)
		}
		if !hasRule(bad, r.ID) {
			t.Errorf("%s: Bad example not flagged: %+v", r.ID, bad)
		}
		good, err := Check([]byte(r.Good), Options{ParseAll: true})
		if err != nil {
			t.Errorf("%s Good: %v", r.ID, err)
		}
		if len(good) != 0 {
			t.Errorf("%s: Good example flagged: %+v", r.ID, good)
		}
	}
}

func hasRule(fs []Finding, id string) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

func TestPositions(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	tests := []struct {
		name                   string
		src                    string
		line, col, eline, ecol int
	}{
		{"ascii", "import tempfile\nx = tempfile.mktemp()\n", 2, 5, 2, 22},
		{"accents before", "import tempfile\né = 'ü'; x = tempfile.mktemp()\n", 2, 14, 2, 31},
		{"emoji before", "import tempfile\ns = '😀😀'; tempfile.mktemp()\n", 2, 11, 2, 28},
		{"cjk in args", "import tempfile\ntempfile.mktemp(suffix='日本')\n", 2, 1, 2, 29},
		{"multi-line", "import tempfile\nx = tempfile.mktemp(\n    suffix='é',\n)\n", 2, 5, 4, 2},
		{"crlf", "import tempfile\r\nx = tempfile.mktemp()\r\n", 2, 5, 2, 22},
		{"lone cr", "import tempfile\ry = 1\rx = tempfile.mktemp()\r", 3, 5, 3, 22},
		{"bom", "\ufeffimport tempfile\nx = tempfile.mktemp()\n", 2, 5, 2, 22},
		{"tab", "import tempfile\nif 1:\n\tx = tempfile.mktemp()\n", 3, 6, 3, 23},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := Check([]byte(tc.src), Options{})
			if err != nil || len(fs) != 1 {
				t.Fatalf("Check(%q) = %+v, %v; want one finding", tc.src, fs, err)
			}
			f := fs[0]
			if f.Line != tc.line || f.Column != tc.col || f.EndLine != tc.eline || f.EndColumn != tc.ecol {
				t.Errorf("Check(%q) at %d:%d-%d:%d, want %d:%d-%d:%d", tc.src, f.Line, f.Column, f.EndLine,
					f.EndColumn, tc.line, tc.col, tc.eline, tc.ecol)
			}
			if f.Rule != "TF001" || f.Message == "" || f.Fix == "" {
				t.Errorf("finding %+v lacks rule, message or fix", f)
			}
		})
	}
}

func TestSourceErrors(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	tests := []struct {
		name      string
		src       string
		line, col int
		msg       string
	}{
		{"invalid utf-8", "import tempfile\nx = 'a\xff'\n", 2, 7, "invalid UTF-8"},
		{"invalid utf-8 after wide", "import tempfile\nx = 'é\xc3'\n", 2, 7, "invalid UTF-8"},
		{"syntax", "import tempfile\ndef f(:\n    pass\n", 2, 0, "invalid syntax"},
		{"unclosed", "import tempfile\nx = tempfile.mktemp(\n", 0, 0, "invalid syntax"},
		{"double equals", "import tempfile\nx = = 1\n", 2, 0, "invalid syntax"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := Check([]byte(tc.src), Options{})
			// Invalid UTF-8 stops the check (a *SourceError, no
			// findings); a syntax error does not: what parsed is
			// checked (a *PartialError, with a non-nil list).
			var se *SourceError
			var pe *PartialError
			switch {
			case errors.As(err, &pe):
				se = &SourceError{Line: pe.Line, Column: pe.Column, Msg: pe.Msg}
				if fs == nil {
					t.Errorf("Check(%q) = nil findings with a *PartialError, want a non-nil list", tc.src)
				}
			case errors.As(err, &se):
				if fs != nil {
					t.Errorf("Check(%q) returned findings with an error", tc.src)
				}
			default:
				t.Fatalf("Check(%q) = %v, %v; want a *SourceError or *PartialError", tc.src, fs, err)
			}
			if strings.HasPrefix(tc.msg, "invalid syntax") && pe == nil {
				t.Errorf("Check(%q) = %v, want a *PartialError for a syntax error", tc.src, err)
			}
			if (tc.line != 0 && se.Line != tc.line) || (tc.col != 0 && se.Column != tc.col) || !strings.HasPrefix(se.Msg, tc.msg) {
				t.Errorf("Check(%q) error = %v, want line %d col %d %q", tc.src, se, tc.line, tc.col, tc.msg)
			}
			if !strings.HasPrefix(se.Error(), fmt.Sprintf("line %d:%d: ", se.Line, se.Column)) {
				t.Errorf("Error() = %q", se.Error())
			}
		})
	}
}

func TestEmptyAndFiltered(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	for _, src := range []string{"", "\n", "# only a comment\n", "\ufeff"} {
		fs, err := Check([]byte(src), Options{ParseAll: true})
		if fs != nil || err != nil {
			t.Errorf("Check(%q) = %v, %v; want nil, nil", src, fs, err)
		}
	}
	// Without ParseAll, a file that cannot match is not parsed at all.
	if fs, err := Check([]byte("def f(:\n"), Options{}); fs != nil || err != nil {
		t.Errorf("pre-filtered file: %v, %v", fs, err)
	}
	if _, err := Check([]byte("def f(:\n"), Options{ParseAll: true}); err == nil {
		t.Error("ParseAll: syntax error not reported")
	}
}

func TestMayMatch(t *testing.T) {
	tests := []struct {
		src   string
		roots []string
		want  bool
	}{
		{"import os\n", nil, false},
		{"import tempfile\n", nil, true},
		{"open('/tmp/x')\n", nil, true},
		{"open('/dev/shm/x')\n", nil, true},
		{"os.environ['TMPDIR']\n", nil, true},
		{"open('C:\\\\Temp\\\\x')\n", nil, true},
		{"open(r'c:\\temp\\x')\n", nil, true},
		{"open('%TEMP%\\\\x')\n", nil, true},
		{"x = 100 % 3; y = '%d%%' % 4\n", nil, false},
		{"open('/scratch/x')\n", []string{"/scratch/"}, true},
		{"open('/scratch/x')\n", nil, false},
	}
	for _, tc := range tests {
		if got := mayMatch([]byte(tc.src), tc.roots); got != tc.want {
			t.Errorf("mayMatch(%q, %q) = %v, want %v", tc.src, tc.roots, got, tc.want)
		}
	}
}

func TestSuppressionParsing(t *testing.T) {
	tests := []struct {
		comment string
		id      string
		want    bool
	}{
		{"# noqa", "TF001", true},
		{"# NOQA", "TF005", true},
		{"# noqa: TF001", "TF001", true},
		{"# noqa:TF001,TF002", "TF002", true},
		{"# noqa: TF001, TF002", "TF002", true},
		{"# noqa: TF001 TF002", "TF002", true},
		{"# noqa: E501", "TF001", false},
		{"# noqa: TF0011", "TF001", false},
		{"# tmpguard: ignore[TF001,TF002]", "TF002", true},
		{"# tmpguard: ignore[ TF003 ]", "TF003", true},
		{"# tmpguard: ignore[TF003]", "TF001", false},
		{"# explained # noqa: TF004", "TF004", true},
		{"# this is not noqa-related", "TF001", false},
		{"# noqanything", "TF001", false},
	}
	for _, tc := range tests {
		s, _ := parseSuppression(tc.comment)
		if got := s.silences(tc.id); got != tc.want {
			t.Errorf("parseSuppression(%q).silences(%s) = %v, want %v", tc.comment, tc.id, got, tc.want)
		}
	}
}

func TestBigFile(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	if testing.Short() {
		t.Skip("short")
	}
	var b bytes.Buffer
	b.WriteString("import tempfile\n")
	for i := 0; b.Len() < 5<<20; i++ {
		fmt.Fprintf(&b, "def f%d(x):\n    with tempfile.TemporaryFile() as fh:\n        fh.write(b'%d')\n    return x + %d\n", i, i, i)
	}
	b.WriteString("leak = tempfile.mktemp()\n")
	start := time.Now()
	fs, err := Check(b.Bytes(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Rule != "TF001" {
		t.Fatalf("5 MB file: %d findings %+v", len(fs), fs)
	}
	t.Logf("5 MB checked in %v", time.Since(start))
}

func TestDeepNesting(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	const depth = 20000
	srcs := map[string]string{
		"parens": "import tempfile\nx = " + strings.Repeat("(", depth) + "tempfile.mktemp()" + strings.Repeat(")", depth) + "\n",
		"lists":  "import tempfile\nx = " + strings.Repeat("[", depth) + "tempfile.mktemp()" + strings.Repeat("]", depth) + "\n",
		"calls":  "import tempfile\nx = " + strings.Repeat("f(", depth) + "tempfile.mktemp()" + strings.Repeat(")", depth) + "\n",
		"unary":  "import tempfile\nx = " + strings.Repeat("-", depth) + "tempfile.mktemp()\n",
		"attrs":  "import tempfile\nx = tempfile.mktemp()" + strings.Repeat(".a", depth) + "\n",
	}
	var b strings.Builder
	b.WriteString("import tempfile\n")
	for i := 0; i < 100; i++ {
		b.WriteString(strings.Repeat("    ", i) + "if x:\n")
	}
	b.WriteString(strings.Repeat("    ", 100) + "y = tempfile.mktemp()\n")
	srcs["blocks"] = b.String()
	for name, src := range srcs {
		t.Run(name, func(t *testing.T) {
			fs, err := Check([]byte(src), Options{})
			if err != nil {
				var se *SourceError
				var pe *PartialError
				if !errors.As(err, &se) && !errors.As(err, &pe) {
					t.Fatalf("Check: %v", err)
				}
				return // tree-sitter may give up on absurd nesting: a diagnostic, not a crash
			}
			if !hasRule(fs, "TF001") {
				t.Errorf("mktemp not found at depth %d: %+v", depth, fs)
			}
		})
	}
}

func TestConcurrent(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	src := []byte("import tempfile, os\n_, p = tempfile.mkstemp()\nopen('/tmp/x', 'w')\n")
	want, err := Check(src, Options{})
	if err != nil || len(want) != 2 {
		t.Fatalf("Check = %+v, %v", want, err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				got, err := Check(src, Options{})
				if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("concurrent Check = %+v, %v", got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestTargetVersionString(t *testing.T) {
	if s := (Version{3, 12}).String(); s != "3.12" {
		t.Errorf("Version.String() = %q", s)
	}
}
