// Package golangci registers the tempcheck analyzer as a golangci-lint
// module plugin named "tmpguard".
//
// In .custom-gcl.yml (built with `golangci-lint custom`):
//
//	version: v2.6.0
//	plugins:
//	  - module: github.com/tmpguard/tempfile
//	    import: github.com/tmpguard/tempfile/analysis/tempcheck/golangci
//	    version: latest
//
// and in .golangci.yml:
//
//	linters:
//	  enable:
//	    - tmpguard
//	  settings:
//	    custom:
//	      tmpguard:
//	        type: module
//
// golangci-lint then reports findings under the linter name "tmpguard", so
// //nolint:tmpguard silences them as it does for any linter.
package golangci

import (
	"errors"

	"github.com/golangci/plugin-module-register/register"
	"github.com/tmpguard/tempfile/analysis/tempcheck"
	"golang.org/x/tools/go/analysis"
)

// Name is the linter's name in golangci-lint's configuration.
const Name = "tmpguard"

var errSettings = errors.New("tmpguard: the plugin takes no settings")

func init() { register.Plugin(Name, New) }

// New returns the plugin. It takes no settings: any given are an error, so
// a typo in the configuration does not pass silently.
func New(settings any) (register.LinterPlugin, error) {
	if m, ok := settings.(map[string]any); settings != nil && (!ok || len(m) > 0) {
		return nil, errSettings
	}
	return plugin{}, nil
}

type plugin struct{}

// BuildAnalyzers returns the analyzer.
func (plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{tempcheck.Analyzer}, nil
}

// GetLoadMode says that the analyzer needs type information.
func (plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
