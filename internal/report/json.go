package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"
)

type jsonFinding struct {
	Rule      string   `json:"rule"`
	Name      string   `json:"name"`
	Severity  string   `json:"severity"`
	Path      jsonPath `json:"path"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"end_line"`
	EndColumn int      `json:"end_column"`
	Message   string   `json:"message"`
	Fix       string   `json:"fix"`
}

type jsonDiagnostic struct {
	Path    jsonPath `json:"path"`
	Line    int      `json:"line,omitempty"`
	Column  int      `json:"column,omitempty"`
	Message string   `json:"message"`
	Partial bool     `json:"partial,omitempty"`
}

// jsonPath is a file name in JSON. A name of valid UTF-8 is a plain JSON
// string. In a name that is not, each invalid byte 0xXY is written as the
// lone surrogate \udcXY: the surrogateescape convention of Python
// (PEP 383), so that json.loads then os.fsencode gives back the exact
// bytes, and two different names never give the same string (valid UTF-8
// never holds a surrogate). encoding/json would turn every invalid byte
// into U+FFFD and make such names collide.
type jsonPath string

func (p jsonPath) MarshalJSON() ([]byte, error) {
	s := string(p)
	if utf8.ValidString(s) {
		return json.Marshal(s)
	}
	var b bytes.Buffer
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			fmt.Fprintf(&b, `\udc%02x`, s[i])
			i++
			continue
		}
		q, err := json.Marshal(s[i : i+size])
		if err != nil {
			return nil, err
		}
		b.Write(q[1 : len(q)-1])
		i += size
	}
	b.WriteByte('"')
	return b.Bytes(), nil
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
// Lists are never null. Columns count Unicode code points. "partial" is
// present, true, on a diagnostic of a file checked in part. A path that is
// not valid UTF-8 has each invalid byte as a \udcXX escape (see jsonPath).
func JSON(w io.Writer, r *Result) error {
	out := jsonResult{
		Findings:     []jsonFinding{},
		FilesChecked: r.FilesChecked,
		Diagnostics:  make([]jsonDiagnostic, 0, len(r.Diagnostics)),
	}
	for _, d := range r.Diagnostics {
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic{
			Path: jsonPath(d.Path), Line: d.Line, Column: d.Column, Message: d.Message, Partial: d.Partial,
		})
	}
	return encodeStreaming(w, out, `"findings": []`, len(r.Findings), func(i int) any {
		f := &r.Findings[i]
		return jsonFinding{
			Rule: f.Rule, Name: f.Name, Severity: f.Severity, Path: jsonPath(f.Path),
			Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
			Message: f.Message, Fix: f.Fix,
		}
	})
}
