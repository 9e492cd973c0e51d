package report

import (
	"encoding/json"
	"io"
)

type jsonFinding struct {
	Rule      string `json:"rule"`
	Name      string `json:"name"`
	Severity  string `json:"severity"`
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Message   string `json:"message"`
	Fix       string `json:"fix"`
}

type jsonDiagnostic struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

type jsonResult struct {
	Findings     []jsonFinding    `json:"findings"`
	FilesChecked int              `json:"files_checked"`
	Diagnostics  []jsonDiagnostic `json:"diagnostics"`
}

// JSON writes r as one JSON object:
//
//	{"findings": [{"rule", "name", "severity", "path", "line", "column",
//	  "end_line", "end_column", "message", "fix"}, ...],
//	 "files_checked": N,
//	 "diagnostics": [{"path", "line"?, "column"?, "message"}, ...]}
//
// Lists are never null. Columns count Unicode code points.
func JSON(w io.Writer, r *Result) error {
	out := jsonResult{
		Findings:     make([]jsonFinding, 0, len(r.Findings)),
		FilesChecked: r.FilesChecked,
		Diagnostics:  make([]jsonDiagnostic, 0, len(r.Diagnostics)),
	}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			Rule: f.Rule, Name: f.Name, Severity: f.Severity, Path: f.Path,
			Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
			Message: f.Message, Fix: f.Fix,
		})
	}
	for _, d := range r.Diagnostics {
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic(d))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
