package tempcheck

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// tmpRoots are the shared temporary directories of Unix systems. A path is
// in one when it is the root or continues with a slash: /tmpfoo is not.
var tmpRoots = []string{"/tmp", "/var/tmp", "/usr/tmp", "/dev/shm"}

// isTmpPath reports whether s is a temporary root or a path below one.
func isTmpPath(s string) bool {
	for _, r := range tmpRoots {
		if s == r || strings.HasPrefix(s, r+"/") {
			return true
		}
	}
	return false
}

// isRoot reports whether s names a temporary root itself ("/tmp/" too).
func isRoot(s string) bool {
	s = strings.TrimRight(s, "/")
	for _, r := range tmpRoots {
		if s == r {
			return true
		}
	}
	return false
}

// kind classifies what a path expression evaluates to.
type kind int

const (
	unknown   kind = iota
	hardTmp        // a fixed path in a temporary root: lit holds it
	tempRoot       // the temporary directory itself: os.TempDir(), $TMPDIR
	tempFixed      // a predictable name under the temporary directory
	tempChild      // some other name under the temporary directory
)

// value is what the analysis knows about a string expression.
type value struct {
	kind kind
	lit  string // the constant text of a hardTmp path (its known prefix)
}

// values follows string values through local variables, constants,
// filepath.Join, path.Join, +, fmt.Sprintf and os.TempDir. A variable is
// followed only when it is assigned once in the package, so its value is
// the same wherever it is used. A use outside the package's _test.go files
// sees only the assignments outside them, as the package's own build does:
// a test that points a variable elsewhere does not hide what the program
// does with it (go vet checks a package with its tests only).
type values struct {
	pass   *analysis.Pass
	assign map[*types.Var][]ast.Expr // nil entry: assigned in a way not followed
	prod   map[*types.Var][]ast.Expr // the same, outside _test.go files
}

func newValues(pass *analysis.Pass) *values {
	return &values{pass: pass}
}

// index records every assignment to a variable of the package, once.
func (v *values) index() {
	v.assign = make(map[*types.Var][]ast.Expr)
	v.prod = make(map[*types.Var][]ast.Expr)
	info := v.pass.TypesInfo
	test := false // in a _test.go file
	add := func(id ast.Expr, rhs ast.Expr) {
		ident, ok := ast.Unparen(id).(*ast.Ident)
		if !ok {
			return
		}
		obj, _ := info.ObjectOf(ident).(*types.Var)
		if obj == nil {
			return
		}
		v.assign[obj] = append(v.assign[obj], rhs)
		if !test {
			v.prod[obj] = append(v.prod[obj], rhs)
		}
	}
	for _, f := range v.pass.Files {
		test = v.inTest(f.Pos())
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, l := range n.Lhs {
					if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
						add(l, n.Rhs[i])
					} else {
						add(l, nil)
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if len(n.Names) == len(n.Values) {
						add(name, n.Values[i])
					} else if len(n.Values) > 0 {
						add(name, nil)
					}
				}
			case *ast.RangeStmt:
				if n.Key != nil {
					add(n.Key, nil)
				}
				if n.Value != nil {
					add(n.Value, nil)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND { // its address is taken: it may change anywhere
					add(n.X, nil)
				}
			case *ast.IncDecStmt:
				add(n.X, nil)
			}
			return true
		})
	}
}

// single returns the one expression assigned to the variable that id uses,
// if there is exactly one and the variable cannot change elsewhere.
func (v *values) single(id *ast.Ident) ast.Expr {
	obj, _ := v.pass.TypesInfo.Uses[id].(*types.Var)
	if obj == nil || obj.Pkg() != v.pass.Pkg || obj.IsField() {
		return nil
	}
	if obj.Parent() == obj.Pkg().Scope() && obj.Exported() {
		return nil // another package may assign it
	}
	if v.assign == nil {
		v.index()
	}
	as := v.assign[obj]
	if !v.inTest(id.Pos()) {
		as = v.prod[obj]
	}
	if len(as) != 1 || as[0] == nil {
		return nil
	}
	return as[0]
}

// inTest reports whether pos is in a _test.go file.
func (v *values) inTest(pos token.Pos) bool {
	f := v.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

func (v *values) eval(e ast.Expr) value { return v.evalDepth(e, 0) }

func (v *values) evalDepth(e ast.Expr, depth int) value {
	if depth > 8 {
		return value{}
	}
	e = ast.Unparen(e)
	info := v.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			if s := constant.StringVal(tv.Value); isTmpPath(s) {
				return value{kind: hardTmp, lit: s}
			}
		}
		return value{}
	}
	switch e := e.(type) {
	case *ast.Ident:
		if rhs := v.single(e); rhs != nil {
			return v.evalDepth(rhs, depth+1)
		}
	case *ast.CallExpr:
		fn := callee(info, e)
		switch {
		case isFunc(fn, "os", "TempDir"):
			return value{kind: tempRoot}
		case isFunc(fn, "os", "Getenv") && len(e.Args) == 1:
			switch v.str(e.Args[0]) {
			case "TMPDIR", "TMP", "TEMP":
				return value{kind: tempRoot}
			}
		case isFunc(fn, "path/filepath", "Join") || isFunc(fn, "path", "Join"):
			if len(e.Args) == 0 || e.Ellipsis.IsValid() {
				return value{}
			}
			return v.join(v.evalDepth(e.Args[0], depth+1), e.Args[1:], depth)
		case isFunc(fn, "path/filepath", "Clean") || isFunc(fn, "path", "Clean"):
			if len(e.Args) == 1 {
				return v.evalDepth(e.Args[0], depth+1)
			}
		case isFunc(fn, "fmt", "Sprintf") && len(e.Args) >= 1 && !e.Ellipsis.IsValid():
			format, ok := v.constStr(e.Args[0])
			if !ok {
				return value{}
			}
			if pre, _, _ := strings.Cut(format, "%"); isTmpPath(pre) {
				return value{kind: hardTmp, lit: pre}
			}
			// "%s/name" with os.TempDir() first.
			if (strings.HasPrefix(format, "%s") || strings.HasPrefix(format, "%v")) && len(e.Args) >= 2 {
				if v.evalDepth(e.Args[1], depth+1).kind == tempRoot {
					if !v.predictable(e.Args[2:], depth) {
						return value{kind: tempChild}
					}
					if strings.Trim(format[2:], "/") == "" && len(e.Args) == 2 {
						return value{kind: tempRoot}
					}
					return value{kind: tempFixed}
				}
			}
		}
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return value{}
		}
		l := v.evalDepth(e.X, depth+1)
		switch l.kind {
		case hardTmp:
			return l // "/tmp" + x: treated as inside the root, as gosec does
		case tempRoot, tempFixed, tempChild:
			if !v.predictable([]ast.Expr{e.Y}, depth) {
				return value{kind: tempChild}
			}
			if s, ok := v.constStr(e.Y); ok && strings.Trim(s, "/") == "" && l.kind == tempRoot {
				return value{kind: tempRoot}
			}
			return value{kind: tempFixed}
		}
	}
	return value{}
}

// join evaluates filepath.Join(first, rest...).
func (v *values) join(first value, rest []ast.Expr, depth int) value {
	switch first.kind {
	case hardTmp:
		return first
	case tempRoot, tempFixed, tempChild:
		if len(rest) == 0 {
			return first
		}
		if first.kind == tempChild || !v.predictable(rest, depth) {
			return value{kind: tempChild}
		}
		allEmpty := true
		for _, r := range rest {
			if s, ok := v.constStr(r); !ok || strings.Trim(s, "/") != "" {
				allEmpty = false
			}
		}
		if allEmpty && first.kind == tempRoot {
			return first
		}
		return value{kind: tempFixed}
	}
	return value{}
}

// predictable reports whether every expression has a value another user
// can guess: a constant, a process or user ID, or text built from those.
func (v *values) predictable(es []ast.Expr, depth int) bool {
	for _, e := range es {
		if !v.predictable1(e, depth+1) {
			return false
		}
	}
	return true
}

func (v *values) predictable1(e ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	e = ast.Unparen(e)
	info := v.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return true
	}
	switch e := e.(type) {
	case *ast.Ident:
		if rhs := v.single(e); rhs != nil {
			return v.predictable1(rhs, depth+1)
		}
	case *ast.BinaryExpr:
		return e.Op == token.ADD && v.predictable1(e.X, depth+1) && v.predictable1(e.Y, depth+1)
	case *ast.CallExpr:
		fn := callee(info, e)
		switch {
		case isFunc(fn, "os", "Getpid", "Getppid", "Getuid", "Geteuid", "Getgid"):
			return true
		case isFunc(fn, "strconv", "Itoa", "FormatInt"),
			isFunc(fn, "fmt", "Sprintf", "Sprint"):
			return !e.Ellipsis.IsValid() && v.predictable(e.Args, depth)
		}
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return v.predictable1(e.Args[0], depth+1) // a conversion
		}
	}
	return false
}

// str returns the constant string value of e, or "".
func (v *values) str(e ast.Expr) string {
	s, _ := v.constStr(e)
	return s
}

func (v *values) constStr(e ast.Expr) (string, bool) {
	tv, ok := v.pass.TypesInfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// text is e's source form, shortened, for messages.
func (v *values) text(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
