package checkrun

import (
	"fmt"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// The checker driver fails every package that imports, directly or not, a
// package that does not type-check: the facts of that package are missing.
// Such a package is checked again by analyzeAlone, so that one broken
// package does not hide the findings of the packages that use it.

// factsOf returns the object facts that the graph computed, from every
// action that succeeded.
func factsOf(graph *checker.Graph) map[objectFact]analysis.Fact {
	facts := make(map[objectFact]analysis.Fact)
	for act := range graph.All() {
		if act.Err != nil || len(act.Analyzer.FactTypes) == 0 {
			continue
		}
		for _, f := range act.AllObjectFacts() {
			facts[objectFact{f.Object, reflect.TypeOf(f.Fact)}] = f.Fact
		}
	}
	return facts
}

type objectFact struct {
	obj types.Object
	typ reflect.Type
}

// analyzeAlone runs root and what it requires over the one package p, in
// this goroutine, with the facts the first run computed for p's imports
// (none for an import that does not type-check: a call into it is taken
// to return). A panic anywhere is an error.
func analyzeAlone(root *analysis.Analyzer, p *packages.Package, facts map[objectFact]analysis.Fact) (diags []analysis.Diagnostic, err error) {
	defer func() {
		if r := recover(); r != nil {
			diags, err = nil, fmt.Errorf("internal error in the checker: %v", r)
		}
	}()
	results := make(map[*analysis.Analyzer]any)
	local := make(map[objectFact]analysis.Fact)
	var run func(a *analysis.Analyzer) error
	run = func(a *analysis.Analyzer) error {
		if _, ok := results[a]; ok {
			return nil
		}
		inputs := make(map[*analysis.Analyzer]any)
		for _, req := range a.Requires {
			if err := run(req); err != nil {
				return err
			}
			inputs[req] = results[req]
		}
		pass := &analysis.Pass{
			Analyzer: a, Fset: p.Fset, Files: p.Syntax, OtherFiles: p.OtherFiles,
			IgnoredFiles: p.IgnoredFiles, Pkg: p.Types, TypesInfo: p.TypesInfo,
			TypesSizes: p.TypesSizes, TypeErrors: p.TypeErrors, ResultOf: inputs,
			Module: &analysis.Module{},
			Report: func(d analysis.Diagnostic) {
				if a == root {
					diags = append(diags, d)
				}
			},
			ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
				key := objectFact{obj, reflect.TypeOf(ptr)}
				v, ok := local[key]
				if !ok {
					v, ok = facts[key]
				}
				if ok {
					reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
				}
				return ok
			},
			ExportObjectFact: func(obj types.Object, f analysis.Fact) {
				local[objectFact{obj, reflect.TypeOf(f)}] = f
			},
			ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
			ExportPackageFact: func(analysis.Fact) {},
			AllObjectFacts:    func() []analysis.ObjectFact { return nil },
			AllPackageFacts:   func() []analysis.PackageFact { return nil },
			ReadFile:          func(string) ([]byte, error) { return nil, fmt.Errorf("not available") },
		}
		res, err := a.Run(pass)
		if err != nil {
			return err
		}
		results[a] = res
		return nil
	}
	if err := run(root); err != nil {
		return nil, err
	}
	return diags, nil
}
