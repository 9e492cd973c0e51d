package pycheck

import (
	"fmt"
	"strings"
)

// Rules about what is done with an open temporary file: TF005, TF008,
// TF009, TF013.

type writeKind uint8

const (
	wNone   writeKind = iota
	wWrite            // f.write(x)
	wLines            // f.writelines(xs)
	wJSON             // json.dump(obj, f): writes str
	wPrint            // print(..., file=f): writes str
	wBinary           // pickle.dump(obj, f)
	wFD               // os.write(fd, data)
)

// writeOf recognizes a call that writes into a file object or descriptor.
func (m *model) writeOf(c int32) (target int32, values []int32, k writeKind) {
	switch m.callee(c) {
	case "json.dump":
		a := m.args(c)
		return a.arg(1, "fp"), []int32{a.arg(0, "obj")}, wJSON
	case "print":
		a := m.args(c)
		if f := a.arg(-1, "file"); f != none {
			return f, a.pos, wPrint
		}
	case "pprint.pprint", "pprint.PrettyPrinter":
		a := m.args(c)
		if f := a.arg(1, "stream"); f != none {
			return f, []int32{a.arg(0, "object")}, wPrint
		}
	case "traceback.print_exc", "traceback.print_exception", "traceback.print_stack", "traceback.print_tb",
		"traceback.print_last":
		a := m.args(c)
		if f := a.arg(-1, "file"); f != none {
			return f, nil, wPrint
		}
	case "pickle.dump", "marshal.dump":
		a := m.args(c)
		return a.arg(1, "file"), []int32{a.arg(0, "obj")}, wBinary
	case "os.write":
		a := m.args(c)
		return a.arg(0, "fd"), []int32{a.arg(1, "data")}, wFD
	case "":
		name, obj := m.method(c)
		switch name {
		case "write":
			return obj, []int32{m.args(c).arg(0, "")}, wWrite
		case "writelines":
			return obj, []int32{m.args(c).arg(0, "")}, wLines
		}
	}
	return none, nil, wNone
}

var fileClasses = map[string]int{ // the position of mode
	"tempfile.TemporaryFile": 0, "tempfile.NamedTemporaryFile": 0, "tempfile.SpooledTemporaryFile": 1,
}

// binaryMode reports whether a tempfile call opens in binary mode;
// known is false when the mode is computed.
func (m *model) binaryMode(c int32) (binary, known bool) {
	pos, ok := fileClasses[m.callee(c)]
	if !ok {
		return false, false
	}
	a := m.args(c)
	if a.star {
		return false, false
	}
	mode := a.arg(pos, "mode")
	if mode == none {
		return true, true
	}
	sv := m.strOf(mode, 0)
	if !sv.ok || !sv.complete {
		return false, false
	}
	return strings.Contains(sv.s, "b"), true
}

// definitelyStr reports whether an expression certainly evaluates to str.
func (m *model) definitelyStr(e int32, depth int) bool {
	t := m.t
	e = t.unparen(e)
	if e == none || depth > maxDepth {
		return false
	}
	switch t.nodes[e].kind {
	case kString:
		return !m.literal(e).bytes
	case kConcatString:
		if f := t.firstNamed(e); f != none {
			return !m.literal(f).bytes
		}
	case kBinaryOp:
		op := t.child(e, fOperator)
		if op != none && (t.textIs(op, "+") || t.textIs(op, "%")) {
			return m.definitelyStr(t.child(e, fLeft), depth+1)
		}
	case kCall:
		switch m.callee(e) {
		case "str", "repr", "format", "json.dumps":
			return true
		}
		name, obj := m.method(e)
		switch name {
		case "format", "join", "upper", "lower", "strip", "rstrip", "lstrip", "replace", "title", "zfill":
			return m.definitelyStr(obj, depth+1)
		}
	case kIdentifier:
		if b := m.reaching(e); b != nil && b.kind == bAssign {
			return m.definitelyStr(b.value, depth+1)
		}
	}
	return false
}

// binaryStreams are the wrappers that stay binary over the file object
// they are given: where that object is (its position and keyword) and
// where the mode is, with the default mode ("" when the mode must be
// given to count: GzipFile takes the file object's own).
var binaryStreams = map[string]struct {
	filePos          int
	fileKW           string
	modePos          int
	modeKW, defaults string
}{
	"gzip.GzipFile":     {3, "fileobj", 1, "mode", ""},
	"gzip.open":         {0, "filename", 1, "mode", "rb"},
	"bz2.BZ2File":       {0, "filename", 1, "mode", "r"},
	"bz2.open":          {0, "filename", 1, "mode", "rb"},
	"lzma.LZMAFile":     {0, "filename", 1, "mode", "r"},
	"lzma.open":         {0, "filename", 1, "mode", "rb"},
	"io.BufferedWriter": {0, "raw", -1, "", "w"},
	"io.BufferedRandom": {0, "raw", -1, "", "w"},
}

// binaryStreamOver returns the tempfile call behind a binary stream that
// writes into a temporary file (gzip.open(tmp, "wb"), io.BufferedWriter(tmp),
// directly or through the name it is bound to, by assignment or with),
// and the wrapper's name; none when e is not one, or its mode is not
// known to write.
func (a *analyzer) binaryStreamOver(e int32) (int32, string) {
	t := a.t
	e = t.unparen(e)
	if e != none && t.nodes[e].kind == kIdentifier {
		if b := a.reaching(e); b != nil && (b.kind == bAssign || b.kind == bWith) && b.value != none {
			e = t.unparen(b.value)
		}
	}
	if e == none || t.nodes[e].kind != kCall {
		return none, ""
	}
	name := a.callee(e)
	w, ok := binaryStreams[name]
	if !ok {
		return none, ""
	}
	args := a.args(e)
	if args.star {
		return none, ""
	}
	mode := w.defaults
	if w.modePos >= 0 {
		if m := args.arg(w.modePos, w.modeKW); m != none {
			sv := a.strOf(m, 0)
			if !sv.ok || !sv.complete {
				return none, ""
			}
			mode = sv.s
		}
	}
	if strings.Contains(mode, "t") || !strings.ContainsAny(mode, "wax") {
		return none, "" // text, or reading: another matter
	}
	v := a.eval(args.arg(w.filePos, w.fileKW))
	if v.kind != vTempObj || a.mocked(v.origin) {
		return none, ""
	}
	return v.origin, name
}

// TF008: text written into a binary temporary file, directly or through
// a binary stream over it (gzip.open(tmp, "wb")).
func checkStrIntoBinary(a *analyzer) {
	t := a.t
	a.calls(func(c int32) {
		switch name := a.callee(c); name {
		case "csv.writer", "csv.DictWriter":
			// A csv writer writes str: over a binary file every row fails.
			f := a.args(c).arg(0, "f")
			if v := a.eval(f); v.kind == vTempObj && !a.mocked(v.origin) {
				if bin, known := a.binaryMode(v.origin); bin && known {
					a.report("TF008", c, name+" over a temporary file opened in binary mode: writing a row raises TypeError")
				}
			} else if origin, via := a.binaryStreamOver(f); origin != none {
				if bin, known := a.binaryMode(origin); bin && known {
					a.report("TF008", c, name+" over "+via+"() in binary mode over a temporary file: writing a row raises TypeError")
				}
			}
			return
		}
		target, values, k := a.writeOf(c)
		if k == wNone || k == wBinary || k == wFD || target == none {
			return
		}
		into := "a temporary file opened in binary mode"
		origin := none
		if v := a.eval(target); v.kind == vTempObj && !a.mocked(v.origin) {
			origin = v.origin
		} else if o, via := a.binaryStreamOver(target); o != none {
			origin, into = o, via+"() in binary mode over a temporary file"
		}
		if origin == none {
			return
		}
		if bin, known := a.binaryMode(origin); !bin || !known {
			return
		}
		switch k {
		case wJSON:
			a.report("TF008", c, "json.dump writes str into "+into+": TypeError")
		case wPrint:
			a.report("TF008", c, strings.TrimPrefix(a.calleeOrMethod(c), ".")+" writes str into "+into+": TypeError")
		case wWrite:
			if len(values) == 1 && a.definitelyStr(values[0], 0) {
				a.report("TF008", c, "str written into "+binaryModeNote(into)+": TypeError")
			}
		case wLines:
			lst := t.unparen(values[0])
			if lst == none || (t.nodes[lst].kind != kList && t.nodes[lst].kind != kTuple) {
				return
			}
			for _, el := range t.namedChildren(lst, nil) {
				if a.definitelyStr(el, 0) {
					a.report("TF008", c, "str lines written into "+binaryModeNote(into)+": TypeError")
					return
				}
			}
		}
	})
}

// binaryModeNote adds the mode to the plain case's wording, as the
// messages always said: "a temporary file opened in binary mode (w+b)".
func binaryModeNote(into string) string {
	if strings.HasPrefix(into, "a temporary file") {
		return into + " (w+b)"
	}
	return into
}

// harmlessNameUse lists calls that may see a deleted file's name without
// harm: existence checks, printing, logging, string handling, asserts.
func (m *model) harmlessNameUse(c int32) bool {
	n := m.calleeOrMethod(c)
	switch {
	case strings.HasPrefix(n, "logging."), strings.HasPrefix(n, ".assert"), strings.HasPrefix(n, ".fail"):
		return true
	}
	switch n {
	case "print", "repr", "str", "len", "isinstance", "type", "format", "os.fspath", "bytes",
		"os.path.exists", "os.path.lexists", "os.path.isfile", "os.path.isdir", "os.path.islink",
		"os.path.basename", "os.path.dirname", "os.path.split", "os.path.splitext", "os.path.join",
		"os.path.abspath", "os.path.normpath", "os.path.realpath", "os.path.normcase",
		".debug", ".info", ".warning", ".warn", ".error", ".exception", ".critical", ".log", ".format",
		".append", ".add", ".startswith", ".endswith", ".join", ".write", ".extend", ".discard", ".remove",
		"pathlib.Path":
		return true
	}
	return false
}

// nameUse reports whether an expression holding a file name is used to
// reach the file: an argument of a call (not a harmless one), or returned.
func (m *model) nameUse(u int32) bool {
	t := m.t
	cur := u
	for {
		p := t.nodes[cur].parent
		if p == none {
			return false
		}
		switch t.nodes[p].kind {
		case kParenExpr, kList, kTuple, kInterpolation, kString, kConcatString, kBinaryOp, kKeywordArgument:
		case kArgumentList:
			c := t.nodes[p].parent
			if c == none || t.nodes[c].kind != kCall {
				return false
			}
			if m.callee(c) == "pathlib.Path" {
				// Path(f.name).read_text(): follow the path object.
				if pp := t.nodes[c].parent; pp != none && t.nodes[pp].kind == kAttribute && t.nodes[c].field == fObject {
					at := t.child(pp, fAttribute)
					gp := t.nodes[pp].parent
					if at == none || gp == none || t.nodes[gp].kind != kCall || t.nodes[pp].field != fFunction {
						return false // Path(f.name).name, .parent, ...
					}
					switch t.text(at) {
					case "exists", "is_file", "is_dir", "is_symlink", "with_suffix", "with_name", "joinpath",
						"relative_to", "as_posix", "as_uri", "resolve", "absolute":
						return false
					}
					return true
				}
				cur = c
				continue
			}
			return !m.harmlessNameUse(c)
		case kReturnStmt:
			return true
		default:
			return false
		}
		cur = p
	}
}

// TF005: the name of a deleting NamedTemporaryFile used after close or
// after its with block.
func checkUseAfterDelete(a *analyzer) {
	t := a.t
	type obj struct {
		closeDeletes bool
		closes       []int32 // close calls
		withs        []int32 // with statements
		recreates    []int32 // statements that create the name anew, exclusively
		reported     bool
	}
	objs := map[int32]*obj{}
	a.calls(func(c int32) {
		if a.callee(c) != "tempfile.NamedTemporaryFile" || a.mocked(c) {
			return
		}
		args := a.args(c)
		if d := a.kwLiteral(args, -1, "delete"); d != "" && d != "True" {
			return
		}
		o := &obj{closeDeletes: true}
		if a.opts.TargetVersion.atLeast(3, 12) {
			if d := a.kwLiteral(args, -1, "delete_on_close"); d != "" && d != "True" {
				o.closeDeletes = false
			}
		}
		objs[c] = o
	})
	if len(objs) == 0 {
		return
	}
	for i := range t.nodes {
		n := int32(i)
		switch t.nodes[n].kind {
		case kCall:
			if name, ob := a.method(n); name == "close" {
				if v := a.eval(ob); v.kind == vTempObj {
					if o := objs[v.origin]; o != nil && o.closeDeletes && len(o.closes) < 64 {
						o.closes = append(o.closes, n)
					}
				}
			}
		case kWithItem:
			val := t.child(n, fValue)
			if val != none && t.nodes[val].kind == kAsPattern {
				val = t.firstNamed(val)
			}
			if v := a.eval(val); v.kind == vTempObj {
				if o := objs[v.origin]; o != nil && len(o.withs) < 64 {
					ws := a.stmtOf(n)
					if t.nodes[ws].kind == kWithStmt {
						o.withs = append(o.withs, ws)
					}
				}
			}
		}
	}
	for i := range t.nodes {
		u := int32(i)
		k := t.nodes[u].kind
		if k == kAttribute {
			at := t.child(u, fAttribute)
			if at == none || !t.textIs(at, "name") {
				continue
			}
		} else if k != kIdentifier || !a.isCopyRef(u) {
			continue
		}
		v := a.eval(u)
		if v.kind != vTempPath || v.class != "tempfile.NamedTemporaryFile" {
			continue
		}
		o := objs[v.origin]
		if o == nil || o.reported || !a.nameUse(u) {
			continue
		}
		after := a.deletedBefore(o.closes, o.withs, u)
		if after == "" || a.dominatedBy(o.recreates, u) {
			continue
		}
		if a.removesAfter(o.recreates, u) {
			continue // the cleanup of the file made anew
		}
		if a.createsAnew(u) {
			// A fresh path on purpose (a Unix socket's bind): the code
			// wants it free, and a planted file makes the call fail.
			// From here on the name is the new file's.
			if len(o.recreates) < 64 {
				o.recreates = append(o.recreates, a.stmtOf(u))
			}
			continue
		}
		if a.expectsFile(u, v.origin) {
			o.reported = true // once per file object: later uses follow from the first
			a.report("TF005", u, "the NamedTemporaryFile (delete=True) was deleted by "+after+": this name no longer exists")
		}
	}
	// The name reaching a program through a command held in a variable:
	// cmd = ["tool", f.name]; ...; subprocess.run(cmd).
	a.calls(func(e int32) {
		if !isExec(a.callee(e)) {
			return
		}
		al := t.child(e, fArguments)
		if al == none {
			return
		}
		origin := a.namedTempIn(al, 0)
		o := objs[origin]
		if o == nil || o.reported || !o.closeDeletes && len(o.withs) == 0 {
			return
		}
		if after := a.deletedBefore(o.closes, o.withs, e); after != "" && !a.dominatedBy(o.recreates, e) {
			o.reported = true
			a.report("TF005", e, "the NamedTemporaryFile (delete=True) was deleted by "+after+
				": the program is given a name that no longer exists")
		}
	})
}

// deletedBefore says what deleted the file before node u runs ("close()",
// "its with block"), or "".
func (a *analyzer) deletedBefore(closes, withs []int32, u int32) string {
	t := a.t
	after := ""
	for _, c := range closes {
		if a.scopeOf[c] == a.scopeOf[u] && t.nodes[u].start >= t.nodes[c].end && a.dominates(a.stmtOf(c), u) &&
			!t.isAncestor(a.stmtOf(c), u) {
			after = "close()"
		}
	}
	for _, w := range withs {
		if a.scopeOf[w] == a.scopeOf[u] && t.nodes[u].start >= t.nodes[w].end && a.dominates(w, u) {
			after = "its with block"
		}
	}
	return after
}

// dominatedBy reports whether one of the statements stmts, in u's scope,
// runs before u on every path to it.
func (a *analyzer) dominatedBy(stmts []int32, u int32) bool {
	for _, s := range stmts {
		if a.scopeOf[s] == a.scopeOf[u] && a.t.nodes[u].start >= a.t.nodes[s].end && a.dominates(s, u) {
			return true
		}
	}
	return false
}

// removesAfter reports whether the name use u is the path of a removal
// (os.unlink, os.remove, os.rmdir, shutil.rmtree) that follows, in u's
// scope, one of the statements stmts that made the file anew: its cleanup,
// often in a finally clause that the creation does not dominate.
func (a *analyzer) removesAfter(stmts []int32, u int32) bool {
	if len(stmts) == 0 {
		return false
	}
	t := a.t
	p := t.nodes[u].parent
	if p == none || t.nodes[p].kind != kArgumentList || t.firstNamed(p) != u {
		return false
	}
	switch a.callee(t.nodes[p].parent) {
	case "os.unlink", "os.remove", "os.rmdir", "shutil.rmtree":
	default:
		return false
	}
	for _, s := range stmts {
		if a.scopeOf[s] == a.scopeOf[u] && t.nodes[u].start >= t.nodes[s].end {
			return true
		}
	}
	return false
}

// createsAnew reports whether the name use u is the path a call creates
// exclusively (see exclusiveCreate): sock.bind(name), os.mkfifo(name),
// open(name, "x").
func (a *analyzer) createsAnew(u int32) bool {
	t := a.t
	cur := u
	for {
		p := t.nodes[cur].parent
		if p == none {
			return false
		}
		if t.nodes[p].kind == kParenExpr {
			cur = p
			continue
		}
		if t.nodes[p].kind != kArgumentList || t.firstNamed(p) != cur {
			return false
		}
		c := t.nodes[p].parent
		return c != none && t.nodes[c].kind == kCall && a.exclusiveCreate(c) != ""
	}
}

// readCalls read an existing file named by their first argument.
var readCalls = map[string]bool{
	"os.stat": true, "os.lstat": true, "os.chmod": true, "os.chown": true, "os.utime": true, "os.truncate": true,
	"shutil.copy": true, "shutil.copy2": true, "shutil.copyfile": true, "shutil.copystat": true, "shutil.move": true,
	"os.rename": true, "os.replace": true, "os.path.getsize": true, "os.path.getmtime": true, "os.listdir": true,
	"json.load": true, "pickle.load": true, "sqlite3.connect": true, "tarfile.open": true, "zipfile.ZipFile": true,
	"gzip.open": true, "bz2.open": true, "lzma.open": true, "shelve.open": true, "dbm.open": true,
	"os.unlink": true, "os.remove": true, "imp.load_source": true, "runpy.run_path": true, "compile": true,
	"importlib.util.spec_from_file_location": true,
}

// expectsFile reports whether the use u of a deleted file's name expects
// the file to be there: it reads or opens it, hands it to a program, or
// creates it again outside a private directory through a call that
// follows what it finds there. A name used on purpose as a path that does
// not exist (a test of a missing file, a fresh path inside a temporary
// directory that is removed later, a call that creates it exclusively,
// such as a Unix socket's bind) is not a finding.
func (a *analyzer) expectsFile(u, origin int32) bool {
	t := a.t
	private := a.dirManaged(origin)
	cur := u
	for {
		p := t.nodes[cur].parent
		if p == none {
			return false
		}
		switch t.nodes[p].kind {
		case kParenExpr, kList, kTuple, kInterpolation, kString, kConcatString, kBinaryOp, kKeywordArgument:
			cur = p
			continue
		case kReturnStmt:
			return !private && !a.missingOnPurpose(u)
		case kArgumentList:
		default:
			return false
		}
		c := t.nodes[p].parent
		if c == none || t.nodes[c].kind != kCall {
			return false
		}
		name := a.callee(c)
		if isExec(name) || readCalls[name] {
			return true
		}
		if name == "pathlib.Path" {
			cur = c
			if pp := t.nodes[c].parent; pp != none && t.nodes[pp].kind == kAttribute {
				if at := t.child(pp, fAttribute); at != none && strings.HasPrefix(t.text(at), "read_") {
					return true
				}
			}
			return !private && !a.missingOnPurpose(u)
		}
		if name == "open" || name == "io.open" || name == "codecs.open" || name == "os.open" {
			if mode, known := a.openMode(c); known && !strings.ContainsAny(mode, "wax+") {
				return true // reading
			}
			return !private // creating it again: mktemp's race outside a private directory
		}
		if meth, _ := a.method(c); meth == "bind" || meth == "connect" {
			return !private
		}
		return !private && !a.missingOnPurpose(u)
	}
}

// openMode returns the literal mode of an open() call ("r" when absent).
func (a *analyzer) openMode(c int32) (string, bool) {
	args := a.args(c)
	if a.callee(c) == "os.open" {
		return "", false
	}
	m := args.arg(1, "mode")
	if m == none {
		return "r", !args.star
	}
	sv := a.strOf(m, 0)
	return sv.s, sv.ok && sv.complete
}

// missingWords in a function's name or body say that a missing file is
// what the code wants (test_file_not_found, assertRaises(FileNotFoundError)).
var missingWords = []string{"missing", "not_found", "notfound", "nonexist", "non_exist", "not_exist", "notexist",
	"no_such", "nosuch", "doesnt_exist", "does_not_exist", "absent", "FileNotFoundError", "ENOENT", "No such file"}

// missingOnPurpose reports whether the function around u is about a file
// that does not exist.
func (a *analyzer) missingOnPurpose(u int32) bool {
	t := a.t
	for p := t.nodes[u].parent; p != none; p = t.nodes[p].parent {
		if t.nodes[p].kind != kFunctionDef {
			continue
		}
		if v, ok := a.missingMem[p]; ok {
			return v
		}
		txt := t.text(p)
		low := strings.ToLower(txt)
		found := false
		for _, w := range missingWords {
			if strings.Contains(txt, w) || strings.Contains(low, strings.ToLower(w)) {
				found = true
				break
			}
		}
		if a.missingMem == nil {
			a.missingMem = map[int32]bool{}
		}
		a.missingMem[p] = found
		return found
	}
	return false
}

// isCopyRef reports whether an identifier is a load of a name bound by a
// plain assignment (a possible copy of f.name).
func (m *model) isCopyRef(u int32) bool {
	b := m.reaching(u)
	return b != nil && b.kind == bAssign && b.name != u
}

var execCalls = map[string]bool{
	"subprocess.run": true, "subprocess.call": true, "subprocess.check_call": true, "subprocess.check_output": true,
	"subprocess.Popen": true, "subprocess.getoutput": true, "subprocess.getstatusoutput": true,
	"os.system": true, "os.popen": true, "os.posix_spawn": true, "os.posix_spawnp": true,
	"asyncio.create_subprocess_exec": true, "asyncio.create_subprocess_shell": true,
}

func isExec(name string) bool {
	return execCalls[name] || strings.HasPrefix(name, "os.exec") || strings.HasPrefix(name, "os.spawn")
}

// TF009: a temp file written, then its name given to another program
// with no flush, seek or close between.
func checkUnflushed(a *analyzer) {
	t := a.t
	// Writes and flushes per file object, in source order (at most 256
	// of each: generated code must not make this quadratic).
	writes, flushes := map[int32][]int32{}, map[int32][]int32{}
	add := func(m map[int32][]int32, origin, c int32) {
		if len(m[origin]) < 256 {
			m[origin] = append(m[origin], c)
		}
	}
	a.calls(func(c int32) {
		if target, _, k := a.writeOf(c); k != wNone && k != wFD && target != none {
			if v := a.eval(target); v.kind == vTempObj && v.class == "tempfile.NamedTemporaryFile" {
				add(writes, v.origin, c)
			}
			return
		}
		name, ob := a.method(c)
		switch name {
		case "flush", "close", "seek", "truncate", "__exit__":
		default:
			return
		}
		if ob != none && t.nodes[ob].kind == kAttribute {
			if at := t.child(ob, fAttribute); at != none && t.textIs(at, "file") {
				ob = t.child(ob, fObject)
			}
		}
		if v := a.eval(ob); v.kind == vTempObj {
			add(flushes, v.origin, c)
		}
	})
	if len(writes) == 0 {
		return
	}
	links := a.tempLinks()
	a.calls(func(e int32) {
		if !isExec(a.callee(e)) {
			return
		}
		al := t.child(e, fArguments)
		if al == none {
			return
		}
		origin, via := a.namedTempIn(al, 0), none
		if origin == none && len(links) > 0 {
			origin, via = a.linkIn(al, links, e, 0)
		}
		if origin == none || a.mocked(origin) {
			return
		}
		if a.args(origin).arg(1, "buffering") != none {
			return
		}
		last := none
		for _, w := range writes[origin] {
			if a.scopeOf[w] == a.scopeOf[e] && t.nodes[w].end <= t.nodes[e].start {
				last = w
			}
		}
		if last == none {
			return
		}
		for _, f := range flushes[origin] {
			if t.nodes[f].start >= t.nodes[last].end && t.nodes[f].end <= t.nodes[e].start {
				return
			}
		}
		// A with block of the file that ends between the write and the
		// call closed it (that is TF005's business).
		for p := t.nodes[last].parent; p != none; p = t.nodes[p].parent {
			if t.nodes[p].kind == kWithStmt && !t.isAncestor(p, e) {
				return
			}
		}
		if via != none {
			// Written before the link was made or after: the data was
			// not flushed before the call either way.
			a.report("TF009", e, fmt.Sprintf("another program reads the temporary file, through the link made at line %d, before the buffered data was flushed", a.lineOf(via)))
			return
		}
		a.report("TF009", e, "")
	})
}

// A tempLink is a link made to a temporary file's name: the creating
// call of the file, and the call that made the link.
type tempLink struct{ origin, call int32 }

// tempLinks finds the links made to a NamedTemporaryFile's name
// (os.symlink(f.name, link), os.link, pathlib.Path(link).symlink_to(f.name),
// link.symlink_to, hardlink_to), by the binding of the name that holds
// the link.
func (a *analyzer) tempLinks() map[*binding]tempLink {
	t := a.t
	var links map[*binding]tempLink
	a.calls(func(c int32) {
		src, dst := none, none
		switch a.callee(c) {
		case "os.symlink", "os.link":
			args := a.args(c)
			src, dst = args.arg(0, "src"), args.arg(1, "dst")
		default:
			name, ob := a.method(c)
			if name != "symlink_to" && name != "hardlink_to" || ob == none {
				return
			}
			src, dst = a.args(c).arg(0, "target"), t.unparen(ob)
			if t.nodes[dst].kind == kCall && a.callee(dst) == "pathlib.Path" {
				dst = a.args(dst).arg(0, "")
			}
		}
		dst = t.unparen(dst)
		if src == none || dst == none || t.nodes[dst].kind != kIdentifier {
			return
		}
		v := a.eval(src)
		if v.kind != vTempPath || v.class != "tempfile.NamedTemporaryFile" {
			return
		}
		if b := a.bindingOf(dst); b != nil {
			if links == nil {
				links = map[*binding]tempLink{}
			}
			links[b] = tempLink{v.origin, c}
		}
	})
	return links
}

// bindingOf returns the binding that reaches the name use i, or the
// parameter of that name when the function never rebinds it.
func (a *analyzer) bindingOf(i int32) *binding {
	if b := a.reaching(i); b != nil {
		return b
	}
	s, bs, ok := a.lookup(a.t.text(i), i)
	if ok && s == a.scopeOf[i] && len(bs) == 1 && bs[0].kind == bParam {
		return bs[0]
	}
	return nil
}

// linkIn finds, in the expression rooted at root (the arguments of the
// call e), a name holding a link to a temporary file made before e, also
// through a local variable that holds the command. It returns the
// file's creating call and the call that made the link, or none.
func (a *analyzer) linkIn(root int32, links map[*binding]tempLink, e int32, depth int) (int32, int32) {
	t := a.t
	for i := root; i < t.nodes[root].stop; i++ {
		switch t.nodes[i].kind {
		case kLambda, kFunctionDef:
			i = t.nodes[i].stop - 1
		case kIdentifier:
			if t.nodes[i].field == fAttribute {
				continue
			}
			b := a.bindingOf(i)
			if b == nil {
				continue
			}
			if l, ok := links[b]; ok && a.scopeOf[l.call] == a.scopeOf[e] && t.nodes[l.call].end <= t.nodes[e].start {
				return l.origin, l.call
			}
			if depth == 0 && b.kind == bAssign && b.value != none {
				switch t.nodes[b.value].kind {
				case kList, kTuple, kBinaryOp, kString, kConcatString:
					if o, via := a.linkIn(b.value, links, e, depth+1); o != none {
						return o, via
					}
				}
			}
		}
	}
	return none, none
}

// namedTempIn finds, in the expression rooted at root, the name of a
// NamedTemporaryFile (f.name or a copy of it), also through a local
// variable that holds the command (cmd = ["tool", f.name]; run(cmd)).
// It returns the creating call, or none.
func (a *analyzer) namedTempIn(root int32, depth int) int32 {
	t := a.t
	for i := root; i < t.nodes[root].stop; i++ {
		switch t.nodes[i].kind {
		case kLambda, kFunctionDef:
			i = t.nodes[i].stop - 1
		case kAttribute, kIdentifier:
			if t.nodes[i].kind == kIdentifier && t.nodes[i].field == fAttribute {
				continue
			}
			if v := a.eval(i); v.kind == vTempPath && v.class == "tempfile.NamedTemporaryFile" {
				return v.origin
			}
			if t.nodes[i].kind != kIdentifier || depth > 0 {
				continue
			}
			if b := a.reaching(i); b != nil && b.kind == bAssign && b.value != none {
				switch t.nodes[b.value].kind {
				case kList, kTuple, kBinaryOp, kString, kConcatString:
					if o := a.namedTempIn(b.value, depth+1); o != none {
						return o
					}
				}
			}
		}
	}
	return none
}

// TF013: a secret written into a temporary file.
func checkSensitive(a *analyzer) {
	a.calls(func(c int32) {
		target, values, k := a.writeOf(c)
		if k == wNone || target == none {
			return
		}
		v := a.eval(target)
		switch {
		case k == wFD && v.kind == vFD:
		case k != wFD && (v.kind == vTempHandle || (v.kind == vTempObj && v.class != "tempfile.TemporaryDirectory")):
		default:
			return
		}
		for _, val := range values {
			if name := a.sensitive(val, 0); name != "" {
				a.report("TF013", c, "the secret "+name+" is written in plain text to a temporary file")
				return
			}
		}
	})
}

// sensitive returns the identifier that makes a value look like a secret.
func (m *model) sensitive(e int32, depth int) string {
	t := m.t
	e = t.unparen(e)
	if e == none || depth > maxDepth {
		return ""
	}
	switch t.nodes[e].kind {
	case kIdentifier:
		if n := t.text(e); secretName(n) {
			return n
		}
	case kAttribute:
		if at := t.child(e, fAttribute); at != none && secretName(t.text(at)) {
			return t.text(e)
		}
	case kSubscript:
		if sv := m.strOf(t.child(e, fSubscript), depth+1); sv.complete && secretName(sv.s) {
			return t.text(e)
		}
	case kCall:
		name, obj := m.method(e)
		switch name {
		case "encode", "strip", "decode":
			return m.sensitive(obj, depth+1)
		}
		switch m.callee(e) {
		case "str", "bytes", "json.dumps":
			return m.sensitive(m.args(e).arg(0, ""), depth+1)
		}
	case kString:
		for c := t.firstChild(e); c != none; c = t.nodes[c].next {
			if t.nodes[c].kind == kInterpolation {
				if s := m.sensitive(t.firstNamed(c), depth+1); s != "" {
					return s
				}
			}
		}
	case kBinaryOp:
		if s := m.sensitive(t.child(e, fLeft), depth+1); s != "" {
			return s
		}
		return m.sensitive(t.child(e, fRight), depth+1)
	case kDictionary:
		// {"api_token": ...} dumped as JSON: the key says what the value is.
		for p := t.firstNamed(e); p != none; p = t.nodes[p].next {
			if t.nodes[p].kind != kPair {
				continue
			}
			if k := t.child(p, fKey); k != none {
				if sv := m.strOf(k, depth+1); sv.complete && secretName(sv.s) {
					return sv.s
				}
				if s := m.sensitive(t.child(p, fValue), depth+1); s != "" {
					return s
				}
			}
		}
	}
	if t.nodes[e].kind == kString || t.nodes[e].kind == kConcatString {
		if sv := m.strOf(e, depth+1); strings.Contains(sv.s, "-----BEGIN") && strings.Contains(sv.s, "PRIVATE KEY") {
			return "a PEM private key"
		}
	}
	if t.nodes[e].kind == kIdentifier {
		if b := m.reaching(e); b != nil && b.kind == bAssign && b.value != none {
			switch t.nodes[t.unparen(b.value)].kind {
			case kDictionary, kString, kConcatString, kSubscript:
				return m.sensitive(b.value, depth+1)
			}
		}
	}
	return ""
}

// secretName reports whether an identifier names a secret: its last word
// (or last two) is password, secret, token, api_key, ... Words come from
// snake_case and camelCase.
func secretName(id string) bool {
	words := splitWords(id)
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	switch last {
	case "data", "value", "text", "str", "bytes", "raw", "plain", "b64", "hex", "encoded", "bin":
		if len(words) > 1 {
			return secretName(strings.Join(words[:len(words)-1], "_"))
		}
	}
	switch last {
	case "password", "passwd", "passphrase", "secret", "secrets", "token", "apikey", "privatekey",
		"creditcard", "ssn", "pwd", "passwords":
		if last == "pwd" && len(words) == 1 {
			return false // the pwd module, a working directory
		}
		return true
	}
	if len(words) >= 2 {
		switch words[len(words)-2] + "_" + last {
		case "api_key", "private_key", "credit_card", "secret_key", "access_key", "card_number", "signing_key":
			return true
		}
	}
	return false
}

func splitWords(id string) []string {
	var words []string
	var cur []byte
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i := 0; i < len(id); i++ {
		ch := id[i]
		switch {
		case ch == '_' || ch == '-' || ch == ' ' || ch == '.':
			flush()
		case ch >= 'A' && ch <= 'Z':
			if i > 0 && id[i-1] >= 'a' && id[i-1] <= 'z' {
				flush()
			}
			cur = append(cur, ch)
		default:
			cur = append(cur, ch)
		}
	}
	flush()
	return words
}
