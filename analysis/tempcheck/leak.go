package tempcheck

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// resKind is the kind of temporary object a function creates.
type resKind int

const (
	osFile     resKind = iota // os.CreateTemp, ioutil.TempFile: *os.File
	osDir                     // os.MkdirTemp, ioutil.TempDir: a path
	libFile                   // tempfile.NewFile: *tempfile.File
	libDir                    // tempfile.NewDir: *tempfile.Dir
	libSpooled                // tempfile.NewSpooled: *tempfile.Spooled
)

// resource is one temporary object created in a function and held in a
// local variable.
type resource struct {
	kind    resKind
	fn      *types.Func   // the constructor
	call    *ast.CallExpr // the constructor's call
	stmt    ast.Node      // the AssignStmt or ValueSpec that holds the call
	errv    *types.Var    // the error result's variable, if any
	aliases map[types.Object]bool
	// inTemp: made in the shared temporary directory ("" or os.TempDir()),
	// where nothing else will remove it. A file made in a directory the
	// caller chose (t.TempDir(), a directory that is removed as a whole,
	// the destination of an atomic write) is not checked for TF103/TF105.
	inTemp bool
}

// use is what one reference to a temporary object does with it.
type use int

const (
	benign  use = iota // reads, writes, closes the handle, makes a copy
	removes            // removes, moves, or cleans it up (also later: defer, a closure)
	escapes            // hands it on: returned, stored, sent, passed to a function that may own it
)

// fnState is the per-function state of the CFG rules.
type fnState struct {
	c      *checker
	node   ast.Node // *ast.FuncDecl or *ast.FuncLit
	body   *ast.BlockStmt
	sig    *types.Signature
	parent map[ast.Node]ast.Node
	g      *cfg.CFG
}

// constructor returns the kind of object fn creates.
func constructor(fn *types.Func) (resKind, bool) {
	switch {
	case isFunc(fn, "os", "CreateTemp"), isFunc(fn, "io/ioutil", "TempFile"):
		return osFile, true
	case isFunc(fn, "os", "MkdirTemp"), isFunc(fn, "io/ioutil", "TempDir"):
		return osDir, true
	case isFunc(fn, libPath, "NewFile"):
		return libFile, true
	case isFunc(fn, libPath, "NewDir"):
		return libDir, true
	case isFunc(fn, libPath, "NewSpooled"):
		return libSpooled, true
	}
	return 0, false
}

// function runs TF103, TF105, TF106 and TF108 on one function.
func (c *checker) function(node ast.Node) {
	st := &fnState{c: c, node: node}
	info := c.pass.TypesInfo
	switch n := node.(type) {
	case *ast.FuncDecl:
		st.body = n.Body
		if obj, ok := info.Defs[n.Name].(*types.Func); ok {
			st.sig, _ = obj.Type().(*types.Signature)
		}
	case *ast.FuncLit:
		st.body = n.Body
		st.sig, _ = info.TypeOf(n).(*types.Signature)
	}
	if st.body == nil || st.sig == nil {
		return
	}
	var res []*resource
	ast.PreorderStack(st.body, nil, func(n ast.Node, stack []ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // its own function
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := callee(info, call)
		kind, ok := constructor(fn)
		if !ok {
			return true
		}
		if r := st.resource(kind, fn, call, stack); r != nil {
			res = append(res, r)
		}
		return true
	})
	if len(res) == 0 {
		return
	}
	st.parent = make(map[ast.Node]ast.Node)
	ast.PreorderStack(st.body, nil, func(n ast.Node, stack []ast.Node) bool {
		if len(stack) > 0 {
			st.parent[n] = stack[len(stack)-1]
		}
		return true
	})
	cfgs := c.pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	switch n := node.(type) {
	case *ast.FuncDecl:
		st.g = cfgs.FuncDecl(n)
	case *ast.FuncLit:
		st.g = cfgs.FuncLit(n)
	}
	if st.g == nil {
		return
	}
	for _, r := range res {
		st.propagate(r)
		st.leak(r)
		st.chmod(r)
		st.unflushed(r)
	}
}

// resource starts tracking the object that call creates, or reports it at
// once when its result is discarded. It returns nil when the object is
// handed on at its creation (returned, stored, passed on).
func (st *fnState) resource(kind resKind, fn *types.Func, call *ast.CallExpr, stack []ast.Node) *resource {
	info := st.c.pass.TypesInfo
	r := &resource{kind: kind, fn: fn, call: call, aliases: make(map[types.Object]bool)}
	r.inTemp = kind >= libFile || st.sharedDir(call)
	var lhs []ast.Expr
	switch p := stack[len(stack)-1].(type) {
	case *ast.ExprStmt:
		if r.inTemp {
			st.discarded(r)
		}
		return nil
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 || len(p.Lhs) != 2 {
			return nil
		}
		r.stmt, lhs = p, p.Lhs
	case *ast.ValueSpec:
		if len(p.Values) != 1 || len(p.Names) != 2 {
			return nil
		}
		r.stmt, lhs = p, []ast.Expr{p.Names[0], p.Names[1]}
	default:
		return nil
	}
	id, ok := lhs[0].(*ast.Ident)
	if !ok {
		return nil // stored in a field, a map, through a pointer: handed on
	}
	if id.Name == "_" {
		if r.inTemp {
			st.discarded(r)
		}
		return nil
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	if v == nil || !st.local(v) {
		return nil // a variable of an enclosing function or the package
	}
	r.aliases[v] = true
	if e, ok := lhs[1].(*ast.Ident); ok && e.Name != "_" {
		r.errv, _ = info.ObjectOf(e).(*types.Var)
	}
	return r
}

// local reports whether v is a variable declared in this function's body
// (a named result is not: a bare return hands it on).
func (st *fnState) local(v *types.Var) bool {
	return st.body.Pos() <= v.Pos() && v.Pos() < st.body.End()
}

// sharedDir reports whether an os.CreateTemp-like call makes its object in
// the shared temporary directory.
func (st *fnState) sharedDir(call *ast.CallExpr) bool {
	if len(call.Args) == 0 {
		return false
	}
	if s, ok := st.c.vals.constStr(call.Args[0]); ok {
		return s == "" || isTmpPath(s)
	}
	switch st.c.vals.eval(call.Args[0]).kind {
	case tempRoot, hardTmp, tempFixed:
		return true
	}
	return false
}

func (st *fnState) discarded(r *resource) {
	id, what := "TF103", "the file or directory"
	if r.kind >= libFile {
		id, what = "TF108", "the object"
	}
	st.c.report(r.call, id, "the result of %s is discarded: %s can never be removed", funcName(r.fn), what)
}

// isAlias reports whether e refers to r: one of its variables, or its name
// (f.Name(), d.Path()).
func (st *fnState) isAlias(r *resource, e ast.Expr) bool {
	info := st.c.pass.TypesInfo
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.Ident:
		return r.aliases[info.Uses[e]]
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return st.isAlias(r, e.Args[0])
		}
		sel, ok := e.Fun.(*ast.SelectorExpr)
		if !ok || len(e.Args) != 0 {
			return false
		}
		if fn, ok := info.Uses[sel.Sel].(*types.Func); ok && nameMethod(r, fn) {
			return st.isAlias(r, sel.X)
		}
	}
	return false
}

// nameMethod reports whether fn returns the path of an object of r's kind.
func nameMethod(r *resource, fn *types.Func) bool {
	switch r.kind {
	case osFile:
		return isMethod(fn, "os", "File", "Name")
	case libFile:
		return isMethod(fn, libPath, "File", "Name") || isMethod(fn, "os", "File", "Name")
	case libDir:
		return isMethod(fn, libPath, "Dir", "Path")
	}
	return false
}

// cleanupMethod reports whether fn cleans up or keeps an object of r's kind.
func cleanupMethod(r *resource, fn *types.Func) bool {
	switch r.kind {
	case libFile:
		return isMethod(fn, libPath, "File", "Close", "Keep", "Persist", "PersistNoClobber")
	case libDir:
		return isMethod(fn, libPath, "Dir", "Close", "Keep")
	case libSpooled:
		return isMethod(fn, libPath, "Spooled", "Close")
	}
	return false
}

// propagate adds to r's aliases every local variable assigned one.
func (st *fnState) propagate(r *resource) {
	info := st.c.pass.TypesInfo
	for changed := true; changed; {
		changed = false
		add := func(lhs ast.Expr, rhs ast.Expr) {
			id, ok := lhs.(*ast.Ident)
			if !ok || id.Name == "_" || !st.isAlias(r, rhs) {
				return
			}
			if v, ok := info.ObjectOf(id).(*types.Var); ok && st.local(v) && !r.aliases[v] {
				r.aliases[v] = true
				changed = true
			}
		}
		ast.Inspect(st.body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						add(n.Lhs[i], n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i := range n.Names {
						add(n.Names[i], n.Values[i])
					}
				}
			}
			return true
		})
	}
}

// ownerPkgs are standard packages whose functions keep what they are given.
var ownerPkgs = map[string]bool{
	"sync": true, "sync/atomic": true, "context": true, "runtime": true, "reflect": true,
	"container/list": true, "container/heap": true, "container/ring": true,
}

// isStd reports whether path is a standard library package.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && path != "main"
}

// isInternal reports whether path is an internal package: a helper of
// the standard library's own tests and commands, which may own what it gets.
func isInternal(path string) bool {
	return path == "internal" || strings.HasPrefix(path, "internal/") ||
		strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal") ||
		path == "cmd" || strings.HasPrefix(path, "cmd/")
}

// classify says what the expression e, which refers to r, does with it,
// judged by the expression around it.
func (st *fnState) classify(r *resource, e ast.Node) use {
	info := st.c.pass.TypesInfo
	switch p := st.parent[e].(type) {
	case *ast.ParenExpr:
		return st.classify(r, p)
	case *ast.SelectorExpr:
		if p.X != e {
			return benign
		}
		fn, ok := info.Uses[p.Sel].(*types.Func)
		if !ok {
			return benign // a field
		}
		if call, ok := st.parent[p].(*ast.CallExpr); ok && call.Fun == p {
			switch {
			case nameMethod(r, fn):
				return st.classify(r, call)
			case cleanupMethod(r, fn):
				return removes
			}
			return benign
		}
		// A method value: a cleanup registered for later, or a name
		// that goes who knows where.
		switch {
		case cleanupMethod(r, fn):
			return removes
		case nameMethod(r, fn):
			return escapes
		}
		return benign
	case *ast.CallExpr:
		if p.Fun == e {
			return benign
		}
		if tv, ok := info.Types[p.Fun]; ok && tv.IsType() {
			return st.classify(r, p) // a conversion
		}
		switch obj := typeutil.Callee(info, p).(type) {
		case *types.Builtin:
			if obj.Name() == "append" {
				return escapes
			}
			return benign
		case *types.Func:
			switch {
			case isFunc(obj, "os", "Remove", "RemoveAll"):
				return removes
			case isFunc(obj, "os", "Rename") && len(p.Args) > 0 && p.Args[0] == e:
				return removes // moved into place
			case obj.Pkg() == nil:
				return escapes
			case obj.Pkg() == st.c.pass.Pkg:
				return escapes // a helper of this package: it may own it
			case isStd(obj.Pkg().Path()):
				if ownerPkgs[obj.Pkg().Path()] || isInternal(obj.Pkg().Path()) {
					return escapes
				}
				if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
					return escapes // an interface method: any implementation
				}
				return benign
			case obj.Pkg().Path() == libPath:
				return benign // options such as InDir(dir)
			}
		}
		return escapes // a function of this module or another: it may own it
	case *ast.ReturnStmt, *ast.CompositeLit, *ast.KeyValueExpr:
		return escapes
	case *ast.SendStmt:
		if p.Value == e {
			return escapes
		}
	case *ast.UnaryExpr:
		if p.Op == token.AND {
			return escapes
		}
	case *ast.AssignStmt:
		for i, rhs := range p.Rhs {
			if rhs != e {
				continue
			}
			if len(p.Lhs) != len(p.Rhs) {
				return escapes
			}
			id, ok := p.Lhs[i].(*ast.Ident)
			if !ok {
				return escapes // a field, a map entry, a pointer
			}
			if id.Name == "_" {
				return benign
			}
			if v, ok := info.ObjectOf(id).(*types.Var); ok && st.local(v) {
				return benign // a copy: it is an alias too
			}
			return escapes
		}
	}
	return benign
}

// useIn returns the strongest use of r within n (nested closures included).
func (st *fnState) useIn(r *resource, n ast.Node) use {
	info := st.c.pass.TypesInfo
	u := benign
	ast.Inspect(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok && r.aliases[info.Uses[id]] {
			if k := st.classify(r, id); k > u {
				u = k
			}
		}
		if ret, ok := x.(*ast.ReturnStmt); ok && ret.Results == nil && st.namedResultAlias(r) {
			u = escapes
		}
		return u != escapes
	})
	return u
}

// namedResultAlias reports whether a named result of the function holds r
// (then a bare return hands it on).
func (st *fnState) namedResultAlias(r *resource) bool {
	for v := range st.sig.Results().Variables() {
		if r.aliases[v] {
			return true
		}
	}
	return false
}

// leak is TF103 and TF108: a path from the creation to a return on which
// the object is neither removed nor handed on.
func (st *fnState) leak(r *resource) {
	if !r.inTemp {
		return
	}
	// A removal or hand-off placed before the creation (a deferred closure
	// over a variable assigned later) covers every path: do not look further.
	before := false
	ast.Inspect(st.body, func(n ast.Node) bool {
		if n == nil || n.Pos() >= r.stmt.Pos() || before {
			return false
		}
		if _, ok := n.(*ast.DeferStmt); ok && st.useIn(r, n) != benign {
			before = true
		}
		return true
	})
	if before {
		return
	}
	ret := st.search(r, r.stmt, func(n ast.Node) bool {
		return st.useIn(r, n) != benign || st.conditionalCleanup(r, n)
	}, nil)
	if ret == nil {
		return
	}
	line := st.c.pass.Fset.Position(ret.Pos()).Line
	where := "the return"
	if !ret.Return.IsValid() || len(ret.Results) == 0 && ret.End() == st.body.End() {
		where = "the end of the function"
	}
	switch r.kind {
	case osFile:
		st.c.report(r.call, "TF103", "the file from %s is not removed on the path to %s at line %d: it stays in the temporary directory", funcName(r.fn), where, line)
	case osDir:
		st.c.report(r.call, "TF103", "the directory from %s is not removed on the path to %s at line %d: it stays in the temporary directory", funcName(r.fn), where, line)
	default:
		st.c.report(r.call, "TF108", "the object from %s is not closed, kept or persisted on the path to %s at line %d: its file stays on disk", funcName(r.fn), where, line)
	}
}

// conditionalCleanup reports whether n is the condition of an if statement
// whose branches defer r's removal: "if !keep { defer os.RemoveAll(dir) }".
// The cleanup is decided there, on purpose either way (a -work flag that
// keeps the directory for debugging), so the paths through it are not leaks.
func (st *fnState) conditionalCleanup(r *resource, n ast.Node) bool {
	ifs, ok := st.parent[n].(*ast.IfStmt)
	if !ok || ifs.Cond != n {
		return false
	}
	found := false
	ast.Inspect(ifs, func(x ast.Node) bool {
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		if d, ok := x.(*ast.DeferStmt); ok && st.useIn(r, d) == removes {
			found = true
		}
		return !found
	})
	return found
}

// search looks for a path through the CFG from the node start to a return
// (target nil) or to a node for which target holds, on which no node
// satisfies stop. Paths on which r's constructor failed (the branch of
// "if err != nil" right after it, before err is assigned again) are not
// followed: nothing was created there. It returns the return statement
// reached, or a node for which target holds; nil if there is no such path.
func (st *fnState) search(r *resource, start ast.Node, stop func(ast.Node) bool, target func(ast.Node) bool) *ast.ReturnStmt {
	var first *cfg.Block
	idx := 0
	for _, b := range st.g.Blocks {
		for i, n := range b.Nodes {
			if n == start {
				first, idx = b, i+1
			}
		}
	}
	if first == nil {
		return nil
	}
	type key struct {
		b    *cfg.Block
		live bool
	}
	seen := make(map[key]bool)
	var found *ast.ReturnStmt
	var visit func(b *cfg.Block, from int, live bool) bool
	visit = func(b *cfg.Block, from int, live bool) bool {
		for _, n := range b.Nodes[from:] {
			if target != nil && target(n) {
				found = &ast.ReturnStmt{Return: n.Pos()}
				return true
			}
			if stop(n) {
				return false
			}
			if live && st.assigns(n, r.errv) {
				live = false
			}
		}
		if ret := b.Return(); ret != nil {
			if target == nil {
				found = ret
				return true
			}
			return false
		}
		succs := b.Succs
		if live && r.errv != nil && len(succs) == 2 && len(b.Nodes) > 0 {
			if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
				switch st.errCheck(cond, r.errv) {
				case token.NEQ:
					succs = succs[1:] // the error branch: nothing was created
				case token.EQL:
					succs = succs[:1]
				}
			}
		}
		for _, s := range succs {
			k := key{s, live}
			if seen[k] {
				continue
			}
			seen[k] = true
			if visit(s, 0, live) {
				return true
			}
		}
		return false
	}
	visit(first, idx, true)
	return found
}

// assigns reports whether n assigns v again.
func (st *fnState) assigns(n ast.Node, v *types.Var) bool {
	if v == nil {
		return false
	}
	as, ok := n.(*ast.AssignStmt)
	if !ok {
		return false
	}
	for _, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); ok && st.c.pass.TypesInfo.ObjectOf(id) == v {
			return true
		}
	}
	return false
}

// errCheck returns token.NEQ for "err != nil", token.EQL for "err == nil"
// (either order), or token.ILLEGAL.
func (st *fnState) errCheck(cond ast.Expr, v *types.Var) token.Token {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || (be.Op != token.NEQ && be.Op != token.EQL) {
		return token.ILLEGAL
	}
	info := st.c.pass.TypesInfo
	isV := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	isNil := func(e ast.Expr) bool { return info.Types[e].IsNil() }
	if isV(be.X) && isNil(be.Y) || isNil(be.X) && isV(be.Y) {
		return be.Op
	}
	return token.ILLEGAL
}
