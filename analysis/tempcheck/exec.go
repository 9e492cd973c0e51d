package tempcheck

import (
	"go/ast"
	"go/types"
)

// writeMethods are the bufio.Writer methods that only buffer data.
var writeMethods = []string{"Write", "WriteString", "WriteByte", "WriteRune", "ReadFrom", "Available", "AvailableBuffer", "Buffered", "Size"}

// unflushed is TF106: a bufio.Writer over the temporary file r still holds
// data when the file's name is passed to exec.Command.
func (st *fnState) unflushed(r *resource) {
	if r.kind != osFile && r.kind != libFile {
		return
	}
	info := st.c.pass.TypesInfo
	type writer struct {
		v    *types.Var
		stmt ast.Node
	}
	var writers []writer
	var execs []*ast.CallExpr
	ast.Inspect(st.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if v := st.bufWriter(r, n.Lhs[0], n.Rhs[0]); v != nil {
					writers = append(writers, writer{v, n})
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == 1 && len(n.Values) == 1 {
				if v := st.bufWriter(r, n.Names[0], n.Values[0]); v != nil {
					writers = append(writers, writer{v, n})
				}
			}
		case *ast.CallExpr:
			if fn := callee(info, n); isFunc(fn, "os/exec", "Command", "CommandContext") {
				for _, a := range n.Args {
					if st.isAlias(r, a) {
						execs = append(execs, n)
						break
					}
				}
			}
		}
		return true
	})
	if len(writers) == 0 || len(execs) == 0 {
		return
	}
	for _, w := range writers {
		// Any use of w but a buffered write (Flush, handing it on) ends
		// the search on that path.
		stop := func(n ast.Node) bool {
			found := false
			ast.Inspect(n, func(x ast.Node) bool {
				if id, ok := x.(*ast.Ident); ok && info.Uses[id] == w.v && !st.bufWrite(id) {
					found = true
				}
				return !found
			})
			return found
		}
		target := func(n ast.Node) bool {
			hit := false
			ast.Inspect(n, func(x ast.Node) bool {
				for _, e := range execs {
					if x == e {
						hit = true
					}
				}
				return !hit
			})
			return hit
		}
		if at := st.search(r, w.stmt, stop, target); at != nil {
			for _, e := range execs {
				if e.Pos() >= at.Return {
					st.c.report(e, "TF106", "the file's name reaches %s while the bufio.Writer %s over it is not flushed: the program may read a short file", funcName(callee(info, e)), w.v.Name())
					break
				}
			}
		}
	}
}

// bufWriter returns the variable lhs if rhs is bufio.NewWriter(f) or
// bufio.NewWriterSize(f, n) over the file r.
func (st *fnState) bufWriter(r *resource, lhs, rhs ast.Expr) *types.Var {
	info := st.c.pass.TypesInfo
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || !isFunc(callee(info, call), "bufio", "NewWriter", "NewWriterSize") {
		return nil
	}
	id, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	if !ok || !r.aliases[info.Uses[id]] {
		return nil
	}
	lid, ok := lhs.(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.ObjectOf(lid).(*types.Var)
	return v
}

// bufWrite reports whether the reference id to a bufio.Writer only writes
// into its buffer: w.Write..., or fmt.Fprint*(w, ...).
func (st *fnState) bufWrite(id *ast.Ident) bool {
	info := st.c.pass.TypesInfo
	switch p := st.parent[id].(type) {
	case *ast.SelectorExpr:
		if fn, ok := info.Uses[p.Sel].(*types.Func); ok && isMethod(fn, "bufio", "Writer", writeMethods...) {
			return true
		}
	case *ast.CallExpr:
		fn := callee(info, p)
		if len(p.Args) > 0 && p.Args[0] == id && (isFunc(fn, "fmt", "Fprint", "Fprintf", "Fprintln") || isFunc(fn, "io", "WriteString", "Copy", "CopyN")) {
			return true
		}
	}
	return false
}
