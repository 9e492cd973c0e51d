package tempcheck_test

import (
	"testing"

	"github.com/tmpguard/tempfile/analysis/tempcheck"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	for _, pkg := range []string{"paths", "leaks", "chmod", "execflush", "lib", "suppress", "gosec"} {
		t.Run(pkg, func(t *testing.T) {
			analysistest.Run(t, analysistest.TestData(), tempcheck.Analyzer, pkg)
		})
	}
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), tempcheck.Analyzer, "ioutilfix", "ioutilkeep")
}
