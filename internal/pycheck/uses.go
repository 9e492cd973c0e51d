package pycheck

import "strings"

// useInfo describes where a reference to a tracked name (or an
// expression) sits in its statement.
type useInfo struct {
	attr      string // u.attr: the attribute read on the use, if any
	called    bool   // u.attr(...): the attribute is called
	call      int32  // the call the use (or u.attr) is an argument of, or none
	argIndex  int    // its position among the positional arguments, -1 for keywords
	container bool   // inside a list, tuple, set or dict display before reaching a call
	returned  bool   // inside a return statement or a yield
	assigned  int32  // the assignment whose right side holds the use, or none
	withItem  bool   // the value of a with item (directly)
	inFinally bool   // inside a finally clause of the same scope
	inExcept  bool   // inside an except clause of the same scope
	node      int32  // the expression classified: u, u.attr or u.attr(...)
}

func (m *model) useOf(u int32) useInfo {
	t := m.t
	info := useInfo{call: none, assigned: none, argIndex: -1, node: u}
	cur := u
	if p := t.nodes[cur].parent; p != none && t.nodes[p].kind == kAttribute && t.nodes[cur].field == fObject {
		if a := t.child(p, fAttribute); a != none {
			info.attr = t.text(a)
		}
		cur = p
		if pp := t.nodes[cur].parent; pp != none && t.nodes[pp].kind == kCall && t.nodes[cur].field == fFunction {
			info.called = true
			cur = pp
		}
		info.node = cur
	}
	scope := m.scopeOf[u]
	for {
		p := t.nodes[cur].parent
		if p == none {
			break
		}
		switch t.nodes[p].kind {
		case kArgumentList:
			if info.call == none {
				info.call = t.nodes[p].parent
				if t.nodes[cur].kind != kKeywordArgument {
					k := 0
					for c := t.firstChild(p); c != none && c != cur; c = t.nodes[c].next {
						if kk := t.nodes[c].kind; kk != kAnon && kk != kComment && kk != kKeywordArgument {
							k++
						}
					}
					info.argIndex = k
				}
			}
		case kList, kTuple, kSet, kDictionary, kPair, kExpressionList:
			if info.call == none {
				info.container = true
			}
		case kReturnStmt, kYield:
			info.returned = true
		case kAssignment, kAugAssignment:
			if t.nodes[cur].field == fRight && info.assigned == none {
				info.assigned = p
			}
		case kWithItem:
			if cur == u || (cur == info.node && !info.called && info.attr == "") {
				info.withItem = true
			}
		case kFinallyClause:
			if m.scopeOf[p] == scope {
				info.inFinally = true
			}
		case kExceptClause:
			if m.scopeOf[p] == scope {
				info.inExcept = true
			}
		case kFunctionDef, kLambda, kClassDef:
			return info
		}
		cur = p
	}
	return info
}

// maxLoads bounds the uses of one name a rule follows: beyond it the
// rules treat the object as handed on (silence) rather than spend
// quadratic time on generated code.
const maxLoads = 512

// loads returns the references of a name in scope s that are not binding
// sites; truncated is true when there are more than maxLoads.
func (m *model) loads(s *scope, name string) (out []int32, truncated bool) {
	if s.loadsMem == nil {
		s.loadsMem = map[string][]int32{}
	}
	if l, ok := s.loadsMem[name]; ok {
		return l, len(l) > maxLoads
	}
	for _, r := range s.refs[name] {
		if !m.isBind[r] {
			out = append(out, r)
		}
	}
	s.loadsMem[name] = out
	return out, len(out) > maxLoads
}

// captured reports whether a nested scope of s reads name without
// binding it (a closure), or s declares it global/nonlocal.
func (m *model) captured(s *scope, name string) bool {
	return s.globals[name] || m.freeIn(s)[name]
}

// capturedAt is captured for the binding at node bind: at module level a
// function reads the global's last binding (the module has run by the
// time it is called), so an object bound earlier and then rebound is not
// handed on by such reads.
func (m *model) capturedAt(s *scope, name string, bind int32) bool {
	if !m.captured(s, name) {
		return false
	}
	if s != m.module || s.globals[name] {
		return true
	}
	bs := s.bindings[name]
	if len(bs) == 0 {
		return true
	}
	last := bs[len(bs)-1]
	if last.name == bind {
		return true
	}
	// Rebound later, at the top level of the module (not in a branch): a
	// function's read sees the later value.
	return m.t.nodes[last.stmt].parent != 0
}

// freeIn returns the names that scopes nested in s read without binding
// them: for s they are closures (or, at module level, globals).
func (m *model) freeIn(s *scope) map[string]bool {
	if s.free != nil {
		return s.free
	}
	// Iterative post-order over the nested scopes.
	type item struct {
		sc   *scope
		done bool
	}
	stack := []item{{s, false}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.sc.free != nil {
			continue
		}
		if !it.done {
			stack = append(stack, item{it.sc, true})
			for _, c := range it.sc.children {
				if c.free == nil {
					stack = append(stack, item{c, false})
				}
			}
			continue
		}
		free := map[string]bool{}
		for _, c := range it.sc.children {
			for name := range c.refs {
				if len(c.bindings[name]) == 0 || c.globals[name] {
					free[name] = true
				}
			}
			for name := range c.free {
				if len(c.bindings[name]) == 0 || c.globals[name] {
					free[name] = true
				}
			}
		}
		it.sc.free = free
	}
	return s.free
}

// calleeOrMethod names a call for the harmless/removal tables: the
// canonical name when known, else ".method" for x.method(...), else the
// bare name.
func (m *model) calleeOrMethod(call int32) string {
	if c := m.callee(call); c != "" {
		return c
	}
	if name, _ := m.method(call); name != "" {
		return "." + name
	}
	return m.lastName(call)
}

// removal reports whether a call removes, moves or registers the removal
// of its argument: matched on the last name, whatever the module
// (os.unlink, shutil.rmtree, support.rmtree, self.addCleanup, ...).
func (m *model) removal(call int32) bool {
	n := m.lastName(call)
	switch n {
	case "unlink", "remove", "rmdir", "removedirs", "rmtree", "rename", "renames", "replace", "move",
		"cleanup", "addCleanup", "enterContext", "enter_context", "callback", "register", "finalize",
		"push", "addClassCleanup", "addAsyncCleanup", "unlink_missing_ok":
		return true
	}
	low := strings.ToLower(n)
	for _, w := range []string{"clean", "remove", "rmtree", "delete", "unlink", "purge", "destroy", "rm_", "teardown", "discard"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// plainConsumer reports whether a call only reads its argument and never
// takes ownership of it.
func (m *model) plainConsumer(call int32) bool {
	c := m.calleeOrMethod(call)
	switch {
	case strings.HasPrefix(c, "os.path."), strings.HasPrefix(c, "subprocess."), strings.HasPrefix(c, "logging."),
		strings.HasPrefix(c, "glob."), strings.HasPrefix(c, "shutil.copy"), strings.HasPrefix(c, ".assert"),
		strings.HasPrefix(c, ".fail"), strings.HasPrefix(c, "os.exec"), strings.HasPrefix(c, "os.spawn"),
		strings.HasPrefix(c, "tempfile."):
		return true
	}
	switch c {
	case "open", "print", "str", "repr", "len", "isinstance", "format", "bytes", "pathlib.Path",
		"os.chmod", "os.listdir", "os.scandir", "os.walk", "os.stat", "os.lstat", "os.makedirs", "os.mkdir",
		"os.chdir", "os.fspath", "os.fsencode", "os.fsdecode", "os.system", "os.popen", "os.access",
		"json.dump", "json.load", "pickle.dump", "pickle.load", "marshal.dump", "marshal.load",
		"shutil.copyfileobj", "os.fstat", "os.write", "os.read", "os.utime", "os.chown", "os.symlink", "os.link",
		".join", ".format", ".debug", ".info", ".warning", ".error", ".write", ".extend_path":
		return true
	}
	return false
}

// mocked reports whether the tempfile function called at c is replaced
// by a test double where the call runs: inside a with block or a
// decorated function whose patch targets it (mock.patch("tempfile.X")).
func (m *model) mocked(c int32) bool {
	t := m.t
	full := m.callee(c)
	if !strings.HasPrefix(full, "tempfile.") {
		return false
	}
	short := full[len("tempfile."):]
	names := func(from, to int32) bool {
		for j := from; j < to; j++ {
			if t.nodes[j].kind != kString {
				continue
			}
			if sv := m.strOf(j, 0); sv.complete && (sv.s == full || sv.s == short) {
				return true
			}
		}
		return false
	}
	for p := t.nodes[c].parent; p != none; p = t.nodes[p].parent {
		switch t.nodes[p].kind {
		case kWithStmt:
			if cl := t.firstNamed(p); cl != none && t.nodes[cl].kind == kWithClause && names(cl, t.nodes[cl].stop) {
				return true
			}
		case kDecoratedDef:
			for d := t.firstChild(p); d != none; d = t.nodes[d].next {
				if t.nodes[d].kind == kDecorator && names(d, t.nodes[d].stop) {
					return true
				}
			}
		}
	}
	return false
}
