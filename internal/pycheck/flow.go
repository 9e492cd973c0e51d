package pycheck

import "strings"

// Where the name of a temporary object goes: the reasoning shared by
// TF003 and TF004 about cleanup registered with the path, hand-off
// through derived values, managed parent directories and statements that
// cannot raise.

// registration reports whether a call registers a later cleanup of its
// argument (self.addCleanup(os.unlink, p), atexit.register(os.remove, p),
// request.addfinalizer(...), module.add_cleanup_file(p)), as opposed to
// removing it at once (os.unlink(p)): a registration protects the path on
// every path out of the function, a direct removal only where it runs.
func (m *model) registration(call int32) bool {
	n := m.lastName(call)
	switch n {
	case "unlink", "remove", "rmdir", "removedirs", "rmtree", "rename", "renames", "replace", "move",
		"unlink_missing_ok", "cleanup":
		return false
	case "addCleanup", "addClassCleanup", "addAsyncCleanup", "enterContext", "enter_context", "callback",
		"register", "finalize", "push", "addfinalizer", "defer":
		return true
	}
	low := strings.ToLower(n)
	for _, w := range []string{"clean", "remove", "delete", "unlink", "rmtree", "finaliz", "teardown", "discard", "purge"} {
		if strings.Contains(low, w) {
			// A project's own registry (add_cleanup_file, register_for_removal)
			// or remover (cleanup_tmp_file): either way the path is taken care of.
			return true
		}
	}
	return false
}

// directRemoval reports whether a call removes or moves its argument now.
func (m *model) directRemoval(call int32) bool {
	switch m.lastName(call) {
	case "unlink", "remove", "rmdir", "removedirs", "rmtree", "rename", "renames", "replace", "move",
		"unlink_missing_ok":
		return true
	}
	return false
}

// passThrough reports whether a call returns a value derived from its
// argument that still names the same file or a path inside it: Path(p),
// str(p), os.path.join(d, os.path.basename(p)), functools.partial(f, p).
func (m *model) passThrough(call int32) bool {
	switch m.callee(call) {
	case "pathlib.Path", "str", "os.fspath", "os.fsencode", "os.fsdecode", "os.path.abspath", "os.path.realpath",
		"os.path.normpath", "os.path.join", "os.path.basename", "functools.partial":
		return true
	}
	return false
}

// nameHandled follows an expression holding the path of a temporary
// object (f.name, a copy of it, a path derived from it) and reports
// whether the path is handed to an owner (returned, yielded, stored on an
// attribute or in a container) or its removal registered, or, when
// direct is set, removed at once anywhere in the function. Unknown calls
// do not take the path: run(f.name) keeps the file the caller's business.
func (m *model) nameHandled(e int32, direct bool, depth int) bool {
	t := m.t
	if depth > 4 {
		return true // deep chains of copies: do not guess
	}
	scope := m.scopeOf[e]
	cur := e
	for {
		p := t.nodes[cur].parent
		if p == none {
			return false
		}
		switch t.nodes[p].kind {
		case kParenExpr, kKeywordArgument, kInterpolation, kString, kConcatString, kBinaryOp, kConditionalExpr,
			kBooleanOp, kPair:
		case kList, kTuple, kSet, kDictionary, kExpressionList:
			// A container: where it goes decides (a command list given to
			// a program is not a hand-off; one stored or returned is).
		case kArgumentList:
			c := t.nodes[p].parent
			if c == none || t.nodes[c].kind != kCall {
				return false
			}
			if m.registration(c) || (direct && m.directRemoval(c)) {
				return true
			}
			if meth, _ := m.method(c); meth == "append" || meth == "add" || meth == "extend" || meth == "insert" ||
				meth == "put" || meth == "setdefault" || meth == "update" || meth == "appendleft" {
				return true // kept in a collection for later
			}
			if !m.passThrough(c) {
				return false
			}
			cur = c
			continue
		case kReturnStmt, kYield:
			return true
		case kAssignment:
			if t.nodes[cur].field != fRight {
				return false
			}
			left := t.child(p, fLeft)
			if left == none {
				return false
			}
			if t.nodes[left].kind != kIdentifier {
				return true // stored on an attribute, in a subscript, unpacked
			}
			s := m.scopeOf[left]
			name := t.text(left)
			if s == m.module || s.isClass || m.captured(s, name) {
				return true // a global or a closure: someone else reads it
			}
			uses, truncated := m.loads(s, name)
			if truncated {
				return true
			}
			for _, u := range uses {
				if b := m.reaching(u); b != nil && b.name != left {
					continue
				}
				if m.nameHandled(u, direct, depth+1) {
					return true
				}
			}
			return false
		case kFunctionDef, kLambda, kClassDef, kBlock, kModule:
			return false
		}
		if m.scopeOf[p] != scope {
			return false
		}
		cur = p
	}
}

// noReturnNames are calls that never return: they exit or always raise.
var noReturnNames = map[string]bool{
	"fail_json": true, "exit_json": true, "_exit": true, "abort": true, "fail": true, "skipTest": true,
	"die": true, "fatal": true,
}

// noReturn reports whether a call never returns: sys.exit, os._exit,
// pytest.fail, self.fail, module.fail_json, or a function of the same
// module whose body ends by raising or by such a call.
func (m *model) noReturn(call int32) bool {
	switch m.callee(call) {
	case "sys.exit", "os._exit", "os.abort", "exit", "quit", "pytest.fail", "pytest.skip", "pytest.exit":
		return true
	}
	n := m.lastName(call)
	if noReturnNames[n] {
		return true
	}
	fn := m.t.unparen(m.t.child(call, fFunction))
	if fn == none || m.t.nodes[fn].kind != kIdentifier {
		return false
	}
	_, bs, ok := m.lookup(n, fn)
	if !ok || len(bs) != 1 || bs[0].kind != bDef {
		return false
	}
	def := m.t.nodes[bs[0].name].parent
	body := m.t.child(def, fBody)
	if body == none {
		return false
	}
	var last int32 = none
	for c := m.t.firstNamed(body); c != none; c = m.t.nodes[c].next {
		if k := m.t.nodes[c].kind; k != kComment && k != kAnon {
			last = c
		}
	}
	return last != none && m.raises(last)
}

// raises reports whether a statement is a raise or a call that never
// returns (one level: no recursion into other functions).
func (m *model) raises(stmt int32) bool {
	t := m.t
	txt := t.text(stmt)
	if txt == "raise" || strings.HasPrefix(txt, "raise ") || strings.HasPrefix(txt, "raise(") {
		return true
	}
	if t.nodes[stmt].kind == kExprStmt {
		if e := t.firstNamed(stmt); e != none && t.nodes[e].kind == kCall {
			switch m.callee(e) {
			case "sys.exit", "os._exit", "os.abort", "pytest.fail", "pytest.skip", "pytest.exit":
				return true
			}
			return noReturnNames[m.lastName(e)]
		}
	}
	return false
}

// exceptEndsProcess reports whether an except clause ends by calling a
// function that never returns (module.fail_json(...), sys.exit(1)): the
// exception does not escape into code that would run on with a leaked
// object, and the interpreter's exit collects the object.
func (m *model) exceptEndsProcess(clause int32) bool {
	t := m.t
	blk := none
	for c := t.firstChild(clause); c != none; c = t.nodes[c].next {
		if t.nodes[c].kind == kBlock {
			blk = c
		}
	}
	if blk == none {
		return false
	}
	var last int32 = none
	for c := t.firstNamed(blk); c != none; c = t.nodes[c].next {
		if k := t.nodes[c].kind; k != kComment && k != kAnon {
			last = c
		}
	}
	if last == none || t.nodes[last].kind != kExprStmt {
		return false
	}
	e := t.firstNamed(last)
	return e != none && t.nodes[e].kind == kCall && m.noReturn(e)
}

// guardedByExit reports whether, from the creating statement stmt to the
// close() of name, every statement either cannot raise or is a try
// statement whose except clauses all end the process (fail_json,
// sys.exit, a same-module function that always raises): an exception
// then ends the process, whose exit collects the object.
func (m *model) guardedByExit(stmt int32, name string) bool {
	t := m.t
	guarded := false
	n := 0
	for s := t.nodes[stmt].next; s != none && n < 64; s = t.nodes[s].next {
		n++
		if m.closesObj(s, name) {
			return guarded
		}
		if m.harmlessStmt(s, name) {
			continue
		}
		if t.nodes[s].kind != kTryStmt {
			return false
		}
		n := 0
		for c := t.firstChild(s); c != none; c = t.nodes[c].next {
			switch t.nodes[c].kind {
			case kExceptClause:
				n++
				if !m.exceptEndsProcess(c) {
					return false
				}
			case kElseClause, kFinallyClause:
				return false
			}
		}
		if n == 0 {
			return false
		}
		guarded = true
	}
	return false
}

// fixtureDirs are pytest's fixtures of managed temporary directories.
var fixtureDirs = map[string]bool{"tmp_path": true, "tmpdir": true, "tmp_path_factory": true, "tmpdir_factory": true}

// dirManaged reports whether the dir= argument of a tempfile call is a
// temporary directory that is itself removed: an enclosing
// TemporaryDirectory, pytest's tmp_path/tmpdir, a mkdtemp() directory
// removed or registered for removal, or self.X made in the class and
// removed there. Whatever is created inside it goes with it.
func (m *model) dirManaged(c int32) bool {
	pos, ok := dirArgs[m.callee(c)]
	if !ok {
		return false
	}
	d := m.args(c).arg(pos, "dir")
	if d == none {
		return false
	}
	return m.managedDir(d, 0)
}

func (m *model) managedDir(d int32, depth int) bool {
	t := m.t
	d = t.unparen(d)
	if d == none || depth > 6 {
		return false
	}
	switch v := m.eval(d); v.kind {
	case vTempPath:
		switch v.class {
		case "tempfile.TemporaryDirectory":
			return true
		case "tempfile.mkdtemp", "join":
			if st := m.creation(v.origin); st.kind == siteAssign {
				return m.pathDisposed(m.scopeOf[st.name], st.name)
			}
			if w := m.wrapperCall(v.origin); w != none {
				if st := m.creation(w); st.kind == siteAssign {
					return m.pathDisposed(m.scopeOf[st.name], st.name)
				}
			}
		}
	}
	switch t.nodes[d].kind {
	case kIdentifier:
		if fixtureDirs[t.text(d)] {
			return true
		}
		if b := m.reaching(d); b != nil && b.kind == bAssign && b.value != none {
			return m.managedDir(b.value, depth+1)
		}
	case kAttribute:
		obj, at := t.child(d, fObject), t.child(d, fAttribute)
		if obj == none || at == none {
			return false
		}
		switch t.text(at) {
		case "strpath", "name", "parent":
			return m.managedDir(obj, depth+1)
		}
		if t.nodes[obj].kind == kIdentifier && t.textIs(obj, "self") {
			return m.selfDirRemoved(d, t.text(at))
		}
	case kCall:
		switch m.callee(d) {
		case "str", "os.fspath", "pathlib.Path", "os.path.join", "os.path.abspath", "os.path.realpath":
			return m.managedDir(m.args(d).arg(0, ""), depth+1)
		}
		if meth, obj := m.method(d); meth == "joinpath" || meth == "mktemp" || meth == "mkdir" || meth == "getbasetemp" {
			return m.managedDir(obj, depth+1)
		}
	case kBinaryOp:
		return m.managedDir(t.child(d, fLeft), depth+1)
	}
	return false
}

// selfDirRemoved reports whether self.<attr> is, somewhere in the class
// around node at, made by tempfile and removed (rmtree(self.attr),
// addCleanup(shutil.rmtree, self.attr), self.attr.cleanup()).
func (m *model) selfDirRemoved(at int32, attr string) bool {
	t := m.t
	cls := t.enclosingClass(at)
	if cls == none {
		return false
	}
	made, removed := false, false
	for i := cls; i < t.nodes[cls].stop; i++ {
		if t.nodes[i].kind != kAttribute {
			continue
		}
		obj, a := t.child(i, fObject), t.child(i, fAttribute)
		if obj == none || a == none || !t.textIs(obj, "self") || !t.textIs(a, attr) {
			continue
		}
		p := t.nodes[i].parent
		if p == none {
			continue
		}
		switch t.nodes[p].kind {
		case kAssignment:
			if t.nodes[i].field == fLeft {
				if r := t.unparen(t.child(p, fRight)); r != none && t.nodes[r].kind == kCall {
					c := m.callee(r)
					if c == "tempfile.mkdtemp" || c == "tempfile.TemporaryDirectory" {
						made = true
					}
				}
			}
		case kArgumentList:
			if c := t.nodes[p].parent; c != none && (m.registration(c) || m.directRemoval(c)) {
				removed = true
			}
		case kAttribute:
			if a2 := t.child(p, fAttribute); a2 != none && t.textIs(a2, "cleanup") {
				removed = true
			}
		}
	}
	return made && removed
}

// cannotRaise reports whether an expression cannot raise in practice:
// names, literals, attribute reads of a name, and os.path's string
// functions of such. Deliberately narrow: any other call can raise.
func (m *model) cannotRaise(e int32, depth int) bool {
	t := m.t
	e = t.unparen(e)
	if e == none || depth > 6 {
		return false
	}
	switch t.nodes[e].kind {
	case kIdentifier, kInteger, kTrue, kFalse, kNone:
		return true
	case kString, kConcatString:
		for i := e; i < t.nodes[e].stop; i++ {
			if t.nodes[i].kind == kInterpolation {
				return false
			}
		}
		return true
	case kAttribute:
		obj := t.unparen(t.child(e, fObject))
		return obj != none && t.nodes[obj].kind == kIdentifier
	case kCall:
		switch m.callee(e) {
		case "os.path.join", "os.path.basename", "os.path.dirname", "os.path.split", "os.path.splitext",
			"os.path.abspath", "os.path.normpath", "os.path.realpath", "os.path.normcase":
			a := m.args(e)
			if a.star || len(a.kw) > 0 {
				return false
			}
			for _, p := range a.pos {
				if !m.cannotRaise(p, depth+1) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// harmlessStmt reports whether a statement between the creation of the
// object name and its close() cannot raise in practice: an assignment of
// such an expression to a name, pass, or a buffered write of a short
// literal (or flush) on the object itself.
func (m *model) harmlessStmt(s int32, name string) bool {
	t := m.t
	switch t.nodes[s].kind {
	case kComment, kAnon:
		return true
	case kExprStmt:
	default:
		return t.text(s) == "pass"
	}
	e := t.firstNamed(s)
	if e == none {
		return false
	}
	switch t.nodes[e].kind {
	case kAssignment:
		left := t.child(e, fLeft)
		return left != none && t.nodes[left].kind == kIdentifier && m.cannotRaise(t.child(e, fRight), 0)
	case kCall:
		meth, obj := m.method(e)
		obj = t.unparen(obj)
		if obj == none || t.nodes[obj].kind != kIdentifier || !t.textIs(obj, name) {
			return false
		}
		switch meth {
		case "flush":
			return true
		case "write":
			a := m.args(e)
			v := t.unparen(a.arg(0, ""))
			return len(a.pos) == 1 && v != none && (t.nodes[v].kind == kString || t.nodes[v].kind == kConcatString) &&
				m.cannotRaise(v, 0) && t.nodes[v].end-t.nodes[v].start < 4096
		}
	case kString:
		return true // a docstring-like expression
	}
	return false
}

// closesObj reports whether statement s closes the object bound to name
// (name.close(), name.cleanup()) or removes its file at once
// (os.unlink(name.name)).
func (m *model) closesObj(s int32, name string) bool {
	t := m.t
	if t.nodes[s].kind != kExprStmt {
		return false
	}
	e := t.firstNamed(s)
	if e == none || t.nodes[e].kind != kCall {
		return false
	}
	meth, obj := m.method(e)
	obj = t.unparen(obj)
	if (meth == "close" || meth == "cleanup") && obj != none && t.nodes[obj].kind == kIdentifier && t.textIs(obj, name) {
		return true
	}
	if !m.directRemoval(e) {
		return false
	}
	a := m.args(e)
	p := t.unparen(a.arg(0, ""))
	if p == none || t.nodes[p].kind != kAttribute {
		return false
	}
	o, at := t.unparen(t.child(p, fObject)), t.child(p, fAttribute)
	return o != none && at != none && t.nodes[o].kind == kIdentifier && t.textIs(o, name) && t.textIs(at, "name")
}
