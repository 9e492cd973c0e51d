package tempcheck_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tmpguard/tempfile/analysis/tempcheck"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestRulesTable checks the table the checker reuses: TF101-TF108, in
// order, each with every field filled in.
func TestRulesTable(t *testing.T) {
	if len(tempcheck.Rules) != 8 {
		t.Fatalf("len(Rules) = %d, want 8", len(tempcheck.Rules))
	}
	names := make(map[string]bool)
	for i, r := range tempcheck.Rules {
		if want := fmt.Sprintf("TF%d", 101+i); r.ID != want {
			t.Errorf("Rules[%d].ID = %q, want %q", i, r.ID, want)
		}
		if r.Name == "" || r.Summary == "" || r.Fix == "" || r.Explain == "" || r.Bad == "" || r.Good == "" || r.Guide == "" || names[r.Name] {
			t.Errorf("Rules[%d] = %+v: a field is empty or the name is taken", i, r)
		}
		names[r.Name] = true
		if r.Severity != tempcheck.Error && r.Severity != tempcheck.Warning {
			t.Errorf("Rules[%d].Severity = %q", i, r.Severity)
		}
		if got, ok := tempcheck.RuleByID(r.ID); !ok || got != r {
			t.Errorf("RuleByID(%q) = %+v, %v", r.ID, got, ok)
		}
	}
	if _, ok := tempcheck.RuleByID("TF001"); ok {
		t.Error("RuleByID(TF001) found a Go rule")
	}
}

// TestDiagnosticsNameTheirRule checks that every diagnostic carries its
// rule's ID in Category and at the start of its message, which is how a
// runner maps it back to the table.
func TestDiagnosticsNameTheirRule(t *testing.T) {
	seen := make(map[string]bool)
	for _, res := range analysistest.Run(t, analysistest.TestData(), tempcheck.Analyzer, "paths", "leaks", "chmod", "execflush", "lib") {
		for _, d := range res.Diagnostics {
			id := tempcheck.RuleID(d)
			if id == "" || !strings.HasPrefix(d.Message, id+" ") {
				t.Errorf("diagnostic %q: Category %q does not name a rule at the start of the message", d.Message, d.Category)
				continue
			}
			if msg := tempcheck.Message(d); msg == "" || strings.HasPrefix(msg, "TF") {
				t.Errorf("Message(%q) = %q", d.Message, msg)
			}
			seen[id] = true
		}
	}
	for _, r := range tempcheck.Rules {
		if r.ID != "TF104" && !seen[r.ID] { // TF104 has its own fix test
			t.Errorf("no test case reports %s", r.ID)
		}
	}
}
