package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// SARIFSchema is the URI of the official SARIF 2.1.0 JSON schema.
const SARIFSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// FingerprintKey is the partialFingerprints key that tmpguard fills. GitHub
// code scanning uses it, when present, in place of computing its own.
const FingerprintKey = "primaryLocationLineHash"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	ColumnKind  string            `json:"columnKind"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifMessage       `json:"shortDescription"`
	FullDescription      sarifMessage       `json:"fullDescription"`
	Help                 sarifMessage       `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags      []string `json:"tags"`
	Precision string   `json:"precision"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          *sarifResultProps `json:"properties,omitempty"`
}

type sarifResultProps struct {
	Fix string `json:"fix,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// SARIF writes r as a SARIF 2.1.0 log with one run, in the form GitHub code
// scanning accepts. Relative paths become URIs relative to %SRCROOT% (the
// working directory of the run); absolute paths become file URIs. Columns
// are declared as Unicode code points. Each result has a partial
// fingerprint that hashes the rule, the path and the whitespace-normalized
// text of the line, not the line number, so a finding keeps its identity
// when code above it moves. Diagnostics become tool execution
// notifications.
func SARIF(w io.Writer, r *Result, tool Tool) error {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           tool.Name,
			Version:        tool.Version,
			InformationURI: tool.InformationURI,
			Rules:          make([]sarifRule, 0, len(r.Rules)),
		}},
		ColumnKind: "unicodeCodePoints",
		Results:    []sarifResult{},
	}
	index := make(map[string]int, len(r.Rules))
	for i, rule := range r.Rules {
		index[rule.ID] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(rule))
	}

	for _, f := range r.Findings {
		if _, ok := index[f.Rule]; !ok {
			// A finding of a rule the caller did not list: add the rule so
			// ruleIndex stays valid.
			index[f.Rule] = len(run.Tool.Driver.Rules)
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(Rule{ID: f.Rule, Name: f.Name, Severity: f.Severity}))
		}
	}
	seen := make(map[string]int)
	result := func(k int) any {
		f := &r.Findings[k]
		uri, base := artifactURI(f.Path)
		fp := Fingerprint(f.Rule, uri, f.LineText)
		seen[fp]++
		res := sarifResult{
			RuleID:    f.Rule,
			RuleIndex: index[f.Rule],
			Level:     level(f.Severity),
			Message:   sarifMessage{Text: oneLine(f.Message)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
				ArtifactLocation: sarifArtifactLocation{URI: uri, URIBaseID: base},
				Region:           region(*f),
			}}},
			PartialFingerprints: map[string]string{FingerprintKey: fp + ":" + strconv.Itoa(seen[fp])},
		}
		if f.Fix != "" {
			res.Properties = &sarifResultProps{Fix: f.Fix}
		}
		return res
	}

	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, d := range r.Diagnostics {
		uri, base := artifactURI(d.Path)
		n := sarifNotification{
			Level:   "error",
			Message: sarifMessage{Text: oneLine(d.Message)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
				ArtifactLocation: sarifArtifactLocation{URI: uri, URIBaseID: base},
			}}},
		}
		if d.Line > 0 {
			n.Locations[0].PhysicalLocation.Region = &sarifRegion{StartLine: d.Line, StartColumn: d.Column}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []sarifInvocation{inv}

	return encodeStreaming(w, sarifLog{Schema: SARIFSchema, Version: "2.1.0", Runs: []sarifRun{run}},
		`"results": []`, len(r.Findings), result)
}

func sarifRuleOf(r Rule) sarifRule {
	short := r.Summary
	if short == "" {
		short = r.Name
	}
	full := strings.TrimSpace(r.Explain)
	if full == "" {
		full = short
	}
	tags := []string{"security", "tempfile"}
	if r.Severity == SeverityError {
		tags = []string{"correctness", "security", "tempfile"}
	}
	return sarifRule{
		ID:                   r.ID,
		Name:                 r.Name,
		ShortDescription:     sarifMessage{Text: oneLine(short)},
		FullDescription:      sarifMessage{Text: full},
		Help:                 sarifMessage{Text: HelpText(r), Markdown: HelpMarkdown(r)},
		DefaultConfiguration: sarifConfiguration{Level: level(r.Severity)},
		Properties:           sarifRuleProps{Tags: tags, Precision: "high"},
	}
}

func level(severity string) string {
	if severity == SeverityError {
		return "error"
	}
	return "warning"
}

func region(f Finding) *sarifRegion {
	if f.Line <= 0 {
		return nil
	}
	reg := &sarifRegion{StartLine: f.Line, StartColumn: f.Column}
	if f.EndLine >= f.Line && f.EndColumn > 0 {
		reg.EndLine, reg.EndColumn = f.EndLine, f.EndColumn
	}
	return reg
}

// artifactURI turns a path as shown to the user into a SARIF artifact
// location: a relative URI under %SRCROOT% or an absolute file URI.
func artifactURI(p string) (uri, baseID string) {
	slashed := filepath.ToSlash(p)
	if filepath.IsAbs(p) || slashed == ".." || strings.HasPrefix(slashed, "../") {
		abs, err := filepath.Abs(p)
		if err == nil {
			slashed = filepath.ToSlash(abs)
		}
		if !strings.HasPrefix(slashed, "/") {
			slashed = "/" + slashed // Windows drive letters
		}
		return (&url.URL{Scheme: "file", Path: slashed}).String(), ""
	}
	slashed = path.Clean(slashed)
	return (&url.URL{Path: slashed}).EscapedPath(), "%SRCROOT%"
}

// Fingerprint returns a stable 16-hex-digit hash of a finding's rule, its
// artifact URI and the text of its line with leading, trailing and repeated
// inner whitespace removed.
func Fingerprint(rule, uri, lineText string) string {
	h := sha256.New()
	io.WriteString(h, rule)
	h.Write([]byte{0})
	io.WriteString(h, uri)
	h.Write([]byte{0})
	io.WriteString(h, strings.Join(strings.Fields(lineText), " "))
	return hex.EncodeToString(h.Sum(nil)[:8])
}
