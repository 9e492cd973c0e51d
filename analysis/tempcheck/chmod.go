package tempcheck

import (
	"go/ast"
	"go/constant"
	"go/types"
)

// groupOther is the permission bits of the group and of others.
const groupOther = 0o077

// mode returns the constant permission bits of e.
func (c *checker) mode(e ast.Expr) (int64, bool) {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	return constant.Int64Val(constant.ToInt(tv.Value))
}

// chmodPath is TF105 for a path known to be temporary by its value: a
// fixed path in a temporary root, or a name under os.TempDir().
func (c *checker) chmodPath(call *ast.CallExpr, fn *types.Func) {
	if !isFunc(fn, "os", "Chmod") || len(call.Args) != 2 {
		return
	}
	m, ok := c.mode(call.Args[1])
	if !ok || m&groupOther == 0 {
		return
	}
	switch v := c.vals.eval(call.Args[0]); v.kind {
	case hardTmp:
		if isRoot(v.lit) {
			return // setting up /tmp itself is the administrator's business
		}
	case tempFixed, tempChild:
	default:
		return
	}
	c.report(call, "TF105", "os.Chmod gives the temporary path %s mode %#o: group and others can reach it", c.vals.text(call.Args[0]), m)
}

// chmod is TF105 for an object the function created in the temporary
// directory and does not move into place (a chmod before os.Rename or
// Persist sets the final file's mode, which is not a temporary matter).
func (st *fnState) chmod(r *resource) {
	if !r.inTemp || r.kind == libSpooled {
		return
	}
	info := st.c.pass.TypesInfo
	moved := false
	var calls []*ast.CallExpr
	ast.Inspect(st.body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := callee(info, call)
		switch {
		case isFunc(fn, "os", "Rename", "Link") && len(call.Args) == 2 && st.isAlias(r, call.Args[0]):
			moved = true
		case isMethod(fn, libPath, "File", "Keep", "Persist", "PersistNoClobber"),
			isMethod(fn, libPath, "Dir", "Keep"):
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && st.isAlias(r, sel.X) {
				moved = true
			}
		case isFunc(fn, "os", "Chmod") && len(call.Args) == 2 && st.isAlias(r, call.Args[0]):
			calls = append(calls, call)
		case isMethod(fn, "os", "File", "Chmod") && len(call.Args) == 1:
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && st.isAlias(r, sel.X) {
				calls = append(calls, call)
			}
		}
		return true
	})
	if moved {
		return
	}
	what := "file"
	if r.kind == osDir || r.kind == libDir {
		what = "directory"
	}
	for _, call := range calls {
		m, ok := st.c.mode(call.Args[len(call.Args)-1])
		if !ok || m&groupOther == 0 {
			continue
		}
		st.c.report(call, "TF105", "the temporary %s from %s is given mode %#o: group and others can reach it", what, funcName(r.fn), m)
	}
}
