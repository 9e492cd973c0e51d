package pycheck

import (
	"bytes"
	"strconv"
	"strings"
)

// pathSinks maps a call that creates, opens or writes a path to where
// the path is: positional index and keyword name.
var pathSinks = map[string]struct {
	pos int
	kw  string
}{
	"open":            {0, "file"},
	"codecs.open":     {0, "filename"},
	"io.FileIO":       {0, "file"},
	"os.open":         {0, "path"},
	"os.mkdir":        {0, "path"},
	"os.makedirs":     {0, "name"},
	"os.mkfifo":       {0, "path"},
	"os.mknod":        {0, "path"},
	"shutil.copy":     {1, "dst"},
	"shutil.copy2":    {1, "dst"},
	"shutil.copyfile": {1, "dst"},
	"shutil.copytree": {1, "dst"},
	"shutil.move":     {1, "dst"},
	"os.rename":       {1, "dst"},
	"os.replace":      {1, "dst"},
	"os.symlink":      {1, "dst"},
	"os.link":         {1, "dst"},
}

// writerSinks are the other ways to create or write a file at a path:
// where the path and the mode are, and which mode characters write
// (def is the default mode when the argument is absent).
var writerSinks = map[string]struct {
	pos     int
	kw      string
	modePos int
	modeKw  string
	def     string
	writes  string
}{
	"tarfile.open":                         {0, "name", 1, "mode", "r", "wax"},
	"tarfile.TarFile":                      {0, "name", 1, "mode", "r", "wax"},
	"tarfile.TarFile.open":                 {0, "name", 1, "mode", "r", "wax"},
	"zipfile.ZipFile":                      {0, "file", 1, "mode", "r", "wax"},
	"gzip.open":                            {0, "filename", 1, "mode", "rb", "wax"},
	"gzip.GzipFile":                        {0, "filename", 1, "mode", "rb", "wax"},
	"bz2.open":                             {0, "filename", 1, "mode", "rb", "wax"},
	"bz2.BZ2File":                          {0, "filename", 1, "mode", "r", "wax"},
	"lzma.open":                            {0, "filename", 1, "mode", "rb", "wax"},
	"lzma.LZMAFile":                        {0, "filename", 1, "mode", "r", "wax"},
	"shelve.open":                          {0, "filename", 1, "flag", "c", "cnw"},
	"dbm.open":                             {0, "file", 1, "flag", "r", "cnw"},
	"dbm.dumb.open":                        {0, "file", 1, "flag", "c", "cnw"},
	"dbm.gnu.open":                         {0, "filename", 1, "flag", "r", "cnw"},
	"dbm.ndbm.open":                        {0, "filename", 1, "flag", "r", "cnw"},
	"sqlite3.connect":                      {0, "database", -1, "", "c", "c"},
	"logging.FileHandler":                  {0, "filename", 1, "mode", "a", "wax"},
	"logging.handlers.RotatingFileHandler": {0, "filename", 1, "mode", "a", "wax"},
	"logging.handlers.TimedRotatingFileHandler": {0, "filename", -1, "", "a", "a"},
	"logging.handlers.WatchedFileHandler":       {0, "filename", 1, "mode", "a", "wax"},
	"logging.basicConfig":                       {-1, "filename", -1, "filemode", "a", "wax"},
	"shutil.make_archive":                       {0, "base_name", -1, "", "w", "w"},
	"shutil.unpack_archive":                     {1, "extract_dir", -1, "", "w", "w"},
}

// writerSink returns the path argument of a call that creates or writes
// a file at it, or none (a read-only mode, a computed mode).
func (a *analyzer) writerSink(c int32, name string) int32 {
	w, ok := writerSinks[name]
	if !ok {
		return none
	}
	args := a.args(c)
	mode := w.def
	if w.modePos >= 0 || w.modeKw != "" {
		if me := args.arg(w.modePos, w.modeKw); me != none {
			sv := a.strOf(me, 0)
			if !sv.ok || !sv.complete {
				return none
			}
			mode = sv.s
		}
	}
	if name == "sqlite3.connect" {
		if p := a.strOf(args.arg(0, "database"), 0); p.ok && p.complete && p.s == ":memory:" {
			return none
		}
	}
	if !strings.ContainsAny(mode, w.writes) {
		return none
	}
	return args.arg(w.pos, w.kw)
}

// handlerSubclass returns the logging handler a class of the same module
// derives from (class MyLog(logging.FileHandler): ...), when the call
// constructs such a class with the base's arguments; "" otherwise.
func (a *analyzer) handlerSubclass(c int32) string {
	t := a.t
	fn := t.unparen(t.child(c, fFunction))
	if fn == none || t.nodes[fn].kind != kIdentifier {
		return ""
	}
	_, bs, ok := a.lookup(t.text(fn), fn)
	if !ok || len(bs) != 1 || bs[0].kind != bDef {
		return ""
	}
	cls := t.nodes[bs[0].name].parent
	if cls == none || t.nodes[cls].kind != kClassDef {
		return ""
	}
	for i := cls + 1; i < t.nodes[cls].stop; i++ {
		if t.nodes[i].kind == kBlock {
			break
		}
		if k := t.nodes[i].kind; k == kAttribute || k == kIdentifier {
			if b := a.canon(i); strings.HasPrefix(b, "logging.") && writerSinks[b].writes != "" && b != "logging.basicConfig" {
				return b
			}
		}
	}
	return ""
}

// dirArgs is where tempfile's functions take dir=.
var dirArgs = map[string]int{
	"tempfile.mkstemp": 2, "tempfile.mkdtemp": 2, "tempfile.mktemp": 2, "tempfile.TemporaryDirectory": 2,
	"tempfile.NamedTemporaryFile": 6, "tempfile.TemporaryFile": 6, "tempfile.SpooledTemporaryFile": 7,
}

var pathMethods = map[string]bool{
	"write_text": true, "write_bytes": true, "open": true, "mkdir": true, "touch": true,
	"symlink_to": true, "hardlink_to": true,
}

// checkHardcoded reports TF002 and TF010 at the path argument of a call
// that creates, opens or writes it.
func checkHardcoded(a *analyzer) {
	a.calls(func(c int32) {
		name := a.callee(c)
		if s, ok := pathSinks[name]; ok {
			args := a.args(c)
			a.sinkPath(args.arg(s.pos, s.kw))
			return
		}
		if _, ok := writerSinks[name]; ok {
			a.sinkPath(a.writerSink(c, name))
			return
		}
		if base := a.handlerSubclass(c); base != "" {
			a.sinkPath(a.writerSink(c, base))
			return
		}
		if p, ok := dirArgs[name]; ok {
			args := a.args(c)
			if d := args.arg(p, "dir"); d != none {
				if v := a.eval(d); v.kind == vHardPath {
					a.report("TF002", d, "low risk: tempfile still picks a random name here, so there is no race, "+
						"but the hardcoded directory ignores TMPDIR and breaks where it is not the temporary directory (portability)")
				}
			}
			return
		}
		if name == "" {
			if meth, obj := a.method(c); pathMethods[meth] && obj != none {
				a.sinkPath(obj)
			}
		}
	})
}

func (a *analyzer) sinkPath(arg int32) {
	if arg == none {
		return
	}
	switch v := a.eval(arg); v.kind {
	case vHardPath:
		if a.isRootItself(arg, 0) {
			return // os.makedirs("/tmp", exist_ok=True): the root, not a name in it
		}
		if a.randomIn(v.origin) {
			a.report("TF002", arg, a.builtAt(arg, v, "low risk: the name under the shared temporary directory has a random part, "+
				"so it cannot be planted in advance, but the hardcoded root ignores TMPDIR and the directory is made with its default mode; "+
				"mkdtemp does both safely"))
			return
		}
		a.report("TF002", arg, a.builtAt(arg, v, rule("TF002").Summary))
	case vPredictable:
		a.report("TF010", arg, a.builtAt(arg, v, rule("TF010").Summary))
	}
}

// builtAt adds to msg where the path was built when that is another line
// than the operation: "(CACHE_DIR, built at line 4)".
func (a *analyzer) builtAt(arg int32, v value, msg string) string {
	t := a.t
	if v.origin == none || v.origin >= int32(len(t.nodes)) {
		return msg
	}
	l1, l2 := a.lineOf(arg), a.lineOf(v.origin)
	if l1 == l2 {
		return msg
	}
	what := ""
	if e := t.unparen(arg); e != none && (t.nodes[e].kind == kIdentifier || t.nodes[e].kind == kAttribute) {
		if n := t.text(e); len(n) <= 40 {
			what = n + ", "
		}
	}
	return msg + " (" + what + "built at line " + strconv.Itoa(l2) + ")"
}

// lineOf returns the 1-based line of a node.
func (m *model) lineOf(n int32) int {
	return 1 + bytes.Count(m.t.src[:m.t.nodes[n].start], []byte{'\n'})
}

// helperParam is a parameter of a function of the module that the
// function creates, opens or writes as a path.
type helperParam struct {
	index int    // position among the positional parameters
	name  string // the parameter's name
	sink  int32  // the call that uses it
}

// helpers returns, per function definition of the module, the parameters
// it creates or writes a file at (one level: the sink is in its own body).
func (a *analyzer) helpers() map[int32][]helperParam {
	if a.helperMem != nil {
		return a.helperMem
	}
	t := a.t
	a.helperMem = map[int32][]helperParam{}
	params := map[int32][]string{}
	// From the sinks outward: only functions with a sink whose path is a
	// plain name are looked at.
	for _, c := range a.callList {
		arg := t.unparen(a.sinkArg(c))
		if arg == none || t.nodes[arg].kind != kIdentifier {
			continue
		}
		s := a.scopeOf[c]
		def := s.node
		if def == 0 || t.nodes[def].kind != kFunctionDef || a.scopeOf[arg] != s {
			continue
		}
		ps, ok := params[def]
		if !ok {
			ps = a.paramNames(def)
			params[def] = ps
		}
		for k, p := range ps {
			if p != "" && t.textIs(arg, p) && len(s.bindings[p]) == 1 {
				a.helperMem[def] = append(a.helperMem[def], helperParam{index: k, name: p, sink: c})
			}
		}
	}
	return a.helperMem
}

// paramNames lists the names of a function's plain parameters in order
// ("" for *args, **kwargs and the like).
func (a *analyzer) paramNames(def int32) []string {
	t := a.t
	ps := t.child(def, fParameters)
	if ps == none {
		return nil
	}
	var out []string
	for c := t.firstNamed(ps); c != none; c = t.nodes[c].next {
		switch t.nodes[c].kind {
		case kIdentifier:
			out = append(out, t.text(c))
		case kDefaultParameter, kTypedDefaultParameter:
			if n := t.child(c, fName); n != none && t.nodes[n].kind == kIdentifier {
				out = append(out, t.text(n))
			} else {
				out = append(out, "")
			}
		case kTypedParameter:
			if n := t.firstNamed(c); n != none && t.nodes[n].kind == kIdentifier {
				out = append(out, t.text(n))
			} else {
				out = append(out, "")
			}
		case kComment, kAnon:
		default:
			out = append(out, "")
		}
	}
	return out
}

// sinkArg returns the path a call creates, opens or writes, or none.
func (a *analyzer) sinkArg(c int32) int32 {
	name := a.callee(c)
	if s, ok := pathSinks[name]; ok {
		return a.args(c).arg(s.pos, s.kw)
	}
	if _, ok := writerSinks[name]; ok {
		return a.writerSink(c, name)
	}
	if name == "" {
		if meth, obj := a.method(c); pathMethods[meth] && obj != none {
			return obj
		}
	}
	return none
}

// helperCalls reports TF002/TF010 where a fixed temporary path is given
// to a function of the same module (or a method of the same class called
// on self) that creates, opens or writes it.
func checkHelperCalls(a *analyzer) {
	t := a.t
	if !a.mayHoldTempPath() {
		return
	}
	hs := a.helpers()
	if len(hs) == 0 {
		return
	}
	a.calls(func(c int32) {
		fn := t.unparen(t.child(c, fFunction))
		if fn == none {
			return
		}
		var def int32 = none
		offset := 0
		switch t.nodes[fn].kind {
		case kIdentifier:
			_, bs, ok := a.lookup(t.text(fn), fn)
			if ok && len(bs) == 1 && bs[0].kind == bDef {
				def = t.nodes[bs[0].name].parent
			}
		case kAttribute:
			obj, at := t.child(fn, fObject), t.child(fn, fAttribute)
			if obj != none && at != none && t.textIs(obj, "self") {
				def = a.methodDef(c, t.text(at))
				offset = 1
			}
		}
		if def == none {
			return
		}
		args := a.args(c)
		for _, hp := range hs[def] {
			if hp.index < offset {
				continue
			}
			arg := args.arg(hp.index-offset, hp.name)
			if arg == none {
				continue
			}
			v := a.eval(arg)
			switch v.kind {
			case vHardPath:
				if a.isRootItself(arg, 0) {
					continue
				}
				a.report("TF002", arg, "a fixed path in a shared temporary directory is given to "+t.text(fn)+
					"(), which creates or opens it at line "+strconv.Itoa(a.lineOf(hp.sink))+": another user can pre-create or symlink it")
			case vPredictable:
				a.report("TF010", arg, "a fixed name inside the temporary directory is given to "+t.text(fn)+
					"(), which creates or opens it at line "+strconv.Itoa(a.lineOf(hp.sink))+": open to symlink and race attacks")
			}
		}
	})
}

// mayHoldTempPath reports whether the source spells a temporary root or
// a way to reach one; without it no argument can be a fixed temporary
// path and the helper tables are not built.
func (a *analyzer) mayHoldTempPath() bool {
	src := a.t.src
	for _, w := range [...]string{"/tmp", "/dev/shm", "gettempdir", "TMPDIR", "Temp", "TEMP"} {
		if bytes.Contains(src, []byte(w)) {
			return true
		}
	}
	for _, r := range a.opts.TempRoots {
		if r = strings.TrimRight(r, "/\\"); r != "" && bytes.Contains(src, []byte(r)) {
			return true
		}
	}
	return false
}

// methodDef finds the method called name in the class around node at.
func (a *analyzer) methodDef(at int32, name string) int32 {
	t := a.t
	for p := t.nodes[at].parent; p != none; p = t.nodes[p].parent {
		if t.nodes[p].kind != kClassDef {
			continue
		}
		body := t.child(p, fBody)
		if body == none {
			return none
		}
		for c := t.firstNamed(body); c != none; c = t.nodes[c].next {
			d := c
			if t.nodes[d].kind == kDecoratedDef {
				d = t.child(d, fDefinition)
			}
			if d != none && t.nodes[d].kind == kFunctionDef {
				if n := t.child(d, fName); n != none && t.textIs(n, name) {
					return d
				}
			}
		}
		return none
	}
	return none
}

// randomIn reports whether the expression that built a hardcoded path
// calls something that returns a random value: uuid, secrets, random,
// os.urandom, or a project function learned to return a random name.
func (a *analyzer) randomIn(origin int32) bool {
	t := a.t
	if origin == none {
		return false
	}
	for i := origin; i < t.nodes[origin].stop; i++ {
		if t.nodes[i].kind != kCall {
			continue
		}
		c := a.callee(i)
		if c == "random" || c == "os.urandom" || strings.HasPrefix(c, "uuid.") || strings.HasPrefix(c, "secrets.") ||
			strings.HasPrefix(c, "random.") {
			return true
		}
	}
	return false
}

// isRootItself reports whether a hardcoded path is a temporary root
// itself ("/tmp", "/var/tmp/"), not a fixed name inside it.
func (a *analyzer) isRootItself(e int32, depth int) bool {
	t := a.t
	e = t.unparen(e)
	if e == none || depth > maxDepth {
		return false
	}
	switch t.nodes[e].kind {
	case kCall:
		switch a.callee(e) {
		case "pathlib.Path", "str", "os.fspath", "os.path.abspath", "os.path.realpath", "os.path.normpath":
			if args := a.args(e); len(args.pos) == 1 && !args.star {
				return a.isRootItself(args.pos[0], depth+1)
			}
		}
		return false
	case kIdentifier:
		if b := a.reaching(e); b != nil && b.kind == bAssign && b.value != none {
			return a.isRootItself(b.value, depth+1)
		}
		return false
	}
	sv := a.strOf(e, 0)
	if !sv.ok || !sv.complete {
		return false
	}
	p := strings.TrimRight(sv.s, "/\\")
	if p == "" {
		return false
	}
	for _, r := range []string{"/tmp", "/var/tmp", "/dev/shm"} {
		if p == r {
			return true
		}
	}
	for _, r := range a.opts.TempRoots {
		if p == strings.TrimRight(r, "/\\") {
			return true
		}
	}
	low := strings.ToLower(p)
	return low == `c:\temp` || low == "c:/temp" || low == "%temp%" || low == "%tmp%"
}

// TF007: chmod giving a temporary path group or other permissions.
func checkChmod(a *analyzer) {
	a.calls(func(c int32) {
		name := a.callee(c)
		switch name {
		case "os.chmod", "os.lchmod":
			args := a.args(c)
			if a.isTempPath(args.arg(0, "path")) {
				if mode, ok := a.modeOf(args.arg(1, "mode")); ok && mode&0o077 != 0 {
					a.report("TF007", c, "chmod "+octal(mode)+" opens a temporary path to group or other users")
				}
			}
			return
		case "os.fchmod":
			args := a.args(c)
			if a.isTempFD(args.arg(0, "fd")) {
				if mode, ok := a.modeOf(args.arg(1, "mode")); ok && mode&0o077 != 0 {
					a.report("TF007", c, "fchmod "+octal(mode)+" opens a temporary file to group or other users")
				}
			}
			return
		case "":
			if meth, obj := a.method(c); (meth == "chmod" || meth == "lchmod") && a.isTempPath(obj) {
				if mode, ok := a.modeOf(a.args(c).arg(0, "mode")); ok && mode&0o077 != 0 {
					a.report("TF007", c, "chmod "+octal(mode)+" opens a temporary path to group or other users")
				}
			}
			return
		}
		if strings.HasPrefix(name, "subprocess.") {
			a.chmodCommand(c)
		}
		if isExec(name) {
			a.chmodShell(c)
		}
	})
}

func octal(m int64) string { return "0o" + strconv.FormatInt(m, 8) }

func (a *analyzer) isTempPath(e int32) bool {
	if e == none {
		return false
	}
	// A path joined under a temporary directory is protected by the
	// directory's 0700 mode: only the object itself counts.
	switch v := a.eval(e); v.kind {
	case vTempPath:
		return v.class != "join"
	case vHardPath, vPredictable:
		return true
	}
	return false
}

func (a *analyzer) isTempFD(e int32) bool {
	t := a.t
	e = t.unparen(e)
	if e == none {
		return false
	}
	if a.eval(e).kind == vFD {
		return true
	}
	if t.nodes[e].kind == kCall {
		if meth, obj := a.method(e); meth == "fileno" {
			k := a.eval(obj).kind
			return k == vTempObj || k == vTempHandle
		}
	}
	return false
}

// chmodCommand handles subprocess.run(["chmod", MODE, PATH...]).
func (a *analyzer) chmodCommand(c int32) {
	t := a.t
	lst := t.unparen(a.args(c).arg(0, "args"))
	if lst == none || (t.nodes[lst].kind != kList && t.nodes[lst].kind != kTuple) {
		return
	}
	elems := t.namedChildren(lst, nil)
	if len(elems) < 3 {
		return
	}
	cmd := a.strOf(elems[0], 0)
	if !cmd.complete || (cmd.s != "chmod" && !strings.HasSuffix(cmd.s, "/chmod")) {
		return
	}
	i := 1
	for i < len(elems) {
		sv := a.strOf(elems[i], 0)
		if !sv.complete || !strings.HasPrefix(sv.s, "-") || len(sv.s) < 2 || strings.ContainsAny(sv.s[1:2], "rwxXst") {
			break
		}
		i++
	}
	if i >= len(elems)-1 {
		return
	}
	ms := a.strOf(elems[i], 0)
	if !ms.complete || !symbolicOpens(ms.s) {
		return
	}
	for _, p := range elems[i+1:] {
		if a.isTempPath(p) {
			a.report("TF007", c, "chmod "+ms.s+" opens a temporary path to group or other users")
			return
		}
	}
}

// chmodShell handles a shell command line given a temporary name:
// os.system(f"chmod 666 {tmp.name}"), subprocess.run("chmod 777 " + d,
// shell=True), os.popen("chmod -R a+w %s" % path).
func (a *analyzer) chmodShell(c int32) {
	t := a.t
	cmd := t.unparen(a.args(c).arg(0, "args"))
	if cmd == none {
		cmd = t.unparen(a.args(c).arg(0, "command"))
	}
	if cmd == none {
		cmd = t.unparen(a.args(c).arg(0, "cmd"))
	}
	if cmd == none {
		return
	}
	var prefix string
	var path int32 = none
	switch t.nodes[cmd].kind {
	case kString:
		var sb strings.Builder
		for ch := t.firstChild(cmd); ch != none; ch = t.nodes[ch].next {
			switch t.nodes[ch].kind {
			case kStringContent, kEscape:
				sb.WriteString(t.text(ch))
			case kInterpolation:
				if path == none {
					prefix = sb.String()
					if parts := t.namedChildren(ch, nil); len(parts) >= 1 {
						path = parts[0]
					}
				}
			}
		}
	case kBinaryOp:
		op := t.child(cmd, fOperator)
		l, r := t.child(cmd, fLeft), t.child(cmd, fRight)
		sv := a.strOf(l, 0)
		if op == none || !sv.ok || !sv.complete {
			return
		}
		switch {
		case t.textIs(op, "+"):
			prefix, path = sv.s, r
		case t.textIs(op, "%"):
			k := strings.Index(sv.s, "%s")
			if k < 0 {
				return
			}
			prefix = sv.s[:k]
			path = t.unparen(r)
			if t.nodes[path].kind == kTuple {
				if els := t.namedChildren(path, nil); len(els) >= 1 {
					path = els[0]
				}
			}
		default:
			return
		}
	default:
		return
	}
	if path == none || !a.isTempPath(path) {
		return
	}
	words := strings.Fields(prefix)
	if len(words) > 0 && words[0] == "sudo" {
		words = words[1:]
	}
	if len(words) < 2 || (words[0] != "chmod" && !strings.HasSuffix(words[0], "/chmod")) {
		return
	}
	mode := words[len(words)-1]
	for _, w := range words[1 : len(words)-1] {
		if !strings.HasPrefix(w, "-") {
			return // another operand before the path: not this shape
		}
	}
	if symbolicOpens(mode) {
		a.report("TF007", c, "chmod "+mode+" in a shell command opens a temporary path to group or other users")
	}
}

// symbolicOpens reports whether a chmod(1) mode ("755", "go+r", "a=rx")
// grants any group or other permission. A clause without a who ("+x") is
// left alone: its effect depends on the umask.
func symbolicOpens(s string) bool {
	if s == "" {
		return false
	}
	if n, err := strconv.ParseInt(s, 8, 64); err == nil {
		return n&0o077 != 0
	}
	for _, clause := range strings.Split(s, ",") {
		i := 0
		who := ""
		for i < len(clause) && strings.IndexByte("ugoa", clause[i]) >= 0 {
			who += clause[i : i+1]
			i++
		}
		if !strings.ContainsAny(who, "goa") {
			continue
		}
		for i < len(clause) {
			op := clause[i]
			if op != '+' && op != '-' && op != '=' {
				return false
			}
			i++
			j := i
			for j < len(clause) && strings.IndexByte("rwxXstugo", clause[j]) >= 0 {
				j++
			}
			if op != '-' && j > i && strings.ContainsAny(clause[i:j], "rwxXugo") {
				return true
			}
			i = j
		}
	}
	return false
}

var statModes = map[string]int64{
	"S_IRWXU": 0o700, "S_IRUSR": 0o400, "S_IWUSR": 0o200, "S_IXUSR": 0o100,
	"S_IRWXG": 0o070, "S_IRGRP": 0o040, "S_IWGRP": 0o020, "S_IXGRP": 0o010,
	"S_IRWXO": 0o007, "S_IROTH": 0o004, "S_IWOTH": 0o002, "S_IXOTH": 0o001,
	"S_ISUID": 0o4000, "S_ISGID": 0o2000, "S_ISVTX": 0o1000,
	"S_IREAD": 0o400, "S_IWRITE": 0o200, "S_IEXEC": 0o100,
}

// modeOf evaluates a literal permission mode: an integer, stat constants
// combined with | or +, or a name bound to one.
func (a *analyzer) modeOf(e int32) (int64, bool) { return a.modeDepth(e, 0) }

func (a *analyzer) modeDepth(e int32, depth int) (int64, bool) {
	t := a.t
	e = t.unparen(e)
	if e == none || depth > maxDepth {
		return 0, false
	}
	switch t.nodes[e].kind {
	case kInteger:
		return parseInt(t.text(e))
	case kBinaryOp:
		op := t.child(e, fOperator)
		l, lok := a.modeDepth(t.child(e, fLeft), depth+1)
		r, rok := a.modeDepth(t.child(e, fRight), depth+1)
		if !lok || !rok || op == none {
			return 0, false
		}
		switch {
		case t.textIs(op, "|"), t.textIs(op, "+"):
			return l | r, true
		case t.textIs(op, "&"):
			return l & r, true
		}
	case kAttribute, kIdentifier:
		if c := a.canon(e); strings.HasPrefix(c, "stat.") {
			v, ok := statModes[c[len("stat."):]]
			return v, ok
		}
		if t.nodes[e].kind == kIdentifier {
			if b := a.reaching(e); b != nil && b.kind == bAssign {
				return a.modeDepth(b.value, depth+1)
			}
		}
	}
	return 0, false
}

func parseInt(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.ToLower(s), "_", "")
	if len(s) > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9' {
		s = "0o" + s[1:] // Python 2 octal, seen in old code
	}
	n, err := strconv.ParseInt(s, 0, 64)
	return n, err == nil
}
