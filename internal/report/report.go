// Package report writes the results of a tmpguard check run as text, JSON
// or SARIF 2.1.0.
//
// The package knows nothing of how findings are made: it takes a [Result]
// and renders it. Every writer is deterministic: the same Result gives the
// same bytes, so outputs can be compared with golden files.
package report

import (
	"fmt"
	"io"
	"strings"
)

// Severity levels a rule can have.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Rule describes one rule of the checker.
type Rule struct {
	ID       string
	Name     string
	Severity string // SeverityError or SeverityWarning
	Summary  string // one line
	Explain  string // what goes wrong at run time
	Bad      string // an example that is flagged
	Good     string // the same done right
	Guide    string // the guide section the rule comes from
	Fix      string // how to fix a finding, in one line
}

// Finding is one problem found in one file.
type Finding struct {
	Rule      string
	Name      string
	Severity  string
	Path      string // as shown to the user: relative to the working directory when possible
	Line      int    // 1-based
	Column    int    // 1-based, in Unicode code points
	EndLine   int
	EndColumn int // exclusive
	Message   string
	Fix       string
	// LineText is the source text of Line. It is not printed; SARIF uses it
	// for a fingerprint that survives lines moving up and down.
	LineText string
}

// Diagnostic is a file that could not be checked (unreadable, too large,
// not valid Python, not UTF-8), or was checked only in part (Partial: the
// parser skipped the part at Line, Column; the file's findings are in the
// result, and it counts as checked).
type Diagnostic struct {
	Path    string
	Line    int // 0 when unknown
	Column  int // 0 when unknown
	Message string
	Partial bool
}

// String formats d as one line: "path: error: message", or
// "path:line:col: error: message" when the position is known. The path is
// quoted as [QuoteName] does and the message cleaned of control
// characters, so the line is safe to print on a terminal.
func (d Diagnostic) String() string {
	if d.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: error: %s", QuoteName(d.Path), d.Line, d.Column, cleanText(d.Message))
	}
	return fmt.Sprintf("%s: error: %s", QuoteName(d.Path), cleanText(d.Message))
}

// Result is the outcome of one check run.
type Result struct {
	Findings     []Finding    // sorted by path, line, column, rule
	Diagnostics  []Diagnostic // sorted by path
	FilesChecked int          // files read and checked, diagnostics excluded
	Rules        []Rule       // the rules that were enabled, sorted by ID
}

// Tool identifies the program in machine-readable output.
type Tool struct {
	Name           string
	Version        string
	InformationURI string
}

// Counts returns the number of findings of each severity.
func (r *Result) Counts() (errors, warnings int) {
	for _, f := range r.Findings {
		if f.Severity == SeverityError {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Write renders r in the named format ("text", "json" or "sarif").
func Write(w io.Writer, format string, r *Result, tool Tool) error {
	switch format {
	case "text", "":
		return Text(w, r)
	case "json":
		return JSON(w, r)
	case "sarif":
		return SARIF(w, r, tool)
	}
	return fmt.Errorf("unknown format %q (want text, json or sarif)", format)
}

// Formats lists the names Write accepts.
var Formats = []string{"text", "json", "sarif"}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
