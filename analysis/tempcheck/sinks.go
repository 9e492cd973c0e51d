package tempcheck

import (
	"go/ast"
	"go/constant"
	"go/types"
)

// access is what a call does to the path it is given.
type access int

const (
	opens     access = iota // opens an existing file (os.Open)
	creates                 // creates or writes; follows a planted link or reuses what is there
	exclusive               // creates, and fails if the name exists (os.Mkdir, O_EXCL)
	tempIn                  // makes a fresh random name inside the directory given
)

// sink is a call that takes a path.
type sink struct {
	arg    int    // index of the path argument
	access access // what it does
	flags  int    // index of an os.OpenFile flag argument, or -1
}

// sinks lists the calls TF101 and TF102 look at, by package path and name.
var sinkFuncs = map[[2]string]sink{
	{"os", "Create"}:           {0, creates, -1},
	{"os", "WriteFile"}:        {0, creates, -1},
	{"io/ioutil", "WriteFile"}: {0, creates, -1},
	{"os", "OpenFile"}:         {0, opens, 1},
	{"os", "Open"}:             {0, opens, -1},
	{"os", "Mkdir"}:            {0, exclusive, -1},
	{"os", "MkdirAll"}:         {0, creates, -1},
	{"os", "Symlink"}:          {1, exclusive, -1},
	{"os", "Link"}:             {1, exclusive, -1},
	{"os", "Rename"}:           {1, creates, -1},
	{"os", "Truncate"}:         {0, creates, -1},
	{"os", "CreateTemp"}:       {0, tempIn, -1},
	{"os", "MkdirTemp"}:        {0, tempIn, -1},
	{"io/ioutil", "TempFile"}:  {0, tempIn, -1},
	{"io/ioutil", "TempDir"}:   {0, tempIn, -1},
}

// sinks is TF101 and TF102: a fixed or predictable temporary path given to
// a call that creates, writes or opens it.
func (c *checker) sinks(call *ast.CallExpr, fn *types.Func) {
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return
	}
	s, ok := sinkFuncs[[2]string{fn.Pkg().Path(), fn.Name()}]
	if !ok || s.arg >= len(call.Args) || call.Ellipsis.IsValid() {
		return
	}
	acc := s.access
	if s.flags >= 0 {
		var known bool
		acc, known = c.openFlags(fn, call.Args[s.flags])
		if !known {
			return // the flags are not a constant: ambiguous
		}
	}
	arg := call.Args[s.arg]
	v := c.vals.eval(arg)
	name := funcName(fn)
	switch v.kind {
	case hardTmp:
		switch acc {
		case creates, exclusive:
			c.report(arg, "TF101", "%s is given the fixed path %q in a shared temporary directory: another user can create it first or plant a symbolic link there", name, v.lit)
		case tempIn:
			if !isRoot(v.lit) {
				c.report(arg, "TF101", "%s makes its file in the fixed directory %q of a shared temporary directory: another user can own that directory", name, v.lit)
			} else {
				c.report(arg, "TF101", "%s is given the hardcoded directory %q: pass \"\" so that TMPDIR is honoured", name, v.lit)
			}
		}
	case tempFixed:
		switch acc {
		case tempIn:
			c.report(arg, "TF102", "%s makes its file in a predictable directory under os.TempDir(): another user can create that directory first", name)
		default:
			c.report(arg, "TF102", "%s is given a predictable name under os.TempDir(): another user can create it first or plant a symbolic link there", name)
		}
	case tempChild, tempRoot:
		if acc == creates && s.arg == 0 && fn.Name() != "Truncate" && fn.Name() != "Rename" && (fn.Name() != "MkdirAll" || v.kind == tempChild) {
			c.report(arg, "TF102", "%s creates a name under os.TempDir() without O_EXCL: it follows a symbolic link or reuses a file another user made", name)
		}
	}
}

// openFlags says what os.OpenFile does with constant flags.
func (c *checker) openFlags(fn *types.Func, flags ast.Expr) (access, bool) {
	tv, ok := c.pass.TypesInfo.Types[flags]
	if !ok || tv.Value == nil {
		return 0, false
	}
	f, ok := constant.Int64Val(constant.ToInt(tv.Value))
	if !ok {
		return 0, false
	}
	flag := func(name string) int64 {
		obj, _ := fn.Pkg().Scope().Lookup(name).(*types.Const)
		if obj == nil {
			return 0
		}
		n, _ := constant.Int64Val(constant.ToInt(obj.Val()))
		return n
	}
	switch {
	case f&flag("O_CREATE") != 0 && f&flag("O_EXCL") != 0:
		return exclusive, true
	case f&(flag("O_CREATE")|flag("O_WRONLY")|flag("O_RDWR")|flag("O_APPEND")|flag("O_TRUNC")) != 0:
		return creates, true
	}
	return opens, true
}
