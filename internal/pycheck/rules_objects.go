package pycheck

import (
	"strconv"
	"strings"
)

// Rules about the life of tempfile objects: TF003, TF004, TF006, TF011, TF012.

type siteKind uint8

const (
	siteOther  siteKind = iota
	siteBare            // an expression statement of its own
	siteWith            // a with item (name is its target, or none)
	siteAssign          // name = call
	siteAttr            // call.attr
	siteIndex           // call[...]
)

type site struct {
	kind siteKind
	name int32 // the bound identifier, or none
	elem int32 // the subscript/attribute node for siteIndex/siteAttr
}

// creation classifies where a call's result goes.
func (m *model) creation(c int32) site {
	t := m.t
	cur := c
	p := t.nodes[cur].parent
	for p != none && t.nodes[p].kind == kParenExpr {
		cur, p = p, t.nodes[p].parent
	}
	if p == none {
		return site{name: none, elem: none}
	}
	switch t.nodes[p].kind {
	case kExprStmt:
		return site{kind: siteBare, name: none, elem: none}
	case kWithItem:
		return site{kind: siteWith, name: none, elem: none}
	case kAsPattern:
		wi := t.nodes[p].parent
		if wi != none && t.nodes[wi].kind == kWithItem && t.firstNamed(p) == cur {
			tg := t.child(p, fAlias)
			if tg != none {
				if id := t.firstNamed(tg); id != none && t.nodes[id].kind == kIdentifier {
					return site{kind: siteWith, name: id, elem: none}
				}
			}
			// with X() as self.attr: stored, not a local name.
			return site{name: none, elem: none}
		}
	case kAssignment:
		if t.nodes[cur].field == fRight {
			left := t.child(p, fLeft)
			gp := t.nodes[p].parent
			if left != none && t.nodes[left].kind == kIdentifier && gp != none && t.nodes[gp].kind == kExprStmt {
				return site{kind: siteAssign, name: left, elem: none}
			}
		}
	case kAttribute:
		if t.nodes[cur].field == fObject {
			return site{kind: siteAttr, name: none, elem: p}
		}
	case kSubscript:
		if t.nodes[cur].field == fValue {
			return site{kind: siteIndex, name: none, elem: p}
		}
	}
	return site{name: none, elem: none}
}

// kwLiteral returns "True", "False", "None", "0", ... for a literal
// keyword argument, "" when absent and "?" when not a literal.
func (m *model) kwLiteral(a callArgs, pos int, name string) string {
	e := m.t.unparen(a.arg(pos, name))
	if e == none {
		if a.star {
			return "?"
		}
		return ""
	}
	switch m.t.nodes[e].kind {
	case kTrue, kFalse, kNone, kInteger:
		return m.t.text(e)
	}
	return "?"
}

// deleteFalse reports whether a NamedTemporaryFile/TemporaryDirectory
// call passes delete=False literally; ambiguous is true for a computed
// value or **kwargs.
func (m *model) deleteArg(c int32) (lit string) {
	return m.kwLiteral(m.args(c), -1, "delete")
}

// TF003: temporary objects neither a with item nor closed in a finally.
func checkUnmanaged(a *analyzer) {
	t := a.t
	a.calls(func(c int32) {
		if !tempClasses[a.callee(c)] || a.mocked(c) {
			return
		}
		// A bare statement drops the object at once: CPython closes and
		// removes it immediately, nothing is left behind.
		st := a.creation(c)
		if st.kind != siteAssign {
			return
		}
		if nameless[a.callee(c)] {
			// Nothing of it is on disk: a leak is a descriptor or a buffer
			// until the collector runs, not a file left behind.
			return
		}
		s := a.scopeOf[c]
		name := t.text(st.name)
		if s.isClass || a.capturedAt(s, name, st.name) || a.inTempContext(c) || a.dirManaged(c) {
			return
		}
		if a.closedAtOnce(st.name, name) || a.objectManaged(s, name, st.name) {
			return
		}
		if a.guardedByExit(a.stmtOf(st.name), name) {
			return
		}
		a.report("TF003", c, "")
	})
}

// nameless are the classes whose object leaves nothing on disk: a
// TemporaryFile is unlinked at once (or delete-on-close on Windows), a
// SpooledTemporaryFile lives in memory or in such a file. Closed on the
// normal path, all an exception can leave is a descriptor until the
// collector runs: too little to report.
var nameless = map[string]bool{"tempfile.TemporaryFile": true, "tempfile.SpooledTemporaryFile": true}

// closedLater reports whether the object bound at bindNode is closed by
// a call of close() in its scope, outside an except clause.
func (a *analyzer) closedLater(s *scope, name string, bindNode int32) bool {
	uses, truncated := a.objectUses(s, name, bindNode)
	if truncated {
		return true
	}
	for _, u := range uses {
		if info := a.useOf(u); info.attr == "close" && info.called && !info.inExcept {
			return true
		}
	}
	return false
}

// objectUses returns the loads of name in s that read the object bound at
// bindNode, leaving out those of another object bound to the same name;
// truncated as a.loads says.
func (a *analyzer) objectUses(s *scope, name string, bindNode int32) (uses []int32, truncated bool) {
	all, truncated := a.loads(s, name)
	if truncated {
		return nil, true
	}
	for _, u := range all {
		if b := a.reaching(u); b == nil || b.name == bindNode {
			uses = append(uses, u)
		}
	}
	return uses, false
}

// inTempContext reports whether node i runs inside a with statement
// whose context manager is a function of the program named after
// temporary files (support.temp_dir(), _inside_empty_temp_dir(), ...):
// such helpers usually remove what is created inside them.
func (a *analyzer) inTempContext(i int32) bool {
	t := a.t
	for p := t.nodes[i].parent; p != none; p = t.nodes[p].parent {
		switch t.nodes[p].kind {
		case kFunctionDef, kLambda, kClassDef:
			return false
		case kWithStmt:
			for j := p + 1; j < t.nodes[p].stop; j++ {
				if t.nodes[j].kind == kBlock {
					break
				}
				if t.nodes[j].kind != kCall || t.nodes[t.nodes[j].parent].kind == kArgumentList {
					continue
				}
				if strings.HasPrefix(a.callee(j), "tempfile.") {
					continue
				}
				low := strings.ToLower(a.lastName(j))
				if strings.Contains(low, "temp") || strings.Contains(low, "tmp") {
					return true
				}
			}
		}
	}
	return false
}

// closedAtOnce reports whether the statements right after the binding
// close the object before anything that can raise: only plain copies
// (x = f.name) come between.
func (a *analyzer) closedAtOnce(bind int32, name string) bool {
	t := a.t
	stmt := a.stmtOf(bind)
	n := 0
	s := t.nodes[stmt].next
	for n < 8 {
		if s == none {
			// The end of a try body: its else clause runs next.
			s = a.tryElse(stmt)
			stmt = none
			if s == none {
				return false
			}
		}
		n++
		k := t.nodes[s].kind
		if k == kComment || k == kAnon {
			s = t.nodes[s].next
			continue
		}
		if a.closesObj(s, name) {
			return true
		}
		if !a.harmlessStmt(s, name) {
			return false
		}
		s = t.nodes[s].next
	}
	return false
}

// tryElse returns the first statement of the else clause of the try
// statement whose body ends with stmt, or none.
func (a *analyzer) tryElse(stmt int32) int32 {
	t := a.t
	if stmt == none {
		return none
	}
	blk := t.nodes[stmt].parent
	if blk == none || t.nodes[blk].kind != kBlock {
		return none
	}
	try := t.nodes[blk].parent
	if try == none || t.nodes[try].kind != kTryStmt || t.child(try, fBody) != blk {
		return none
	}
	for c := t.firstChild(try); c != none; c = t.nodes[c].next {
		if t.nodes[c].kind == kElseClause {
			for b := t.firstChild(c); b != none; b = t.nodes[b].next {
				if t.nodes[b].kind == kBlock {
					return t.firstNamed(b)
				}
			}
		}
	}
	return none
}

// objectManaged reports whether the object bound at bindNode is used as a
// with item, cleaned in a finally, or handed on.
func (a *analyzer) objectManaged(s *scope, name string, bindNode int32) bool {
	uses, truncated := a.objectUses(s, name, bindNode)
	if truncated {
		return true
	}
	for _, u := range uses {
		info := a.useOf(u)
		if info.inFinally || info.withItem {
			return true
		}
		if info.attr == "name" && !info.called {
			// The path handed on, its removal registered, or removed in
			// a finally or an except clause (directly or through a copy).
			if a.nameHandled(info.node, false, 0) || a.nameRemovedGuarded(s, info) {
				return true
			}
		}
		switch info.attr {
		case "":
			if info.call != none {
				if !a.plainConsumer(info.call) {
					return true
				}
				continue
			}
			if info.returned || info.container || info.assigned != none {
				return true
			}
			if p := a.t.nodes[u].parent; p != none && a.t.nodes[p].kind != kExprStmt &&
				a.t.nodes[p].kind != kComparisonOp && a.t.nodes[p].kind != kNotOp && a.t.nodes[p].kind != kBooleanOp {
				// Subscripts, conditional expressions, ...: not understood.
				if a.t.nodes[p].kind != kAttribute {
					return true
				}
			}
		case "close", "cleanup", "__exit__", "__enter__", "_closer":
			if !info.called || info.inExcept || info.attr == "__enter__" {
				return true
			}
		default:
			if info.returned && !info.called && info.attr != "name" {
				return true
			}
		}
	}
	return false
}

// nameRemovedGuarded reports whether the f.name use (or a local copy of
// it) is removed in a finally or an except clause.
func (a *analyzer) nameRemovedGuarded(s *scope, info useInfo) bool {
	t := a.t
	if (info.inFinally || info.inExcept) && info.call != none && a.removal(info.call) {
		return true
	}
	if info.assigned == none {
		return false
	}
	left := t.child(info.assigned, fLeft)
	if left == none || t.nodes[left].kind != kIdentifier {
		return false
	}
	copies, truncated := a.loads(s, t.text(left))
	if truncated {
		return true
	}
	for _, v := range copies {
		if vi := a.useOf(v); (vi.inFinally || vi.inExcept) && vi.call != none && a.removal(vi.call) {
			return true
		}
	}
	return false
}

// TF004: delete=False objects and mkdtemp() never removed nor handed on.
func checkDeleteFalse(a *analyzer) {
	t := a.t
	a.calls(func(c int32) {
		name := a.callee(c)
		switch name {
		case "tempfile.NamedTemporaryFile", "tempfile.TemporaryDirectory":
			if a.deleteArg(c) != "False" {
				return
			}
		case "tempfile.mkdtemp":
		case "tempfile.mkstemp":
			a.mkstempPath(c)
			return
		default:
			return
		}
		if a.inTempContext(c) || a.mocked(c) || a.dirManaged(c) {
			return
		}
		st := a.creation(c)
		if name == "tempfile.mkdtemp" && st.kind == siteOther {
			if sink := a.inlineOwnerless(c); sink != "" {
				a.report("TF004", c, "mkdtemp() passed straight to "+sink+" is never removed: "+
					"giving a directory to a call does not hand over its removal")
				return
			}
		}
		if name == "tempfile.mkdtemp" && st.kind == siteOther {
			// d = Path(mkdtemp()), d = os.path.realpath(mkdtemp()): the
			// wrapper's result is the directory.
			if w := a.wrapperCall(c); w != none {
				st = a.creation(w)
			}
		}
		var bind int32 = none
		switch st.kind {
		case siteBare:
			a.report("TF004", c, "")
			return
		case siteWith:
			if st.name == none {
				a.report("TF004", c, "")
				return
			}
			bind = st.name
		case siteAssign:
			bind = st.name
		case siteAttr:
			// path = NamedTemporaryFile(delete=False).name
			if at := t.child(st.elem, fAttribute); at != none && t.textIs(at, "name") {
				if s2 := a.creation(st.elem); s2.kind == siteAssign {
					bind = s2.name
				}
			}
		}
		if bind == none {
			return
		}
		if !a.pathDisposed(a.scopeOf[c], bind) {
			a.report("TF004", c, "")
		} else if msg := a.earlyReturn(a.scopeOf[c], bind); msg != "" {
			a.report("TF004", c, msg)
		}
	})
}

// unpackedPair returns the two targets of the assignment p when its right
// side is cur and its left side unpacks into exactly two names or
// patterns (fd, path = mkstemp()), else nil.
func (a *analyzer) unpackedPair(p, cur int32) []int32 {
	t := a.t
	left := t.child(p, fLeft)
	if t.nodes[cur].field != fRight || left == none {
		return nil
	}
	switch t.nodes[left].kind {
	case kPatternList, kTuplePattern, kTuple, kListPattern, kList:
	default:
		return nil
	}
	if els := t.namedChildren(left, nil); len(els) == 2 {
		return els
	}
	return nil
}

// mkstempPath reports TF004 for fd, path = mkstemp() whose path is
// neither removed, moved nor handed on.
func (a *analyzer) mkstempPath(c int32) {
	t := a.t
	if a.inTempContext(c) || a.mocked(c) || a.dirManaged(c) {
		return
	}
	cur := c
	p := t.nodes[cur].parent
	for p != none && t.nodes[p].kind == kParenExpr {
		cur, p = p, t.nodes[p].parent
	}
	if p == none || t.nodes[p].kind != kAssignment {
		return
	}
	els := a.unpackedPair(p, cur)
	if els == nil || t.nodes[els[1]].kind != kIdentifier {
		return
	}
	if a.scopeOf[els[1]] == a.module {
		return // a global: other modules may read and remove it
	}
	if a.toldToUser(a.scopeOf[els[1]], els[1]) {
		return // a report kept on purpose: its name is printed or put in a message
	}
	if !a.pathDisposed(a.scopeOf[els[1]], els[1]) {
		a.report("TF004", c, "the file made by mkstemp() is never removed: unlike NamedTemporaryFile, "+
			"mkstemp leaves its file on disk until you delete it")
	} else if msg := a.earlyReturn(a.scopeOf[els[1]], els[1]); msg != "" {
		a.report("TF004", c, msg)
	}
}

// toldToUser reports whether the path bound at bind is printed, logged
// or formatted into a message (f"{path}", "%s" % path): a file whose name
// the user is shown is usually kept on purpose.
func (a *analyzer) toldToUser(s *scope, bind int32) bool {
	t := a.t
	uses, truncated := a.loads(s, t.text(bind))
	if truncated {
		return true // too many uses to follow: silent
	}
	for _, u := range uses {
		for p := t.nodes[u].parent; p != none; p = t.nodes[p].parent {
			k := t.nodes[p].kind
			if k == kInterpolation {
				return true
			}
			if k == kBinaryOp {
				if op := t.child(p, fOperator); op != none && t.textIs(op, "%") {
					return true
				}
			}
			if k == kArgumentList {
				if c := t.nodes[p].parent; c != none {
					switch n := a.calleeOrMethod(c); {
					case n == "print", strings.HasPrefix(n, "logging."), n == ".info", n == ".warning", n == ".error",
						n == ".debug", n == ".display", n == ".warn":
						return true
					}
				}
				break
			}
			if k == kBlock || k == kModule {
				break
			}
		}
	}
	return false
}

// inlineOwnerless names the call that receives mkdtemp() written inline
// as its argument when that call certainly does not take over the
// directory's removal (an extraction, a copy, a program), or "".
func (a *analyzer) inlineOwnerless(c int32) string {
	t := a.t
	cur := c
	for depth := 0; depth < 4; depth++ {
		p := t.nodes[cur].parent
		if p == none {
			return ""
		}
		switch t.nodes[p].kind {
		case kParenExpr, kKeywordArgument, kList, kTuple:
			cur = p
			continue
		case kArgumentList:
			call := t.nodes[p].parent
			if call == none || t.nodes[call].kind != kCall || a.registration(call) {
				return ""
			}
			name := a.callee(call)
			switch {
			case isExec(name), strings.HasPrefix(name, "shutil.") && name != "shutil.rmtree", name == "os.chdir":
				return name + "()"
			}
			switch a.lastName(call) {
			case "extractall", "extract", "unpack_archive", "copytree", "check_call", "check_output", "run", "Popen":
				return a.lastName(call) + "()"
			}
			return ""
		default:
			return ""
		}
	}
	return ""
}

// earlyReturn reports a path that is removed only by direct removals
// (not in a finally, not handed on) with a return statement between its
// creation and the first removal: on that path it stays on disk. It
// returns the message, or "".
func (a *analyzer) earlyReturn(s *scope, bind int32) string {
	t := a.t
	name := t.text(bind)
	if s == a.module || s.isClass || a.captured(s, name) {
		return ""
	}
	uses, truncated := a.loads(s, name)
	if truncated {
		return ""
	}
	first := none
	for _, u := range uses {
		if b := a.reaching(u); b == nil || b.name != bind {
			if b != nil {
				continue
			}
		}
		info := a.useOf(u)
		if _, copyTo := a.disposal(u, 0); copyTo != "" || info.returned || info.container {
			return "" // copies (not followed here), or handed on
		}
		if info.assigned != none {
			if left := t.child(info.assigned, fLeft); left == none || t.nodes[left].kind != kIdentifier {
				return "" // stored
			}
		}
		removal := info.call != none && a.directRemoval(info.call) ||
			info.called && (info.attr == "cleanup" || info.attr == "unlink" || info.attr == "rmdir")
		if info.call != none && a.registration(info.call) && !removal {
			return ""
		}
		if !removal {
			continue // a call that uses the path; the removal below shows it kept no ownership
		}
		if info.inFinally || info.inExcept {
			return "" // removed on every path, or the except path is TF003's business
		}
		if first == none || t.nodes[u].start < t.nodes[first].start {
			first = u
		}
	}
	if first == none {
		return ""
	}
	for i := bind; i < first; i++ {
		if t.nodes[i].kind != kReturnStmt || a.scopeOf[i] != s {
			continue
		}
		return "the path is removed at line " + strconv.Itoa(a.lineOf(first)) + ", but the return at line " +
			strconv.Itoa(a.lineOf(i)) + " leaves it on disk"
	}
	return ""
}

// pathDisposed follows a tracked object or path name (and its copies)
// through a scope and reports whether it is removed, moved or handed on.
func (a *model) pathDisposed(s *scope, bind int32) bool {
	t := a.t
	names := []string{t.text(bind)}
	seen := map[string]bool{names[0]: true}
	for k := 0; k < len(names); k++ {
		name := names[k]
		if s.isClass || (k == 0 && a.capturedAt(s, name, bind)) || (k > 0 && a.captured(s, name)) {
			return true
		}
		uses, truncated := a.loads(s, name)
		if truncated || len(names) > 64 {
			return true
		}
		for _, u := range uses {
			done, copyTo := a.disposal(u, 0)
			if done {
				return true
			}
			if copyTo != "" && !seen[copyTo] {
				seen[copyTo] = true
				names = append(names, copyTo)
			}
		}
	}
	return false
}

// disposal classifies one use of a tracked path: done when it removes,
// moves or hands the path on (or is not understood); copyTo names a
// local variable that receives a copy (x = d, x = f.name, x = Path(d),
// x = os.path.join(d, ...)).
func (a *model) disposal(u int32, depth int) (done bool, copyTo string) {
	t := a.t
	// Formatted into a message (f"{d}", "%s" % d): text, not the path.
	for p := t.nodes[u].parent; p != none; p = t.nodes[p].parent {
		k := t.nodes[p].kind
		if k == kInterpolation {
			return false, ""
		}
		if k == kArgumentList || k == kBlock || k == kModule || k == kAssignment || k == kReturnStmt {
			break
		}
	}
	info := a.useOf(u)
	if info.called {
		switch info.attr {
		case "cleanup", "unlink", "rmdir", "rename", "replace", "__exit__":
			return true, ""
		}
	}
	if info.attr != "" && !info.called {
		switch info.attr {
		case "cleanup", "__exit__":
			return true, "" // a bound method registered somewhere
		}
	}
	if info.call != none {
		if a.removal(info.call) {
			return true, ""
		}
		if a.pathCopy(info.call) && depth < 4 {
			// The call builds a path from ours: follow its result.
			return a.disposal(info.call, depth+1)
		}
		if !a.plainConsumer(info.call) {
			return true, "" // a function we do not know may take ownership
		}
		return false, ""
	}
	if info.returned || info.container {
		return true, ""
	}
	if info.assigned != none {
		left := t.child(info.assigned, fLeft)
		if left == none || t.nodes[left].kind != kIdentifier {
			return true, "" // stored on an attribute, in a container, unpacked
		}
		if info.attr != "" && info.attr != "name" {
			return false, ""
		}
		return false, t.text(left)
	}
	return false, ""
}

// wrapperCall returns the call that wraps c as its only argument when it
// returns the same path (Path(c), str(c), os.path.realpath(c)), or none.
func (a *model) wrapperCall(c int32) int32 {
	t := a.t
	al := t.nodes[c].parent
	if al == none || t.nodes[al].kind != kArgumentList {
		return none
	}
	w := t.nodes[al].parent
	if w == none || t.nodes[w].kind != kCall || !a.pathCopy(w) || a.callee(w) == "os.path.join" {
		return none
	}
	if args := a.args(w); len(args.pos) != 1 || len(args.kw) != 0 {
		return none
	}
	return w
}

// pathCopy reports whether a call returns the same path it is given.
func (a *model) pathCopy(call int32) bool {
	switch a.callee(call) {
	case "pathlib.Path", "str", "os.fspath", "os.path.abspath", "os.path.realpath", "os.path.normpath", "os.fsencode",
		"os.path.join", "os.path.basename":
		return true
	}
	return false
}

// TF006: the descriptor of mkstemp() discarded or never closed.
func checkMkstempFD(a *analyzer) {
	t := a.t
	a.calls(func(c int32) {
		if a.callee(c) != "tempfile.mkstemp" || a.mocked(c) {
			return
		}
		cur := c
		p := t.nodes[cur].parent
		for p != none && t.nodes[p].kind == kParenExpr {
			cur, p = p, t.nodes[p].parent
		}
		if p == none {
			return
		}
		switch t.nodes[p].kind {
		case kExprStmt:
			a.report("TF006", c, a.inTest(c)+"the descriptor and the path of mkstemp() are both discarded: the descriptor leaks")
		case kSubscript:
			if sub := t.child(p, fSubscript); sub != none && t.nodes[cur].field == fValue &&
				(t.textIs(sub, "1") || t.textIs(sub, "-1")) {
				a.report("TF006", c, a.inTest(c)+"mkstemp()[1] discards the open descriptor: it leaks")
			}
		case kAssignment:
			els := a.unpackedPair(p, cur)
			if els == nil || t.nodes[els[0]].kind != kIdentifier {
				return
			}
			fd := els[0]
			s := a.scopeOf[fd]
			name := t.text(fd)
			if a.captured(s, name) {
				return
			}
			if !a.fdClosed(s, name, fd) {
				if uses, _ := a.loads(s, name); name == "_" || len(uses) == 0 {
					a.report("TF006", c, a.inTest(c)+"the descriptor returned by mkstemp() is discarded: it leaks")
				} else {
					a.report("TF006", c, a.inTest(c)+rule("TF006").Summary)
				}
			} else if line := a.fdOneBranch(s, name, fd); line > 0 {
				a.report("TF006", c, a.inTest(c)+"the descriptor returned by mkstemp() is closed only in one branch of the if at line "+
					strconv.Itoa(line)+": on the other path it leaks")
			}
		}
	})
}

// fdOneBranch returns the line of an if statement when every use of the
// descriptor that closes or hands it on sits in one branch of that if
// (which does not test the descriptor itself), and nothing after the if
// closes it: on the other branch it leaks. 0 otherwise.
func (a *analyzer) fdOneBranch(s *scope, name string, bind int32) int {
	t := a.t
	uses, truncated := a.loads(s, name)
	if truncated {
		return 0
	}
	var ifStmt, branch int32 = none, none
	for _, u := range uses {
		if b := a.reaching(u); b != nil && b.name != bind {
			continue
		}
		info := a.useOf(u)
		if info.call != none {
			c := a.calleeOrMethod(info.call)
			if fdNonClosing[c] || strings.HasPrefix(c, ".assert") {
				continue
			}
		} else if !info.returned && !info.container && info.assigned == none {
			continue
		}
		// A closing (or handing-on) use: find the if branch around it.
		var br, is int32 = none, none
		for p := t.nodes[u].parent; p != none && a.scopeOf[p] == s; p = t.nodes[p].parent {
			k := t.nodes[p].kind
			if k == kBlock || k == kElifClause || k == kElseClause {
				pp := t.nodes[p].parent
				if pp != none && t.nodes[pp].kind == kIfStmt {
					br, is = p, pp
				} else if k != kBlock && pp != none && t.nodes[pp].kind == kIfStmt {
					br, is = p, pp
				}
			}
			if k == kElifClause || k == kElseClause {
				br, is = p, t.nodes[p].parent
			}
			if is != none {
				break
			}
		}
		if is == none || t.isAncestor(is, bind) {
			return 0 // a use on the main path, or the creation is inside the if
		}
		if ifStmt != none && (ifStmt != is || branch != br) {
			return 0 // closes in several branches or places
		}
		ifStmt, branch = is, br
	}
	if ifStmt == none || a.scopeOf[ifStmt] != s {
		return 0
	}
	if cond := t.child(ifStmt, fCondition); cond != none {
		for i := cond; i < t.nodes[cond].stop; i++ {
			if t.nodes[i].kind == kIdentifier && t.textIs(i, name) {
				return 0 // if fd is not None: ... guards the close
			}
		}
	}
	// The branch must not end the function on the other path with a
	// raise: only report when the if is a plain statement after the
	// creation in the same block.
	if t.nodes[ifStmt].parent != t.nodes[a.stmtOf(bind)].parent {
		return 0
	}
	return a.lineOf(ifStmt)
}

// inTest returns the low-risk prefix for a finding in a test function
// (test_*, or a method of a class named Test*): one descriptor leaked
// in a short-lived test process is real but usually harmless.
func (a *analyzer) inTest(c int32) string {
	t := a.t
	for p := t.nodes[c].parent; p != none; p = t.nodes[p].parent {
		if t.nodes[p].kind != kFunctionDef {
			continue
		}
		if n := t.child(p, fName); n != none && strings.HasPrefix(t.text(n), "test") {
			return "low risk (a test): "
		}
		return ""
	}
	return ""
}

var fdNonClosing = map[string]bool{
	"os.write": true, "os.read": true, "os.fstat": true, "os.lseek": true, "os.fsync": true,
	"os.fdatasync": true, "os.ftruncate": true, "os.fchmod": true, "os.fchown": true, "os.pwrite": true,
	"os.pread": true, "os.set_inheritable": true, "os.get_inheritable": true, "os.isatty": true,
	"os.writev": true, "os.readv": true, "os.posix_fallocate": true, "os.dup": true, "print": true,
	"str": true, "len": true, "repr": true, "os.set_blocking": true, "os.get_blocking": true, "os.fstatvfs": true,
}

// fdClosed reports whether a descriptor name is closed or handed on.
func (a *analyzer) fdClosed(s *scope, name string, bind int32) bool {
	t := a.t
	uses, truncated := a.loads(s, name)
	if truncated {
		return true
	}
	for _, u := range uses {
		if b := a.reaching(u); b != nil && b.name != bind {
			continue
		}
		info := a.useOf(u)
		if info.call != none {
			c := a.calleeOrMethod(info.call)
			if fdNonClosing[c] || (len(c) > 7 && c[:7] == ".assert") {
				continue
			}
			return true // os.close, os.fdopen, open, or a function we do not know
		}
		if info.returned || info.container || info.assigned != none {
			return true
		}
		if p := t.nodes[u].parent; p != none && t.nodes[p].kind != kExprStmt && t.nodes[p].kind != kComparisonOp {
			return true
		}
	}
	return false
}

// TF011: TemporaryDirectory().name / NamedTemporaryFile().name.
func checkDropped(a *analyzer) {
	t := a.t
	a.calls(func(c int32) {
		name := a.callee(c)
		if name != "tempfile.TemporaryDirectory" && name != "tempfile.NamedTemporaryFile" || a.mocked(c) {
			return
		}
		if d := a.deleteArg(c); d != "" && d != "True" {
			return
		}
		st := a.creation(c)
		if st.kind != siteAttr {
			return
		}
		if at := t.child(st.elem, fAttribute); at != none && t.textIs(at, "name") {
			a.report("TF011", st.elem, "")
		}
	})
}

// TF012: SpooledTemporaryFile without a positive max_size.
func checkSpool(a *analyzer) {
	a.calls(func(c int32) {
		if a.callee(c) != "tempfile.SpooledTemporaryFile" || a.mocked(c) {
			return
		}
		switch a.kwLiteral(a.args(c), 0, "max_size") {
		case "":
			a.report("TF012", c, "SpooledTemporaryFile() without max_size (default 0) never rolls over: all data stays in memory")
		case "0", "None":
			a.report("TF012", c, "")
		}
	})
}
