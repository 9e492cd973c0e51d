//go:build cgo

package pycheck

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// parserGaps is valid Python (CPython 3.11-3.14 accepts each) that the
// tree-sitter grammar in use (tree-sitter-python v0.23.6) does not parse:
// the list in docs/CHECKER.md, "Parser gaps". For each, Check must not
// drop the file: it returns a *PartialError at the gap and the findings
// of the code around it. When a newer grammar closes a gap, its case
// fails here: move it to parsedWell and update the list in the docs.
var parserGaps = []struct {
	name, code string
	line       int // where the gap is reported
}{
	{"one-line body after a return annotation, starting with a subscript",
		"def g() -> None: d[0] = 1\n", 1},
	{"the same with an augmented assignment",
		"def g(x) -> int: d[x] += 1\n", 1},
	{"the same with a subscript expression alone",
		"def g() -> 'A': d[0]\n", 1},
	{"type parameter defaults (3.13, PEP 696)",
		"def f[T = int](x: T) -> T:\n    return x\n", 1},
	{"template strings (3.14, PEP 750)",
		"x = t\"hi {name}\"\n", 1},
}

// parsedWell are near misses of the gaps, and newer syntax, that the
// grammar does parse: they must give no error at all.
var parsedWell = []string{
	"def g() -> None: x = 1\n",
	"def g() -> None: d.x = 1\n",
	"def g(): d[0] = 1\n",
	"def g() -> None:\n    d[0] = 1\n",
	"def f[T](x: T) -> T:\n    return x\n",
	"type X[T] = list[T]\n",
	"x = f\"{d[\"a\"]}\"\n",
	"match *a, b:\n    case _:\n        pass\n",
	"with (open(a) as f, open(b) as g):\n    pass\n",
	"try:\n    pass\nexcept* ValueError:\n    pass\n",
	"x = a[*idx]\n",
	"match = re.match(a, b)\ntype = 5\ncase = 1\n",
}

func TestParserGaps(t *testing.T) {
	const after = "import tempfile\np = tempfile.mktemp()\n"
	for _, tc := range parserGaps {
		src := tc.code + after
		findings, err := Check([]byte(src), Options{})
		var pe *PartialError
		if !errors.As(err, &pe) {
			t.Errorf("%s: Check error = %v, want a *PartialError (the gap is closed? update docs/CHECKER.md)", tc.name, err)
			continue
		}
		if pe.Line != tc.line {
			t.Errorf("%s: gap reported at line %d, want %d", tc.name, pe.Line, tc.line)
		}
		want := strings.Count(tc.code, "\n") + 2
		found := false
		for _, f := range findings {
			if f.Rule == "TF001" && f.Line == want {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: findings %v, want TF001 at line %d, after the gap", tc.name, findings, want)
		}
	}
	for _, code := range parsedWell {
		if _, err := Check([]byte(code+after), Options{}); err != nil {
			t.Errorf("Check(%q) = %v, want no error", code, err)
		}
	}
}

// TestRecoveryChecksAroundErrors: a file with a syntax error is checked
// in the parts that parsed, before and after the error, and a file that
// is all garbage gives a *PartialError with no findings, not a crash.
func TestRecoveryChecksAroundErrors(t *testing.T) {
	src := "import tempfile\na = tempfile.mktemp()\ndef broken(:\n    pass\nb = tempfile.mktemp()\n"
	findings, err := Check([]byte(src), Options{})
	var pe *PartialError
	if !errors.As(err, &pe) || pe.Line != 3 {
		t.Fatalf("Check = %v, want a *PartialError at line 3", err)
	}
	var lines []string
	for _, f := range findings {
		lines = append(lines, fmt.Sprintf("%d:%s", f.Line, f.Rule))
	}
	if got := strings.Join(lines, " "); got != "2:TF001 5:TF001" {
		t.Errorf("findings = %q, want TF001 at lines 2 and 5", got)
	}
	for _, junk := range []string{"tempfile(((((", ")))) tempfile", "\x00\x01tempfile\x02", strings.Repeat("(", 5000) + "tempfile"} {
		findings, err := Check([]byte(junk), Options{})
		if !errors.As(err, &pe) || findings == nil {
			t.Errorf("Check(%.20q) = %v, %v; want a *PartialError and a non-nil empty list", junk, findings, err)
		}
	}
}
