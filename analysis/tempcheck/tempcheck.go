package tempcheck

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer reports the mistakes with temporary files that [Rules] lists.
var Analyzer = &analysis.Analyzer{
	Name:     "tempcheck",
	Doc:      "check the use of temporary files and directories (rules TF101-TF108)",
	URL:      "https://pkg.go.dev/github.com/tmpguard/tempfile/analysis/tempcheck",
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	Run:      run,
}

// libPath is the import path of this project's library (TF108).
const libPath = "github.com/tmpguard/tempfile"

// checker holds one pass's state.
type checker struct {
	pass *analysis.Pass
	sup  suppressions
	vals *values
}

func run(pass *analysis.Pass) (any, error) {
	// Fast path: every rule starts at a function of os, io/ioutil or the
	// library, which a package must import to call.
	if !imports(pass.Pkg, "os", "io/ioutil", libPath) {
		return nil, nil
	}
	c := &checker{pass: pass, vals: newValues(pass)}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		c.call(cur.Node().(*ast.CallExpr))
	}
	for cur := range ins.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		c.function(cur.Node())
	}
	return nil, nil
}

// imports reports whether pkg imports one of paths directly.
func imports(pkg *types.Package, paths ...string) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range paths {
			if imp.Path() == p {
				return true
			}
		}
	}
	return false
}

// report records a finding of rule id at node n, unless a comment
// suppresses it.
func (c *checker) report(n ast.Node, id, format string, args ...any) {
	c.reportFix(n, id, nil, format, args...)
}

func (c *checker) reportFix(n ast.Node, id string, fixes []analysis.SuggestedFix, format string, args ...any) {
	if c.sup.ignored(c.pass, n.Pos(), id) {
		return
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:            n.Pos(),
		End:            n.End(),
		Category:       id,
		Message:        id + " " + fmt.Sprintf(format, args...),
		SuggestedFixes: fixes,
	})
}

// callee returns the function or method that call statically calls, and
// its package path and name ("os", "CreateTemp"; for a method, the
// receiver's type name is not part of the name). Calls through function
// values, and conversions, return nil.
func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// isFunc reports whether fn is the package-level function pkg.name.
func isFunc(fn *types.Func, pkg string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkg {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// isMethod reports whether fn is the method name of the named type
// pkg.typ (through a pointer or not).
func isMethod(fn *types.Func, pkg, typ string, names ...string) bool {
	if fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	if !isNamed(sig.Recv().Type(), pkg, typ) {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// isNamed reports whether t is pkg.name or *pkg.name.
func isNamed(t types.Type, pkg, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == pkg && obj.Name() == name
}

// funcName is "pkg.Name" for messages.
func funcName(fn *types.Func) string {
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Pkg().Name() + "." + n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// call runs the rules that look at one call: TF101, TF102, TF104, TF107.
func (c *checker) call(call *ast.CallExpr) {
	fn := callee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() == nil {
		return
	}
	c.deprecated(call, fn)
	c.removeAllRoot(call, fn)
	c.sinks(call, fn)
	c.chmodPath(call, fn)
}

// removeAllRoot is TF107.
func (c *checker) removeAllRoot(call *ast.CallExpr, fn *types.Func) {
	if !isFunc(fn, "os", "RemoveAll") || len(call.Args) != 1 {
		return
	}
	v := c.vals.eval(call.Args[0])
	if v.kind == tempRoot || (v.kind == hardTmp && isRoot(v.lit)) {
		c.report(call, "TF107", "os.RemoveAll(%s) removes the temporary directory itself, with every other program's files", c.vals.text(call.Args[0]))
	}
}
