package tempcheck

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// replacements maps a deprecated io/ioutil function to its os successor.
var replacements = map[string]string{"TempFile": "CreateTemp", "TempDir": "MkdirTemp"}

// deprecated is TF104, with a fix that names the os function instead. The
// fix is offered only where it is sure to compile: os is imported under a
// name that is not shadowed at the call, or can be imported.
func (c *checker) deprecated(call *ast.CallExpr, fn *types.Func) {
	repl, ok := replacements[fn.Name()]
	if !ok || !isFunc(fn, "io/ioutil", fn.Name()) {
		return
	}
	// io/ioutil's own tests and examples must call it (staticcheck's
	// SA1019 spares a package's own uses in the same way).
	if p := strings.TrimSuffix(c.pass.Pkg.Path(), "_test"); p == "io/ioutil" {
		return
	}
	var fixes []analysis.SuggestedFix
	if edits := c.ioutilFix(call, repl); edits != nil {
		fixes = []analysis.SuggestedFix{{
			Message:   "Use os." + repl,
			TextEdits: edits,
		}}
	}
	c.reportFix(call.Fun, "TF104", fixes, "ioutil.%s is deprecated: use os.%s", fn.Name(), repl)
}

// ioutilFix returns the edits that turn call's function into os.repl.
func (c *checker) ioutilFix(call *ast.CallExpr, repl string) []analysis.TextEdit {
	file := c.fileOf(call.Pos())
	if file == nil {
		return nil
	}
	info := c.pass.TypesInfo
	scope := info.Scopes[file]
	if scope == nil {
		return nil
	}
	// The innermost scope at the call, to see what "os" means there.
	inner := scope.Innermost(call.Pos())
	if inner == nil {
		return nil
	}
	var edits []analysis.TextEdit
	osName := ""
	for _, imp := range file.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == "os" {
			if pn, ok := info.Implicits[imp].(*types.PkgName); ok {
				osName = pn.Name()
			} else if imp.Name != nil {
				if pn, ok := info.Defs[imp.Name].(*types.PkgName); ok {
					osName = pn.Name()
				}
			}
		}
	}
	only := c.onlyTempUses(file)
	switch osName {
	case "_", ".":
		return nil
	case "":
		// Not imported: import it, if "os" means nothing at the call.
		if _, obj := inner.LookupParent("os", call.Pos()); obj != nil {
			return nil
		}
		osName = "os"
		if only != nil && only.Name == nil {
			// io/ioutil goes: its import becomes os's.
			edits = append(edits, analysis.TextEdit{Pos: only.Path.Pos(), End: only.Path.End(), NewText: []byte(`"os"`)})
			only = nil
		} else if edits = importEdit(file, "os"); edits == nil {
			return nil
		}
	default:
		if _, obj := inner.LookupParent(osName, call.Pos()); obj == nil {
			return nil
		} else if pn, ok := obj.(*types.PkgName); !ok || pn.Imported().Path() != "os" {
			return nil // shadowed at the call
		}
	}
	edits = append(edits, analysis.TextEdit{Pos: call.Fun.Pos(), End: call.Fun.End(), NewText: []byte(osName + "." + repl)})
	// If these calls were io/ioutil's only uses in the file, the import
	// must go too, or the file no longer compiles.
	if only != nil {
		edits = append(edits, deleteImport(file, only)...)
	}
	return edits
}

// onlyTempUses returns the io/ioutil import of file if every use of it is
// TempFile or TempDir (all of which the fixes replace).
func (c *checker) onlyTempUses(file *ast.File) *ast.ImportSpec {
	var spec *ast.ImportSpec
	var pkg *types.PkgName
	info := c.pass.TypesInfo
	for _, imp := range file.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == "io/ioutil" {
			spec = imp
			if imp.Name != nil {
				pkg, _ = info.Defs[imp.Name].(*types.PkgName)
			} else {
				pkg, _ = info.Implicits[imp].(*types.PkgName)
			}
		}
	}
	if spec == nil || pkg == nil || pkg.Name() == "." || pkg.Name() == "_" {
		return nil
	}
	only := true
	ast.Inspect(file, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return only
		}
		if id, ok := sel.X.(*ast.Ident); ok && info.Uses[id] == pkg {
			if _, ok := replacements[sel.Sel.Name]; !ok {
				only = false
			}
		}
		return only
	})
	if !only {
		return nil
	}
	return spec
}

// importEdit adds an import of path to a parenthesised import declaration
// of file; it returns nil where there is none (the fix is then not offered).
func importEdit(file *ast.File, path string) []analysis.TextEdit {
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT || !gd.Lparen.IsValid() {
			continue
		}
		return []analysis.TextEdit{{Pos: gd.Lparen + 1, End: gd.Lparen + 1, NewText: []byte("\n\t" + strconv.Quote(path))}}
	}
	return nil
}

// deleteImport removes spec from file's imports: the whole line of a
// parenthesised declaration, or the whole declaration.
func deleteImport(file *ast.File, spec *ast.ImportSpec) []analysis.TextEdit {
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, s := range gd.Specs {
			if s != spec {
				continue
			}
			if !gd.Lparen.IsValid() || len(gd.Specs) == 1 {
				return []analysis.TextEdit{{Pos: gd.Pos(), End: gd.End()}}
			}
			start := spec.Pos()
			if spec.Doc != nil {
				start = spec.Doc.Pos()
			}
			end := spec.End()
			if spec.Comment != nil {
				end = spec.Comment.End()
			}
			return []analysis.TextEdit{{Pos: start, End: end}}
		}
	}
	return nil
}

// fileOf returns the file of the pass that holds pos.
func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}
