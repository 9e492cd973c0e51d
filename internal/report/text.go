package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Text writes one line per finding,
//
//	path:line:col: TF005 [error] message
//
// then a summary line. Diagnostics are not written here: the command
// prints them on standard error. A path with control characters or
// invalid UTF-8 is quoted (see [QuoteName]); control characters of a
// message are escaped.
func Text(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		fmt.Fprintf(bw, "%s:%d:%d: %s [%s] %s\n", QuoteName(f.Path), f.Line, f.Column, f.Rule, f.Severity, cleanText(f.Message))
	}
	fmt.Fprintln(bw, Summary(r))
	return bw.Flush()
}

// Summary returns the one-line summary of r, for example
// "3 findings (2 errors, 1 warning) in 120 files".
func Summary(r *Result) string {
	var b strings.Builder
	if len(r.Findings) == 0 {
		b.WriteString("no findings")
	} else {
		e, w := r.Counts()
		var parts []string
		if e > 0 {
			parts = append(parts, plural(e, "error", "errors"))
		}
		if w > 0 {
			parts = append(parts, plural(w, "warning", "warnings"))
		}
		fmt.Fprintf(&b, "%s (%s)", plural(len(r.Findings), "finding", "findings"), strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, " in %s", plural(r.FilesChecked, "file", "files"))
	partial := 0
	for _, d := range r.Diagnostics {
		if d.Partial {
			partial++
		}
	}
	if n := len(r.Diagnostics) - partial; n > 0 {
		fmt.Fprintf(&b, "; %s not checked", plural(n, "file", "files"))
	}
	if partial > 0 {
		fmt.Fprintf(&b, "; %s checked in part", plural(partial, "file", "files"))
	}
	return b.String()
}
