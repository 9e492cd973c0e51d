package golangci_test

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/tmpguard/tempfile/analysis/tempcheck"
	"github.com/tmpguard/tempfile/analysis/tempcheck/golangci"
)

func TestPluginRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatalf("GetPlugin(%q) = %v", golangci.Name, err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatalf("New(nil) = %v", err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 || as[0] != tempcheck.Analyzer {
		t.Fatalf("BuildAnalyzers() = %v, %v, want [tempcheck.Analyzer]", as, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
}

func TestPluginSettings(t *testing.T) {
	tests := []struct {
		name     string
		settings any
		wantErr  bool
	}{
		{"none", nil, false},
		{"empty map", map[string]any{}, false},
		{"unknown key", map[string]any{"strict": true}, true},
		{"not a map", "yes", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := golangci.New(tc.settings)
			if (err != nil) != tc.wantErr {
				t.Errorf("New(%v) error = %v, want error %v", tc.settings, err, tc.wantErr)
			}
		})
	}
}
