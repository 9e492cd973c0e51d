package report

import (
	"bytes"
	"encoding/hex"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

func TestQuoteName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"pkg/a.py", "pkg/a.py"},
		{"dir with space/é.py", "dir with space/é.py"},
		{"esc\x1b[31m.py", `"esc\x1b[31m.py"`},
		{"new\nline.py", `"new\nline.py"`},
		{"tab\t.py", `"tab\t.py"`},
		{"bad\xff.py", `"bad\xff.py"`},
		{"rlo\u202etxt.py", `"rlo\u202etxt.py"`},
		{`"quoted".py`, `"\"quoted\".py"`},
		{"del\x7f.py", `"del\x7f.py"`},
	}
	for _, tc := range tests {
		if got := QuoteName(tc.in); got != tc.want {
			t.Errorf("QuoteName(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestTextNoRawControl: no byte of a hostile name or message reaches the
// text output or a diagnostic raw, and each finding stays on one line.
func TestTextNoRawControl(t *testing.T) {
	r := &Result{
		Findings: []Finding{
			{Rule: "TF001", Severity: SeverityError, Path: "a\x1b]0;owned\x07.py", Line: 1, Column: 1, Message: "x = '\x1b[2J'\nmore"},
			{Rule: "TF001", Severity: SeverityError, Path: "b\n.py:9:9: TF999 fake", Line: 2, Column: 1, Message: "m"},
		},
		FilesChecked: 2,
	}
	var buf bytes.Buffer
	if err := Text(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\x1b\x07") || strings.Count(out, "\n") != 3 {
		t.Errorf("Text output holds raw control characters or extra lines:\n%q", out)
	}
	d := Diagnostic{Path: "c\x1b.py", Line: 1, Column: 2, Message: "bad \x1b[0m\xff"}
	if got, want := d.String(), `"c\x1b.py":1:2: error: bad \x1b[0m\xff`; got != want {
		t.Errorf("Diagnostic.String() = %q, want %q", got, want)
	}
}

// TestJSONNamesDistinct: names that differ only in invalid bytes stay
// distinct, with the documented \udcXX escape, and valid names are plain.
func TestJSONNamesDistinct(t *testing.T) {
	names := []string{"bad\xff.py", "bad\xfe.py", "bad\ufffd.py", "ok/é.py", "ctl\x01.py"}
	r := &Result{FilesChecked: len(names)}
	for _, n := range names {
		r.Findings = append(r.Findings, Finding{Rule: "TF001", Path: n, Line: 1, Column: 1})
	}
	var buf bytes.Buffer
	if err := JSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"path": "bad\udcff.py"`, `"path": "bad\udcfe.py"`, `"path": "bad` + "\ufffd" + `.py"`, `"path": "ok/é.py"`, `"path": "ctl\u0001.py"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("JSON lacks %s:\n%s", want, buf.String())
		}
	}
	// Python's json and os.fsencode give back the exact bytes: the escape
	// is PEP 383's surrogateescape. (Go's json decoder would turn each
	// lone surrogate into U+FFFD.)
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: the round trip is not checked")
	}
	cmd := exec.Command(py, "-c", "import json, os, sys\nfor f in json.load(sys.stdin)['findings']: print(os.fsencode(f['path']).hex())")
	cmd.Stdin = bytes.NewReader(buf.Bytes())
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "PYTHONUTF8=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var want []string
	for _, n := range names {
		want = append(want, hex.EncodeToString([]byte(n)))
	}
	if got := strings.Fields(string(out)); !slices.Equal(got, want) {
		t.Errorf("names decoded by Python = %q, want %q", got, want)
	}
}
