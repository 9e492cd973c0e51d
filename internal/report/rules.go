package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// RuleList writes one line per rule: id, name, severity, summary.
func RuleList(w io.Writer, rules []Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Severity, oneLine(r.Summary))
	}
	return tw.Flush()
}

type jsonRule struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Explain  string `json:"explain"`
	Bad      string `json:"bad"`
	Good     string `json:"good"`
	Guide    string `json:"guide"`
	Fix      string `json:"fix"`
}

// RuleListJSON writes the rules as a JSON array of objects with every field
// of [Rule].
func RuleListJSON(w io.Writer, rules []Rule) error {
	out := make([]jsonRule, 0, len(rules))
	for _, r := range rules {
		out = append(out, jsonRule(r))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// Explain writes the long help of one rule for a terminal: what goes wrong
// at run time, a bad and a good example, the fix and the guide section.
func Explain(w io.Writer, r Rule) error {
	_, err := io.WriteString(w, HelpText(r))
	return err
}

// HelpText is the plain-text help of a rule, used by --explain and by SARIF.
func HelpText(r Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s [%s]\n", r.ID, r.Name, r.Severity)
	if r.Summary != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(r.Summary))
	}
	if r.Explain != "" {
		fmt.Fprintf(&b, "\nWhat goes wrong:\n%s\n", indent(r.Explain, "  "))
	}
	if r.Bad != "" {
		fmt.Fprintf(&b, "\nBad:\n%s\n", indent(r.Bad, "    "))
	}
	if r.Good != "" {
		fmt.Fprintf(&b, "\nGood:\n%s\n", indent(r.Good, "    "))
	}
	if r.Fix != "" {
		fmt.Fprintf(&b, "\nFix: %s\n", strings.TrimSpace(r.Fix))
	}
	if r.Guide != "" {
		fmt.Fprintf(&b, "Guide: %s\n", strings.TrimSpace(r.Guide))
	}
	return b.String()
}

// HelpMarkdown is the Markdown help of a rule, shown by code scanning.
func HelpMarkdown(r Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s %s** (%s)\n", r.ID, r.Name, r.Severity)
	if r.Summary != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(r.Summary))
	}
	if r.Explain != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(r.Explain))
	}
	if r.Bad != "" {
		fmt.Fprintf(&b, "\nBad:\n\n```python\n%s\n```\n", strings.Trim(r.Bad, "\n"))
	}
	if r.Good != "" {
		fmt.Fprintf(&b, "\nGood:\n\n```python\n%s\n```\n", strings.Trim(r.Good, "\n"))
	}
	if r.Fix != "" {
		fmt.Fprintf(&b, "\nFix: %s\n", strings.TrimSpace(r.Fix))
	}
	if r.Guide != "" {
		fmt.Fprintf(&b, "\nGuide section: *%s*\n", strings.TrimSpace(r.Guide))
	}
	return b.String()
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.Trim(s, "\n"), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
