package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var testRules = []Rule{
	{ID: "TF001", Name: "mktemp", Severity: SeverityError, Summary: "tempfile.mktemp() is racy",
		Explain: "mktemp returns a name that another process can create first.",
		Bad:     "path = tempfile.mktemp()\nopen(path, \"w\")", Good: "with tempfile.NamedTemporaryFile() as f:\n    ...",
		Guide: "Don't use mktemp", Fix: "use NamedTemporaryFile or mkstemp"},
	{ID: "TF002", Name: "hardcoded-temp-path", Severity: SeverityWarning, Summary: "a literal /tmp path",
		Explain: "Another user can create the path first.", Guide: "Don't hardcode temporary paths", Fix: "use tempfile.mkstemp"},
}

func testResult() *Result {
	return &Result{
		Findings: []Finding{
			{Rule: "TF001", Name: "mktemp", Severity: SeverityError, Path: "pkg/a.py", Line: 3, Column: 8, EndLine: 3, EndColumn: 25,
				Message: "tempfile.mktemp() returns a name another process can take first", Fix: "use mkstemp", LineText: "    p = tempfile.mktemp()"},
			{Rule: "TF002", Name: "hardcoded-temp-path", Severity: SeverityWarning, Path: "pkg/dir with space/é.py", Line: 10, Column: 6, EndLine: 10, EndColumn: 15,
				Message: "\"/tmp/x\" is a fixed path in a shared directory", Fix: "use tempfile", LineText: "open(\"/tmp/x\", \"w\")"},
			{Rule: "TF002", Name: "hardcoded-temp-path", Severity: SeverityWarning, Path: "pkg/dir with space/é.py", Line: 12, Column: 6, EndLine: 12, EndColumn: 15,
				Message: "\"/tmp/x\" is a fixed path in a shared directory", Fix: "use tempfile", LineText: "open(\"/tmp/x\",   \"w\")   "},
		},
		Diagnostics: []Diagnostic{
			{Path: "bad.py", Line: 2, Column: 5, Message: "invalid syntax"},
			{Path: "big.py", Message: "file is 50 MB, larger than the 10 MB limit; not checked"},
		},
		FilesChecked: 7,
		Rules:        testRules,
	}
}

var testTool = Tool{Name: "tmpguard", Version: "1.2.3", InformationURI: "https://github.com/tmpguard/tempfile"}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestWriteGolden(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, format, testResult(), testTool); err != nil {
				t.Fatalf("Write(%s) = %v", format, err)
			}
			golden(t, "golden."+format, buf.Bytes())
		})
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "xml", testResult(), testTool); err == nil {
		t.Fatal(`Write("xml") = nil, want an error`)
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name string
		r    Result
		want string
	}{
		{"clean", Result{FilesChecked: 1}, "no findings in 1 file"},
		{"one error", Result{FilesChecked: 2, Findings: []Finding{{Severity: SeverityError}}}, "1 finding (1 error) in 2 files"},
		{"mixed", Result{FilesChecked: 120, Findings: []Finding{{Severity: SeverityError}, {Severity: SeverityWarning}, {Severity: SeverityError}}},
			"3 findings (2 errors, 1 warning) in 120 files"},
		{"diagnostics", Result{FilesChecked: 0, Diagnostics: []Diagnostic{{}}}, "no findings in 0 files; 1 file not checked"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summary(&tc.r); got != tc.want {
				t.Errorf("Summary() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestJSONEmptyListsNotNull(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, &Result{}); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"findings", "diagnostics"} {
		if _, ok := got[k].([]any); !ok {
			t.Errorf("JSON %q = %#v, want an empty list", k, got[k])
		}
	}
}

func TestDiagnosticString(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Path: "a.py", Message: "permission denied"}, "a.py: error: permission denied"},
		{Diagnostic{Path: "a.py", Line: 3, Column: 1, Message: "invalid\nsyntax"}, "a.py:3:1: error: invalid syntax"},
	}
	for _, tc := range tests {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.d, got, tc.want)
		}
	}
}

func sarifOf(t *testing.T, r *Result) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, r, testTool); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	return log
}

func TestSARIFStructure(t *testing.T) {
	log := sarifOf(t, testResult())
	if log["version"] != "2.1.0" || log["$schema"] != SARIFSchema {
		t.Errorf("version, $schema = %v, %v", log["version"], log["$schema"])
	}
	run := log["runs"].([]any)[0].(map[string]any)
	if run["columnKind"] != "unicodeCodePoints" {
		t.Errorf("columnKind = %v, want unicodeCodePoints", run["columnKind"])
	}
	results := run["results"].([]any)
	if len(results) != 3 {
		t.Fatalf("got %d results, want 3", len(results))
	}
	var fps []string
	for i, r := range results {
		res := r.(map[string]any)
		loc := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
		art := loc["artifactLocation"].(map[string]any)
		if art["uriBaseId"] != "%SRCROOT%" {
			t.Errorf("result %d: uriBaseId = %v", i, art["uriBaseId"])
		}
		fps = append(fps, res["partialFingerprints"].(map[string]any)[FingerprintKey].(string))
		if idx := int(res["ruleIndex"].(float64)); testRules[idx].ID != res["ruleId"] {
			t.Errorf("result %d: ruleIndex %d names %s, ruleId is %v", i, idx, testRules[idx].ID, res["ruleId"])
		}
	}
	uri := results[1].(map[string]any)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"]
	if uri != "pkg/dir%20with%20space/%C3%A9.py" {
		t.Errorf("uri = %v, want a percent-encoded relative URI", uri)
	}
	// Results 1 and 2 have the same rule, path and line text up to
	// whitespace: same hash, told apart by the occurrence counter.
	h1, n1, _ := strings.Cut(fps[1], ":")
	h2, n2, _ := strings.Cut(fps[2], ":")
	if h1 != h2 || n1 != "1" || n2 != "2" {
		t.Errorf("fingerprints of identical lines = %q, %q; want same hash, :1 and :2", fps[1], fps[2])
	}
	if fps[0] == fps[1] {
		t.Errorf("fingerprints of different findings are equal: %q", fps[0])
	}
	notes := run["invocations"].([]any)[0].(map[string]any)["toolExecutionNotifications"].([]any)
	if len(notes) != 2 {
		t.Errorf("got %d notifications, want 2 (one per diagnostic)", len(notes))
	}
}

func TestFingerprintIgnoresLineNumber(t *testing.T) {
	r := testResult()
	before := sarifOf(t, r)
	for i := range r.Findings {
		r.Findings[i].Line += 40
		r.Findings[i].EndLine += 40
		r.Findings[i].LineText = "\t" + r.Findings[i].LineText
	}
	after := sarifOf(t, r)
	fp := func(log map[string]any, i int) string {
		return log["runs"].([]any)[0].(map[string]any)["results"].([]any)[i].(map[string]any)["partialFingerprints"].(map[string]any)[FingerprintKey].(string)
	}
	for i := range r.Findings {
		if fp(before, i) != fp(after, i) {
			t.Errorf("finding %d: fingerprint changed when the line moved: %s -> %s", i, fp(before, i), fp(after, i))
		}
	}
	if Fingerprint("TF001", "a.py", "x = 1") == Fingerprint("TF002", "a.py", "x = 1") {
		t.Error("Fingerprint ignores the rule")
	}
	if Fingerprint("TF001", "a.py", "x = 1") == Fingerprint("TF001", "b.py", "x = 1") {
		t.Error("Fingerprint ignores the path")
	}
}

func TestArtifactURI(t *testing.T) {
	tests := []struct{ in, uri, base string }{
		{"a.py", "a.py", "%SRCROOT%"},
		{"./pkg/a.py", "pkg/a.py", "%SRCROOT%"},
		{"/abs/x y.py", "file:///abs/x%20y.py", ""},
		{"a#b.py", "a%23b.py", "%SRCROOT%"},
	}
	for _, tc := range tests {
		uri, base := artifactURI(tc.in)
		if uri != tc.uri || base != tc.base {
			t.Errorf("artifactURI(%q) = %q, %q; want %q, %q", tc.in, uri, base, tc.uri, tc.base)
		}
	}
}

// TestSARIFSchema validates the output against the official SARIF 2.1.0
// JSON schema (testdata/sarif-schema-2.1.0.json, see
// testdata/SARIF-SCHEMA-NOTICE.md) with Python's jsonschema package.
func TestSARIFSchema(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: cannot run the JSON schema validator")
	}
	if err := exec.Command(py, "-c", "import jsonschema").Run(); err != nil {
		t.Skip("the Python jsonschema package is not installed: cannot validate against the SARIF schema")
	}
	const validate = `
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
errs = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errs:
    print("/".join(str(p) for p in e.path), e.message)
sys.exit(1 if errs else 0)
`
	for name, r := range map[string]*Result{
		"full":  testResult(),
		"empty": {},
		"abs":   {Findings: []Finding{{Rule: "TF001", Severity: SeverityError, Path: "/x/a.py", Line: 1, Column: 1, Message: "m"}}},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := SARIF(&buf, r, testTool); err != nil {
				t.Fatal(err)
			}
			f := filepath.Join(t.TempDir(), "out.sarif")
			if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(py, "-c", validate, filepath.Join("testdata", "sarif-schema-2.1.0.json"), f).CombinedOutput()
			if err != nil {
				t.Errorf("output does not validate against the SARIF 2.1.0 schema: %v\n%s", err, out)
			}
		})
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out.json")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(name, []byte("new")); err != nil {
		t.Fatalf("WriteFileAtomic = %v", err)
	}
	if got, _ := os.ReadFile(name); string(got) != "new" {
		t.Errorf("content = %q, want %q", got, "new")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after the write, want 1 (no temporary left)", len(entries))
	}
	// A target that cannot be replaced (a directory) is an error, and
	// leaves no temporary file behind.
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(sub, []byte("new")); err == nil {
		t.Error("WriteFileAtomic over a non-empty directory = nil, want an error")
	}
	entries, _ = os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("directory holds %d entries after a failed write, want 2", len(entries))
	}
	if err := WriteFileAtomic(filepath.Join(dir, "missing", "out"), nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("WriteFileAtomic into a missing directory = %v, want ErrNotExist", err)
	}
}

func TestRuleListAndExplain(t *testing.T) {
	var buf bytes.Buffer
	if err := RuleList(&buf, testRules); err != nil {
		t.Fatal(err)
	}
	golden(t, "rules.txt", buf.Bytes())
	buf.Reset()
	if err := Explain(&buf, testRules[0]); err != nil {
		t.Fatal(err)
	}
	golden(t, "explain.txt", buf.Bytes())
}
