package pycheck

import "strings"

// The semantic model shared by the rules: scopes, bindings in statement
// order, import resolution to canonical dotted names, and a small value
// evaluator that follows local names and module constants.

type bindKind uint8

const (
	bAssign bindKind = iota // name = value
	bTuple                  // a, b = value (elem says which element)
	bWith                   // with value as name
	bImport                 // import / from-import
	bDef                    // def, class
	bParam                  // a parameter
	bOther                  // for targets, augmented assignment, del, except ... as
)

type binding struct {
	kind  bindKind
	name  int32  // the identifier node
	stmt  int32  // the statement that binds (its parent is the block it lives in)
	value int32  // the bound expression, or none
	elem  int    // for bTuple: the element index
	canon string // for bImport: the canonical dotted name ("" when unknown)
}

type scope struct {
	node     int32 // module, function_definition, lambda or class_definition
	parent   *scope
	isClass  bool
	bindings map[string][]*binding
	refs     map[string][]int32 // every identifier reference (load or store) by name
	globals  map[string]bool    // names declared global or nonlocal here
	children []*scope
	free     map[string]bool // names nested scopes read from here (lazy)
	loadsMem map[string][]int32
}

type model struct {
	t        *tree
	opts     *Options
	scopeOf  []*scope // per node: the scope its code runs in
	scopes   []*scope
	module   *scope
	canonMem []string // memo of canon per node
	canonOK  []bool
	callList []int32 // every call node, in order
	isBind   []bool  // per identifier node: a binding site
	evalMem  map[int32]value
	strMem   map[int32]strVal
	// localWrappers are this file's own wrappers (lazy).
	localWrappers map[string]string
	argDefaults   map[string]int32 // add_argument defaults by destination (lazy)
	wrapState     []uint8          // per call node: 0 not looked up, 1 no wrapper, 2 in wrapHit
	wrapHit       map[int32]string
	selfVals      map[int32]map[string]int32 // per class: self.<attr> values (lazy)
	missingMem    map[int32]bool             // per function: about a missing file (lazy)
}

func newModel(t *tree, opts *Options) *model {
	m := &model{t: t, opts: opts, scopeOf: make([]*scope, len(t.nodes)),
		canonMem: make([]string, len(t.nodes)), canonOK: make([]bool, len(t.nodes)),
		isBind: make([]bool, len(t.nodes)), wrapState: make([]uint8, len(t.nodes)),
		evalMem: map[int32]value{}, strMem: map[int32]strVal{}}
	for i := range t.nodes {
		if t.nodes[i].kind == kCall {
			m.callList = append(m.callList, int32(i))
		}
	}
	m.buildScopes()
	m.collect()
	return m
}

func newScope(n int32, parent *scope, isClass bool) *scope {
	return &scope{node: n, parent: parent, isClass: isClass,
		bindings: map[string][]*binding{}, refs: map[string][]int32{}, globals: map[string]bool{}}
}

func (m *model) buildScopes() {
	t := m.t
	m.module = newScope(0, nil, false)
	m.scopes = append(m.scopes, m.module)
	type open struct {
		s    *scope
		stop int32
	}
	stack := []open{{m.module, int32(len(t.nodes))}}
	for i := int32(0); i < int32(len(t.nodes)); i++ {
		for len(stack) > 1 && i >= stack[len(stack)-1].stop {
			stack = stack[:len(stack)-1]
		}
		cur := stack[len(stack)-1].s
		m.scopeOf[i] = cur
		n := &t.nodes[i]
		switch n.kind {
		case kFunctionDef, kLambda, kClassDef:
			// The node itself (its name) belongs to the enclosing scope;
			// its children to the new one.
			s := newScope(i, cur, n.kind == kClassDef)
			m.scopes = append(m.scopes, s)
			cur.children = append(cur.children, s)
			stack = append(stack, open{s, n.stop})
			m.scopeOf[i] = cur
		}
	}
	// Children of a def/lambda/class belong to the new scope except the
	// def's name, which binds in the enclosing scope, and decorators,
	// defaults and base classes (evaluated outside; rarely relevant).
	for i := int32(0); i < int32(len(t.nodes)); i++ {
		n := &t.nodes[i]
		if (n.kind == kFunctionDef || n.kind == kClassDef) && n.parent != none {
			if nm := t.child(i, fName); nm != none {
				m.scopeOf[nm] = m.scopeOf[i]
			}
		}
	}
}

// collect records bindings and references of every identifier.
func (m *model) collect() {
	t := m.t
	for i := int32(0); i < int32(len(t.nodes)); i++ {
		n := &t.nodes[i]
		switch n.kind {
		case kImportStmt, kImportFromStmt:
			m.collectImport(i)
			i = n.stop - 1
			continue
		case kGlobalStmt, kNonlocalStmt:
			s := m.scopeOf[i]
			for c := t.firstChild(i); c != none; c = t.nodes[c].next {
				if t.nodes[c].kind == kIdentifier {
					s.globals[t.text(c)] = true
				}
			}
			i = n.stop - 1
			continue
		case kIdentifier:
		default:
			continue
		}
		p := n.parent
		if p == none {
			continue
		}
		pk := t.nodes[p].kind
		if pk == kAttribute && n.field == fAttribute {
			continue
		}
		if pk == kKeywordArgument && n.field == fName {
			continue
		}
		if pk == kDottedName || pk == kAliasedImport {
			continue
		}
		name := t.text(i)
		s := m.scopeOf[i]
		s.refs[name] = append(s.refs[name], i)
		if b := m.bindingAt(i); b != nil {
			s.bindings[name] = append(s.bindings[name], b)
			m.isBind[i] = true
		}
	}
}

// bindingAt returns the binding an identifier introduces, or nil for a load.
func (m *model) bindingAt(i int32) *binding {
	t := m.t
	n := &t.nodes[i]
	p := n.parent
	pn := &t.nodes[p]
	switch pn.kind {
	case kFunctionDef, kClassDef:
		if n.field == fName {
			return &binding{kind: bDef, name: i, stmt: m.stmtOf(p), value: none}
		}
	case kParameters, kLambdaParameters, kDefaultParameter, kTypedParameter, kTypedDefaultParameter, kListSplatPattern, kDictSplat:
		if pn.kind == kDefaultParameter || pn.kind == kTypedDefaultParameter {
			if n.field != fName {
				return nil
			}
		}
		if pn.kind == kListSplatPattern || pn.kind == kDictSplat || pn.kind == kTypedParameter {
			gp := pn.parent
			if gp == none || (t.nodes[gp].kind != kParameters && t.nodes[gp].kind != kLambdaParameters &&
				t.nodes[gp].kind != kTypedParameter) {
				if pn.kind != kListSplatPattern {
					return nil
				}
				break
			}
		}
		return &binding{kind: bParam, name: i, stmt: i, value: none}
	case kNamedExpr:
		if n.field == fName {
			return &binding{kind: bOther, name: i, stmt: m.stmtOf(p), value: none}
		}
		return nil
	case kAsPatternTarget:
		as := pn.parent
		if as == none {
			return nil
		}
		wi := t.nodes[as].parent
		if wi != none && t.nodes[wi].kind == kWithItem {
			return &binding{kind: bWith, name: i, stmt: m.stmtOf(wi), value: t.firstNamed(as)}
		}
		return &binding{kind: bOther, name: i, stmt: m.stmtOf(as), value: none}
	}
	// Walk up through unpacking patterns to an assignment-like statement.
	cur, elem, nested := i, -1, false
	for {
		par := t.nodes[cur].parent
		if par == none {
			return nil
		}
		switch t.nodes[par].kind {
		case kPatternList, kTuplePattern, kListPattern, kTuple, kList, kParenExpr, kListSplatPattern, kListSplat:
			if elem >= 0 {
				nested = true
			}
			if t.nodes[par].kind == kPatternList || t.nodes[par].kind == kTuplePattern ||
				t.nodes[par].kind == kTuple || t.nodes[par].kind == kList || t.nodes[par].kind == kListPattern {
				k := 0
				for c := t.firstNamed(par); c != none && c != cur; c = t.nodes[c].next {
					if kk := t.nodes[c].kind; kk != kAnon && kk != kComment {
						k++
					}
				}
				elem = k
			}
			cur = par
			continue
		case kAssignment:
			if t.nodes[cur].field != fLeft {
				return nil
			}
			val := t.child(par, fRight)
			for val != none && t.nodes[val].kind == kAssignment {
				val = t.child(val, fRight)
			}
			if cur == i {
				return &binding{kind: bAssign, name: i, stmt: m.stmtOf(par), value: val}
			}
			if nested || elem < 0 {
				return &binding{kind: bOther, name: i, stmt: m.stmtOf(par), value: none}
			}
			return &binding{kind: bTuple, name: i, stmt: m.stmtOf(par), value: val, elem: elem}
		case kAugAssignment, kForStmt, kForInClause:
			if t.nodes[cur].field != fLeft {
				return nil
			}
			return &binding{kind: bOther, name: i, stmt: m.stmtOf(par), value: none}
		case kDeleteStmt:
			return &binding{kind: bOther, name: i, stmt: par, value: none}
		case kAsPatternTarget:
			return &binding{kind: bOther, name: i, stmt: m.stmtOf(par), value: none}
		default:
			return nil
		}
	}
}

// stmtOf returns the statement containing node i: the ancestor whose
// parent is a block or the module.
func (m *model) stmtOf(i int32) int32 {
	t := m.t
	for i != none {
		p := t.nodes[i].parent
		if p == none {
			return i
		}
		if k := t.nodes[p].kind; k == kBlock || k == kModule {
			return i
		}
		i = p
	}
	return i
}

func (m *model) collectImport(i int32) {
	t := m.t
	s := m.scopeOf[i]
	add := func(nameNode int32, local, canon string) {
		s.bindings[local] = append(s.bindings[local], &binding{kind: bImport, name: nameNode, stmt: m.stmtOf(i), value: none, canon: canon})
		s.refs[local] = append(s.refs[local], nameNode)
		m.isBind[nameNode] = true
	}
	if t.nodes[i].kind == kImportStmt {
		for c := t.firstChild(i); c != none; c = t.nodes[c].next {
			if t.nodes[c].field != fName {
				continue
			}
			switch t.nodes[c].kind {
			case kDottedName:
				full := t.text(c)
				first := t.firstNamed(c)
				top := full
				if j := strings.IndexByte(full, '.'); j >= 0 {
					top = full[:j]
				}
				add(first, top, top)
			case kAliasedImport:
				nm, al := t.child(c, fName), t.child(c, fAlias)
				if nm != none && al != none {
					add(al, t.text(al), dotted(t.text(nm)))
				}
			}
		}
		return
	}
	mod := t.child(i, fModuleName)
	modName := ""
	if mod != none && t.nodes[mod].kind == kDottedName {
		modName = dotted(t.text(mod))
	}
	if mod != none && t.nodes[mod].kind == kRelativeImport {
		// from ..util import x: ".util.x", never a standard module's
		// name, but enough to match a wrapper learned from util.py.
		if rel := strings.TrimLeft(dotted(t.text(mod)), "."); rel != "" {
			modName = "." + rel
		}
	}
	for c := t.firstChild(i); c != none; c = t.nodes[c].next {
		if t.nodes[c].field != fName {
			continue
		}
		var nm, al int32 = none, none
		switch t.nodes[c].kind {
		case kDottedName:
			nm, al = c, t.firstNamed(c)
		case kAliasedImport:
			nm, al = t.child(c, fName), t.child(c, fAlias)
		}
		if nm == none || al == none {
			continue
		}
		canon := ""
		if modName != "" {
			canon = normalize(modName + "." + dotted(t.text(nm)))
		}
		add(al, t.text(al), canon)
	}
}

func dotted(s string) string {
	if strings.ContainsAny(s, " \t\n\\") {
		return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\\' || r == '\r' }), "")
	}
	return s
}

// aliases maps equivalent spellings onto the canonical one.
var aliases = map[string]string{
	"posixpath":                      "os.path",
	"ntpath":                         "os.path",
	"io.open":                        "open",
	"builtins.open":                  "open",
	"builtins.print":                 "print",
	"pathlib.PosixPath":              "pathlib.Path",
	"pathlib.WindowsPath":            "pathlib.Path",
	"pathlib.PurePath":               "pathlib.Path",
	"pathlib.PurePosixPath":          "pathlib.Path",
	"tempfile._TemporaryFileWrapper": "",
}

func normalize(s string) string {
	if a, ok := aliases[s]; ok {
		return a
	}
	for _, pre := range [...]string{"posixpath.", "ntpath."} {
		if strings.HasPrefix(s, pre) {
			return "os.path." + s[len(pre):]
		}
	}
	return s
}

// lookup finds the bindings visible for name at node i: the nearest
// scope that binds it (class bodies are skipped from inside functions).
// ok is false when the name is declared global/nonlocal somewhere on the
// way, which makes it ambiguous.
func (m *model) lookup(name string, i int32) (s *scope, bs []*binding, ok bool) {
	s = m.scopeOf[i]
	first := true
	for s != nil {
		if s.isClass && !first {
			s = s.parent
			continue
		}
		if s.globals[name] {
			if s == m.module {
				return s, s.bindings[name], true
			}
			// global: the module's bindings; nonlocal: ambiguous.
			return m.module, m.module.bindings[name], false
		}
		if b := s.bindings[name]; len(b) > 0 {
			return s, b, true
		}
		first = false
		s = s.parent
	}
	return nil, nil, true
}

var builtinNames = map[string]bool{"open": true, "print": true, "str": true, "repr": true, "len": true,
	"bytes": true, "isinstance": true, "format": true}

// canonName resolves an identifier to a canonical dotted name: an import
// ("tempfile", "tempfile.mkstemp"), a builtin ("open"), or "".
func (m *model) canonName(i int32) string {
	name := m.t.text(i)
	_, bs, ok := m.lookup(name, i)
	if !ok {
		return ""
	}
	if len(bs) == 0 {
		if builtinNames[name] {
			return name
		}
		return ""
	}
	c := ""
	for _, b := range bs {
		if b.kind != bImport || b.canon == "" {
			return ""
		}
		if c != "" && c != b.canon {
			return ""
		}
		c = b.canon
	}
	return c
}

// canon resolves an expression (identifier or attribute chain) to a
// canonical dotted name, or "". Chains longer than 16 names are not
// resolved (and never walked recursively).
func (m *model) canon(e int32) string {
	t := m.t
	e = t.unparen(e)
	if e == none {
		return ""
	}
	if m.canonOK[e] {
		return m.canonMem[e]
	}
	var attrs [16]int32
	n := 0
	cur := e
	for t.nodes[cur].kind == kAttribute {
		if n == len(attrs) {
			m.canonMem[e], m.canonOK[e] = "", true
			return ""
		}
		attr := t.child(cur, fAttribute)
		obj := t.unparen(t.child(cur, fObject))
		if attr == none || obj == none {
			m.canonMem[e], m.canonOK[e] = "", true
			return ""
		}
		attrs[n] = attr
		n++
		cur = obj
	}
	c := ""
	if t.nodes[cur].kind == kIdentifier {
		c = m.canonName(cur)
	}
	for i := n - 1; i >= 0 && c != ""; i-- {
		if builtinNames[c] {
			c = ""
			break
		}
		c = normalize(c + "." + t.text(attrs[i]))
	}
	m.canonMem[e], m.canonOK[e] = c, true
	return c
}

// callee returns the canonical name of a call's function, or "". A call
// of a project's own wrapper of tempfile or subprocess (learned before
// the run, see [LearnWrappers]) is named after what it wraps.
func (m *model) callee(call int32) string {
	fn := m.t.child(call, fFunction)
	if fn == none {
		return ""
	}
	c := m.canon(fn)
	switch m.wrapState[call] {
	case 1:
		return c
	case 2:
		return m.wrapHit[call]
	}
	if !strings.HasPrefix(c, "tempfile.") {
		if w := m.wrapperOf(call, c); w != "" {
			if m.wrapHit == nil {
				m.wrapHit = map[int32]string{}
			}
			m.wrapHit[call], m.wrapState[call] = w, 2
			return w
		}
	}
	m.wrapState[call] = 1
	return c
}

// methodName returns the attribute name of a call like x.write(...), and
// the object node; "" when the call is not a method call.
func (m *model) method(call int32) (string, int32) {
	t := m.t
	fn := t.unparen(t.child(call, fFunction))
	if fn == none || t.nodes[fn].kind != kAttribute {
		return "", none
	}
	attr := t.child(fn, fAttribute)
	if attr == none {
		return "", none
	}
	return t.text(attr), t.child(fn, fObject)
}

// lastName returns the final identifier of a call's function: "rmtree"
// for os_helper.rmtree(...), "cleanup" for d.cleanup().
func (m *model) lastName(call int32) string {
	t := m.t
	fn := t.unparen(t.child(call, fFunction))
	if fn == none {
		return ""
	}
	switch t.nodes[fn].kind {
	case kIdentifier:
		return t.text(fn)
	case kAttribute:
		if a := t.child(fn, fAttribute); a != none {
			return t.text(a)
		}
	}
	return ""
}

// args returns a call's positional argument nodes and a keyword lookup.
// star is true when *args or **kwargs make the argument list unknowable.
type callArgs struct {
	pos  []int32
	kw   map[string]int32
	star bool
}

func (m *model) args(call int32) callArgs {
	t := m.t
	var a callArgs
	al := t.child(call, fArguments)
	if al == none || t.nodes[al].kind != kArgumentList {
		return a
	}
	for c := t.firstChild(al); c != none; c = t.nodes[c].next {
		switch t.nodes[c].kind {
		case kAnon, kComment:
		case kKeywordArgument:
			nm, v := t.child(c, fName), t.child(c, fValue)
			if nm != none && v != none {
				if a.kw == nil {
					a.kw = map[string]int32{}
				}
				a.kw[t.text(nm)] = v
			}
		case kListSplat, kDictSplat:
			a.star = true
		default:
			a.pos = append(a.pos, c)
		}
	}
	return a
}

// arg returns the argument at position p or keyword name, or none.
func (a callArgs) arg(p int, name string) int32 {
	if name != "" {
		if v, ok := a.kw[name]; ok {
			return v
		}
	}
	if p >= 0 && p < len(a.pos) {
		return a.pos[p]
	}
	return none
}

// reaching returns the binding of the identifier use at i that certainly
// reaches it: the last binding of the name before i in the same scope,
// whose statement's block contains i, with no other binding of the name
// between the two. Bindings of an enclosing function or the module count
// when the name has exactly one binding there. nil when unknown.
func (m *model) reaching(i int32) *binding {
	t := m.t
	name := t.text(i)
	s, bs, ok := m.lookup(name, i)
	if !ok || s == nil || len(bs) == 0 {
		return nil
	}
	if s != m.scopeOf[i] {
		// A closure or a module constant: it must be bound once.
		if len(bs) != 1 {
			return nil
		}
		return bs[0]
	}
	pos := t.nodes[i].start
	if m.isBind[i] {
		return nil // i is itself a binding site
	}
	// Bindings are in source order: find the last one before i.
	lo, hi := 0, len(bs)
	for lo < hi {
		mid := (lo + hi) / 2
		if t.nodes[bs[mid].name].start < pos {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	var best *binding
	for j := lo - 1; j >= 0 && j >= lo-8; j-- {
		b := bs[j]
		if (b.kind == bAssign || b.kind == bTuple) && b.value != none && t.isAncestor(b.value, i) {
			continue // x = f(x): the old x
		}
		best = b
		break
	}
	if best == nil {
		if s == m.module || len(bs) != 1 {
			return nil
		}
		// Used before its only binding: e.g. a loop. Unknown.
		return nil
	}
	if !m.dominates(best.stmt, i) {
		return nil
	}
	return best
}

// dominates reports whether statement stmt certainly ran before node i
// (which follows it): i is in the block that holds stmt, or stmt sits in
// the bodies of with statements that are in such a block.
func (m *model) dominates(stmt, i int32) bool {
	t := m.t
	for {
		blk := t.nodes[stmt].parent
		if blk == none {
			return false
		}
		if t.isAncestor(blk, i) {
			return true
		}
		owner := t.nodes[blk].parent
		if owner == none || t.nodes[owner].kind != kWithStmt {
			return false
		}
		stmt = owner
	}
}
