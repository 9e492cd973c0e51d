package pycheck

import (
	"strings"
)

// strVal is what is known of a string expression: its text, or a prefix
// of it when part is computed at run time (an f-string interpolation, a
// % or .format placeholder, a + with an unknown operand).
type strVal struct {
	s        string
	complete bool
	bytes    bool
	ok       bool
}

const maxDepth = 12

// strOf evaluates a string expression.
func (m *model) strOf(e int32, depth int) strVal {
	e = m.t.unparen(e)
	if e == none || depth > maxDepth {
		return strVal{}
	}
	if v, ok := m.strMem[e]; ok {
		return v
	}
	v := m.strOfUncached(e, depth)
	m.strMem[e] = v
	return v
}

func (m *model) strOfUncached(e int32, depth int) strVal {
	t := m.t
	switch t.nodes[e].kind {
	case kString:
		return m.literal(e)
	case kConcatString:
		var out strVal
		first := true
		for c := t.firstChild(e); c != none; c = t.nodes[c].next {
			if t.nodes[c].kind != kString {
				continue
			}
			v := m.literal(c)
			if first {
				out, first = v, false
			} else {
				out.s += v.s
				out.complete = v.complete
			}
			if !out.complete {
				break
			}
		}
		return out
	case kBinaryOp:
		op := t.child(e, fOperator)
		l, r := t.child(e, fLeft), t.child(e, fRight)
		if op == none || l == none {
			return strVal{}
		}
		switch {
		case t.textIs(op, "+"):
			lv := m.strOf(l, depth+1)
			if !lv.ok {
				return strVal{}
			}
			if !lv.complete {
				return lv
			}
			rv := m.strOf(r, depth+1)
			if !rv.ok {
				lv.complete = false
				return lv
			}
			lv.s += rv.s
			lv.complete = rv.complete
			return lv
		case t.textIs(op, "%"):
			lv := m.strOf(l, depth+1)
			if !lv.ok {
				return strVal{}
			}
			if k := strings.IndexByte(lv.s, '%'); k >= 0 {
				lv.s, lv.complete = lv.s[:k], false
			}
			return lv
		}
	case kCall:
		if name, obj := m.method(e); name == "format" {
			v := m.strOf(obj, depth+1)
			if v.ok {
				if k := strings.IndexByte(v.s, '{'); k >= 0 {
					v.s, v.complete = v.s[:k], false
				}
			}
			return v
		}
	case kIdentifier:
		if b := m.reaching(e); b != nil && b.kind == bAssign && b.value != none {
			return m.strOf(b.value, depth+1)
		}
	}
	return strVal{}
}

// literal decodes one string node (prefix, escapes, f-string parts).
func (m *model) literal(e int32) strVal {
	t := m.t
	v := strVal{ok: true, complete: true}
	raw := false
	var sb strings.Builder
	for c := t.firstChild(e); c != none; c = t.nodes[c].next {
		switch t.nodes[c].kind {
		case kStringStart:
			p := strings.ToLower(t.text(c))
			raw = strings.Contains(p, "r")
			v.bytes = strings.Contains(p, "b")
		case kStringContent:
			txt := t.text(c)
			if raw || !strings.Contains(txt, "\\") {
				sb.WriteString(txt)
			} else {
				sb.WriteString(unescape(txt))
			}
		case kEscape:
			sb.WriteString(unescape(t.text(c)))
		case kInterpolation:
			v.s, v.complete = sb.String(), false
			return v
		}
	}
	v.s = sb.String()
	return v
}

// unescape handles the escapes that matter for paths.
func unescape(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			sb.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			sb.WriteByte('\n')
		case 't':
			sb.WriteByte('\t')
		case '\\', '\'', '"':
			sb.WriteByte(s[i])
		case '\n':
		default:
			sb.WriteByte('\\')
			sb.WriteByte(s[i])
		}
	}
	return sb.String()
}

// tempRoot reports whether a string (or a known prefix of it) names a
// path inside a shared temporary root.
func (m *model) tempRoot(v strVal) bool {
	if !v.ok {
		return false
	}
	s := v.s
	in := func(root string) bool {
		if root == "" {
			return false
		}
		if strings.HasPrefix(s, root+"/") || strings.HasPrefix(s, root+`\`) {
			return true
		}
		return v.complete && s == root
	}
	for _, r := range []string{"/tmp", "/var/tmp", "/dev/shm"} {
		if in(r) {
			return true
		}
	}
	for _, r := range m.opts.TempRoots {
		if in(strings.TrimRight(r, "/\\")) {
			return true
		}
	}
	low := strings.ToLower(s)
	for _, r := range []string{`c:\temp`, `c:/temp`, `%temp%`, `%tmp%`} {
		if strings.HasPrefix(low, r+`\`) || strings.HasPrefix(low, r+"/") || (v.complete && low == r) {
			return true
		}
	}
	return false
}

type valKind uint8

const (
	vUnknown     valKind = iota
	vTempObj             // a tempfile object: origin is the creating call
	vTempPath            // the path of a temporary file or directory
	vTempHandle          // a file object opened on a temporary path or descriptor
	vFD                  // the descriptor returned by mkstemp
	vHardPath            // a path spelled out inside a temporary root (TF002)
	vTempRoot            // gettempdir() or $TMPDIR itself
	vPredictable         // a fixed name inside gettempdir() (TF010)
)

type value struct {
	kind   valKind
	origin int32  // creating call, literal, or join expression
	class  string // for temp objects: "NamedTemporaryFile", "mkdtemp", ...
}

var tempClasses = map[string]bool{
	"tempfile.TemporaryFile": true, "tempfile.NamedTemporaryFile": true,
	"tempfile.SpooledTemporaryFile": true, "tempfile.TemporaryDirectory": true,
}

// eval follows an expression to what it holds.
func (m *model) eval(e int32) value { return m.evalDepth(e, 0) }

func (m *model) evalDepth(e int32, depth int) value {
	e = m.t.unparen(e)
	if e == none || depth > maxDepth {
		return value{}
	}
	if v, ok := m.evalMem[e]; ok {
		return v
	}
	v := m.evalUncached(e, depth)
	m.evalMem[e] = v
	return v
}

func (m *model) evalUncached(e int32, depth int) value {
	t := m.t
	switch t.nodes[e].kind {
	case kString, kConcatString:
		if sv := m.strOf(e, depth); m.tempRoot(sv) {
			return value{kind: vHardPath, origin: e}
		}
		if t.nodes[e].kind == kString {
			return m.evalFString(e, depth)
		}
	case kBinaryOp:
		op := t.child(e, fOperator)
		l, r := t.child(e, fLeft), t.child(e, fRight)
		if op == none || l == none || r == none {
			return value{}
		}
		if t.textIs(op, "+") || t.textIs(op, "/") {
			lv := m.evalDepth(l, depth+1)
			switch lv.kind {
			case vHardPath:
				return value{kind: vHardPath, origin: e} // the whole expression: its other parts matter
			case vTempPath:
				if t.textIs(op, "/") {
					return lv
				}
			case vTempRoot:
				if m.predictable(r, depth+1) {
					return value{kind: vPredictable, origin: e}
				}
				return value{}
			}
		}
		if t.textIs(op, "+") || t.textIs(op, "%") {
			if sv := m.strOf(e, depth); m.tempRoot(sv) {
				return value{kind: vHardPath, origin: e}
			}
		}
	case kSubscript:
		// os.environ["TMPDIR"]; mkstemp()[1]
		val, sub := t.child(e, fValue), t.child(e, fSubscript)
		if val == none || sub == none {
			return value{}
		}
		if m.canon(val) == "os.environ" {
			if sv := m.strOf(sub, depth+1); sv.complete && sv.s == "TMPDIR" {
				return value{kind: vTempRoot, origin: e}
			}
			return value{}
		}
		if vv := t.unparen(val); t.nodes[vv].kind == kCall && m.callee(vv) == "tempfile.mkstemp" && t.textIs(sub, "1") {
			return value{kind: vTempPath, origin: vv, class: "mkstemp"}
		}
	case kAttribute:
		obj, attr := t.child(e, fObject), t.child(e, fAttribute)
		if obj == none || attr == none {
			return value{}
		}
		if t.nodes[obj].kind == kIdentifier && t.textIs(obj, "self") {
			if val := m.selfValue(e, t.text(attr)); val != none {
				if v := m.evalDepth(val, depth+1); v.kind == vHardPath || v.kind == vPredictable {
					return v
				}
			}
			return value{}
		}
		if !t.textIs(attr, "name") {
			// args.out with parser.add_argument("--out", default=...):
			// the default is what the program uses when the option is not given.
			if def := m.argDefault(t.text(attr)); def != none {
				if v := m.evalDepth(def, depth+1); v.kind == vHardPath || v.kind == vPredictable {
					return v
				}
			}
		}
		if t.textIs(attr, "name") {
			ov := m.evalDepth(obj, depth+1)
			if ov.kind == vTempObj && (ov.class == "tempfile.NamedTemporaryFile" || ov.class == "tempfile.TemporaryDirectory") {
				return value{kind: vTempPath, origin: ov.origin, class: ov.class}
			}
		}
	case kCall:
		return m.evalCall(e, depth)
	case kBooleanOp, kConditionalExpr:
		// args.out or os.path.join(gettempdir(), "x"); a if c else b: the
		// path may be either side, and a fixed temporary one is enough.
		for c := t.firstNamed(e); c != none; c = t.nodes[c].next {
			if t.nodes[c].kind == kAnon || t.nodes[c].kind == kComment {
				continue
			}
			if t.nodes[e].kind == kConditionalExpr && c != t.firstNamed(e) && t.nodes[c].next == none {
				// a if cond else b: the last named child is b, the
				// middle one the condition.
			} else if t.nodes[e].kind == kConditionalExpr && c != t.firstNamed(e) {
				continue
			}
			if v := m.evalDepth(c, depth+1); v.kind == vHardPath || v.kind == vPredictable {
				if t.nodes[e].kind == kBooleanOp {
					if op := t.child(e, fOperator); op == none || !t.textIs(op, "or") {
						return value{}
					}
				}
				return v
			}
		}
		return value{}
	case kIdentifier:
		b := m.reaching(e)
		if b == nil {
			// A parameter never rebound: its only binding is the parameter.
			if s, bs, ok := m.lookup(t.text(e), e); ok && s == m.scopeOf[e] && len(bs) == 1 && bs[0].kind == bParam {
				b = bs[0]
			}
		}
		if b != nil && b.kind == bParam {
			// def f(path=os.path.join(gettempdir(), "x")): the default.
			if p := t.nodes[b.name].parent; p != none && (t.nodes[p].kind == kDefaultParameter || t.nodes[p].kind == kTypedDefaultParameter) {
				if v := m.evalDepth(t.child(p, fValue), depth+1); v.kind == vHardPath || v.kind == vPredictable {
					return v
				}
			}
			return value{}
		}
		if b == nil || b.value == none {
			return value{}
		}
		switch b.kind {
		case bAssign:
			return m.evalDepth(b.value, depth+1)
		case bWith:
			v := m.evalDepth(b.value, depth+1)
			if v.kind == vTempObj && v.class == "tempfile.TemporaryDirectory" {
				// TemporaryDirectory.__enter__ returns the path.
				return value{kind: vTempPath, origin: v.origin, class: v.class}
			}
			if v.kind == vTempObj || v.kind == vTempHandle {
				return v
			}
		case bTuple:
			rv := t.unparen(b.value)
			if t.nodes[rv].kind == kCall && m.callee(rv) == "tempfile.mkstemp" {
				switch b.elem {
				case 0:
					return value{kind: vFD, origin: rv, class: "tempfile.mkstemp"}
				case 1:
					return value{kind: vTempPath, origin: rv, class: "tempfile.mkstemp"}
				}
			}
		}
	}
	return value{}
}

// evalFString handles f"{base}/name": an f-string that starts with an
// interpolation of a temporary root (TF010) or of a hardcoded temporary
// path (TF002), followed by literal text only.
func (m *model) evalFString(e int32, depth int) value {
	t := m.t
	c := t.firstChild(e)
	if c == none || t.nodes[c].kind != kStringStart {
		return value{}
	}
	first := t.nodes[c].next
	if first == none || t.nodes[first].kind != kInterpolation {
		return value{}
	}
	parts := t.namedChildren(first, nil)
	if len(parts) != 1 {
		return value{} // a conversion or format spec: not a plain path
	}
	v := m.evalDepth(parts[0], depth+1)
	if v.kind == vHardPath {
		return value{kind: vHardPath, origin: e}
	}
	if v.kind != vTempRoot {
		return value{}
	}
	rest := ""
	for c := t.nodes[first].next; c != none; c = t.nodes[c].next {
		switch t.nodes[c].kind {
		case kStringEnd:
		case kStringContent, kEscape:
			rest += t.text(c)
		case kInterpolation:
			// Another part: a predictable one (a pid, a user name, a
			// date) keeps the name guessable; anything else makes it
			// unknown.
			parts := t.namedChildren(c, nil)
			if len(parts) < 1 || !m.predictable(parts[0], depth+1) {
				return value{}
			}
			rest += "x"
		default:
			return value{}
		}
	}
	if strings.Trim(rest, "/\\") != "" && (strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "\\")) {
		return value{kind: vPredictable, origin: e}
	}
	return value{}
}

func (m *model) evalCall(e int32, depth int) value {
	c := m.callee(e)
	switch c {
	case "":
		// Method calls on values: Path(...).joinpath, p.resolve(), ...
		name, obj := m.method(e)
		switch name {
		case "joinpath", "resolve", "absolute", "expanduser":
			ov := m.evalDepth(obj, depth+1)
			if ov.kind == vHardPath || ov.kind == vTempPath {
				return ov
			}
			if ov.kind == vTempRoot && name == "joinpath" {
				// Path(gettempdir()).joinpath("x"): a fixed name in the root.
				a := m.args(e)
				if len(a.pos) == 0 || a.star {
					return value{}
				}
				for _, p := range a.pos {
					if !m.predictable(p, depth+1) {
						return value{}
					}
				}
				return value{kind: vPredictable, origin: e}
			}
			if ov.kind == vTempRoot || ov.kind == vPredictable {
				return ov
			}
		case "get":
			if m.canon(obj) == "os.environ" {
				a := m.args(e)
				if sv := m.strOf(a.arg(0, ""), depth+1); sv.complete && sv.s == "TMPDIR" {
					return value{kind: vTempRoot, origin: e}
				}
			}
		}
		return value{}
	case "os.environ.get":
		a := m.args(e)
		if sv := m.strOf(a.arg(0, "key"), depth+1); sv.complete && sv.s == "TMPDIR" {
			return value{kind: vTempRoot, origin: e}
		}
	case "tempfile.gettempdir", "tempfile.gettempdirb":
		return value{kind: vTempRoot, origin: e}
	case "os.getenv":
		a := m.args(e)
		if sv := m.strOf(a.arg(0, "key"), depth+1); sv.complete && sv.s == "TMPDIR" {
			return value{kind: vTempRoot, origin: e}
		}
	case "tempfile.mkdtemp":
		return value{kind: vTempPath, origin: e, class: c}
	case "os.path.join":
		a := m.args(e)
		if a.star || len(a.pos) == 0 {
			return value{}
		}
		first := m.evalDepth(a.pos[0], depth+1)
		switch first.kind {
		case vHardPath, vTempPath:
			if first.kind == vTempPath && len(a.pos) > 1 {
				return value{kind: vTempPath, origin: first.origin, class: "join"}
			}
			return first
		case vTempRoot:
			if len(a.pos) < 2 {
				return first
			}
			for _, p := range a.pos[1:] {
				if !m.predictable(p, depth+1) {
					return value{}
				}
			}
			return value{kind: vPredictable, origin: e}
		}
		if sv := m.strOf(a.pos[0], depth+1); m.tempRoot(sv) {
			return value{kind: vHardPath, origin: a.pos[0]}
		}
	case "pathlib.Path", "os.fspath", "str", "os.path.abspath", "os.path.realpath", "os.path.normpath", "os.fsencode", "os.fsdecode":
		a := m.args(e)
		if c == "pathlib.Path" && len(a.pos) > 1 && !a.star {
			// Path(gettempdir(), "x"): like os.path.join.
			first := m.evalDepth(a.pos[0], depth+1)
			switch first.kind {
			case vHardPath:
				return first
			case vTempPath:
				return value{kind: vTempPath, origin: first.origin, class: "join"}
			case vTempRoot:
				for _, p := range a.pos[1:] {
					if !m.predictable(p, depth+1) {
						return value{}
					}
				}
				return value{kind: vPredictable, origin: e}
			}
			return value{}
		}
		if len(a.pos) == 1 && !a.star {
			v := m.evalDepth(a.pos[0], depth+1)
			if v.kind == vHardPath || v.kind == vTempPath || v.kind == vTempRoot || v.kind == vPredictable {
				return v
			}
		}
	case "open", "os.fdopen", "codecs.open", "io.FileIO":
		a := m.args(e)
		v := m.evalDepth(a.arg(0, "file"), depth+1)
		if v.kind == vTempPath || v.kind == vFD {
			return value{kind: vTempHandle, origin: v.origin, class: "open"}
		}
	default:
		if tempClasses[c] {
			return value{kind: vTempObj, origin: e, class: c}
		}
	}
	return value{}
}

// selfValue returns the value of the only assignment to self.<attr> in
// the class around node at (made in __init__, used in another method),
// or none when there are none or several.
func (m *model) selfValue(at int32, attr string) int32 {
	t := m.t
	cls := t.enclosingClass(at)
	if cls == none {
		return none
	}
	// One scan of the class for all its attributes, not one per use.
	if m.selfVals == nil {
		m.selfVals = map[int32]map[string]int32{}
	}
	vals, ok := m.selfVals[cls]
	if !ok {
		vals = m.selfAssignments(cls)
		m.selfVals[cls] = vals
	}
	if v, ok := vals[attr]; ok {
		return v
	}
	return none
}

// selfAssignments maps each attribute assigned as self.<attr> = value in
// the class to its value, or none when it is assigned more than once.
func (m *model) selfAssignments(cls int32) map[string]int32 {
	t := m.t
	out := map[string]int32{}
	for i := cls + 1; i < t.nodes[cls].stop; i++ {
		n := &t.nodes[i]
		if n.kind != kAttribute || n.field != fLeft {
			continue
		}
		p := n.parent
		if p == none || t.nodes[p].kind != kAssignment {
			continue
		}
		obj, a := t.child(i, fObject), t.child(i, fAttribute)
		if obj == none || a == none || !t.textIs(obj, "self") {
			continue
		}
		name := t.text(a)
		if _, twice := out[name]; twice {
			out[name] = none // assigned twice: which one reaches is unknown
			continue
		}
		out[name] = t.child(p, fRight)
	}
	return out
}

// predictableCalls return a value another local user can guess: process
// and user ids, user and host names, the time and date.
var predictableCalls = map[string]bool{
	"os.getpid": true, "os.getppid": true, "os.getuid": true, "os.geteuid": true, "os.getgid": true,
	"os.getlogin": true, "getpass.getuser": true, "socket.gethostname": true, "platform.node": true,
	"time.strftime": true, "time.time": true, "time.monotonic": true, "datetime.date.today": true,
	"datetime.datetime.now": true, "datetime.datetime.today": true, "datetime.datetime.utcnow": true,
	"os.path.basename": true, "str": true, "repr": true, "int": true, "os.fspath": true,
}

// predictable reports whether a part of a file name can be guessed by
// another user: a non-empty literal, a constant, a process or user id, a
// user or host name, a date, a hash of such, or a string built only from
// them. A random part (uuid, secrets, mkstemp) or an unknown value is not.
func (m *model) predictable(e int32, depth int) bool {
	t := m.t
	e = t.unparen(e)
	if e == none || depth > maxDepth {
		return false
	}
	switch t.nodes[e].kind {
	case kString, kConcatString:
		sv := m.strOf(e, depth+1)
		if sv.ok && sv.complete {
			return strings.Trim(sv.s, "/\\") != ""
		}
		if t.nodes[e].kind != kString {
			return false
		}
		for c := t.firstChild(e); c != none; c = t.nodes[c].next {
			if t.nodes[c].kind == kInterpolation {
				parts := t.namedChildren(c, nil)
				if len(parts) < 1 || !m.predictable(parts[0], depth+1) {
					return false
				}
			}
		}
		return true
	case kInteger:
		return true
	case kBinaryOp:
		op := t.child(e, fOperator)
		l, r := t.child(e, fLeft), t.child(e, fRight)
		if op == none || l == none || r == none {
			return false
		}
		if t.textIs(op, "%") {
			if !m.predictable(l, depth+1) {
				return false
			}
			r = t.unparen(r)
			if t.nodes[r].kind == kTuple {
				for _, c := range t.namedChildren(r, nil) {
					if !m.predictable(c, depth+1) {
						return false
					}
				}
				return true
			}
			return m.predictable(r, depth+1)
		}
		if t.textIs(op, "+") {
			return m.predictable(l, depth+1) && m.predictable(r, depth+1)
		}
	case kAttribute:
		switch m.canon(e) {
		case "sys.argv", "sys.executable":
			return true
		}
		if at := t.child(e, fAttribute); at != none && (t.textIs(at, "pid") || t.textIs(at, "pw_uid") || t.textIs(at, "pw_name")) {
			return true
		}
	case kSubscript:
		if v := t.child(e, fValue); v != none && m.canon(v) == "sys.argv" {
			return true
		}
	case kCall:
		c := m.callee(e)
		if predictableCalls[c] {
			a := m.args(e)
			for _, p := range a.pos {
				if c != "time.strftime" && !m.predictable(p, depth+1) {
					return false
				}
			}
			return true
		}
		name, obj := m.method(e)
		switch name {
		case "hexdigest", "digest":
			return true // a hash of a known input: the same name every run
		case "strftime", "isoformat", "format", "lower", "upper", "replace", "strip":
			if c == "" {
				return m.predictable(obj, depth+1)
			}
		}
		if strings.HasPrefix(c, "datetime.") || strings.HasPrefix(c, "time.") {
			return strings.HasSuffix(c, "now") || strings.HasSuffix(c, "today") || strings.HasSuffix(c, "strftime")
		}
	case kIdentifier:
		switch t.text(e) {
		case "__name__", "__package__":
			return true
		}
		if b := m.reaching(e); b != nil && b.kind == bAssign && b.value != none {
			return m.predictable(b.value, depth+1)
		}
	}
	return false
}

// argDefault returns the default= of the add_argument call of this file
// whose destination is dest ("--out-dir" and dest="out_dir" give
// out_dir), or none; a destination defined twice is none.
func (m *model) argDefault(dest string) int32 {
	if m.argDefaults == nil {
		m.argDefaults = map[string]int32{}
		for _, c := range m.callList {
			if meth, _ := m.methodNode(c); meth == none || !m.t.textIs(meth, "add_argument") {
				continue
			}
			a := m.args(c)
			def, ok := a.kw["default"]
			if !ok {
				continue
			}
			name := ""
			if d, ok := a.kw["dest"]; ok {
				if sv := m.strOf(d, 0); sv.complete {
					name = sv.s
				}
			} else {
				for _, p := range a.pos {
					sv := m.strOf(p, 0)
					if !sv.complete {
						continue
					}
					if strings.HasPrefix(sv.s, "--") {
						name = strings.ReplaceAll(sv.s[2:], "-", "_")
						break
					}
					if !strings.HasPrefix(sv.s, "-") {
						name = sv.s
					}
				}
			}
			if name == "" {
				continue
			}
			if _, dup := m.argDefaults[name]; dup {
				m.argDefaults[name] = none
				continue
			}
			m.argDefaults[name] = def
		}
	}
	if d, ok := m.argDefaults[dest]; ok {
		return d
	}
	return none
}

// methodNode returns the attribute identifier of a method call
// (x.write(...): the node of "write") without allocating, or none.
func (m *model) methodNode(call int32) (int32, int32) {
	t := m.t
	fn := t.unparen(t.child(call, fFunction))
	if fn == none || t.nodes[fn].kind != kAttribute {
		return none, none
	}
	return t.child(fn, fAttribute), t.child(fn, fObject)
}
