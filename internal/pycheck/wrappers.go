package pycheck

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// A project often wraps tempfile and subprocess in functions of its own
// (utils.NamedTempFile(delete=False), module.run_command(cmd)). The rules
// judge a call of such a wrapper like a call of what it wraps, once the
// wrappers are learned: LearnWrappers reads one file, LearnWrapperFiles
// reads all the files of a run, before any is checked, and the result
// goes into [Options].Wrappers.

// wrapTargets are the calls whose wrappers are learned, by the name they
// are spelled with in the wrapper's body.
var wrapTargets = []struct{ spelled, canon string }{
	{"NamedTemporaryFile(", "tempfile.NamedTemporaryFile"},
	{"SpooledTemporaryFile(", "tempfile.SpooledTemporaryFile"},
	{"TemporaryDirectory(", "tempfile.TemporaryDirectory"},
	{"TemporaryFile(", "tempfile.TemporaryFile"},
	{"mkstemp(", "tempfile.mkstemp"},
	{"mkdtemp(", "tempfile.mkdtemp"},
	{"subprocess.run(", "subprocess.run"},
	{"subprocess.call(", "subprocess.call"},
	{"subprocess.check_call(", "subprocess.check_call"},
	{"subprocess.check_output(", "subprocess.check_output"},
	{"subprocess.Popen(", "subprocess.Popen"},
	// Functions that return a random name: a path built with one is not
	// predictable (TF002 then says low risk).
	{"random.choice", "random"},
	{"random.randint(", "random"},
	{"random.sample(", "random"},
}

// genericNames are too common to stand for one wrapper across a project.
var genericNames = map[string]bool{
	"run": true, "call": true, "open": true, "main": true, "get": true, "make": true, "create": true,
	"__init__": true, "__enter__": true, "__call__": true, "__new__": true, "setUp": true, "wrapper": true,
	"inner": true, "execute": true, "start": true, "spawn": true, "invoke": true, "_run": true, "_call": true,
}

// LearnWrappers returns the functions defined in one Python source that
// wrap tempfile's constructors or subprocess's calls, by function name
// ("NamedTempFile" for a module-level function, ".run_command" for a
// method):
// a tempfile wrapper returns (or yields) the object it creates; a
// subprocess wrapper passes one of its parameters to the call. The value
// is the canonical name of what the function wraps
// ("tempfile.NamedTemporaryFile", "subprocess.run"). It reads the text
// only (no parse), so it costs little and never fails.
func LearnWrappers(src []byte) map[string]string {
	return learnWrappers(src, bytes.Contains(src, []byte("pfile")))
}

// learnWrappers is LearnWrappers with the "pfile" probe already made
// (Prescan shares it with the pre-filter).
func learnWrappers(src []byte, pfile bool) map[string]string {
	// Few passes over the text: most files mention none of the modules.
	// The probes start at a rarer byte than the module names do ("pfile"
	// for "tempfile"): bytes.Index skips ahead by its first byte.
	var anchors []string
	if pfile {
		anchors = append(anchors, "Temporary", "mkstemp(", "mkdtemp(")
	}
	if bytes.Contains(src, []byte("bprocess.")) {
		anchors = append(anchors, "subprocess.")
	}
	if bytes.Contains(src, []byte("ndom.")) {
		anchors = append(anchors, "random.")
	}
	var out map[string]string
	if bytes.Contains(src, []byte("FileHandler")) {
		out = learnHandlers(src)
	}
	if len(anchors) == 0 && out == nil {
		return nil
	}
	// Driven by the calls: for each call of a wrapped function, the def
	// around it (found by indentation, scanning back) is read once.
	seen := map[int]bool{}
	for _, anchor := range anchors {
		sp := []byte(anchor)
		for off := 0; ; {
			k := bytes.Index(src[off:], sp)
			if k < 0 {
				break
			}
			at := off + k
			off = at + len(sp)
			def := enclosingDef(src, at)
			if def < 0 || seen[def] {
				continue
			}
			seen[def] = true
			name, v := learnDef(src, def)
			if name == "" || v == "" {
				continue
			}
			if out == nil {
				out = map[string]string{}
			}
			if old, ok := out[name]; ok && old != v {
				out[name] = "" // two meanings in one file: neither
				continue
			}
			out[name] = v
		}
	}
	for k, v := range out {
		if v == "" {
			delete(out, k)
		}
	}
	return out
}

// handlerBases are logging's file handlers, by their class name.
var handlerBases = map[string]string{
	"FileHandler":              "logging.FileHandler",
	"RotatingFileHandler":      "logging.handlers.RotatingFileHandler",
	"TimedRotatingFileHandler": "logging.handlers.TimedRotatingFileHandler",
	"WatchedFileHandler":       "logging.handlers.WatchedFileHandler",
}

// learnHandlers returns the module-level classes of src that derive from
// one of logging's file handlers (class AppLog(logging.FileHandler)), by
// class name, valued with the handler's canonical name: a call of such a
// class opens its first argument like the handler does. The base must be
// spelled through logging (logging.FileHandler, handlers.X) or imported
// from it by name (urllib.request has a FileHandler too), and a class
// whose __init__ does not take the file name first is not learned: its
// arguments mean something else.
func learnHandlers(src []byte) map[string]string {
	var out map[string]string
	for off := 0; ; {
		k := bytes.Index(src[off:], []byte("class "))
		if k < 0 {
			return out
		}
		at := off + k
		off = at + len("class ")
		if at > 0 && src[at-1] != '\n' {
			continue // not at the start of a line: nested, or inside text
		}
		line := src[at:]
		if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		open, close := bytes.IndexByte(line, '('), bytes.LastIndexByte(line, ')')
		if open < 0 || close < open || !bytes.Contains(line, []byte("FileHandler")) {
			continue
		}
		name := string(bytes.TrimSpace(line[len("class "):open]))
		base := ""
		for _, b := range strings.Split(string(line[open+1:close]), ",") {
			b = strings.TrimSpace(b)
			last := b[strings.LastIndexByte(b, '.')+1:]
			canon, ok := handlerBases[last]
			if !ok {
				continue
			}
			switch {
			case strings.HasPrefix(b, "logging."), strings.HasPrefix(b, "handlers."):
				base = canon
			case b == last && importsFromLogging(src, last):
				base = canon
			}
		}
		if base == "" || name == "" || !isIdentString(name) || !initTakesFilename(src, at+len(line)) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		if old, ok := out[name]; ok && old != base {
			out[name] = "" // two meanings in one file: neither (dropped by the caller)
			continue
		}
		out[name] = base
	}
}

// importsFromLogging reports whether src imports name from logging or
// logging.handlers (from logging.handlers import RotatingFileHandler).
func importsFromLogging(src []byte, name string) bool {
	for off := 0; ; {
		k := bytes.Index(src[off:], []byte("from logging"))
		if k < 0 {
			return false
		}
		at := off + k
		off = at + 1
		line := src[at:]
		if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		if imp := bytes.Index(line, []byte(" import ")); imp > 0 && containsWord(string(line[imp:]), name) {
			return true
		}
	}
}

// initTakesFilename reports whether the class body that starts at offset
// body either defines no __init__ or one whose first parameter after self
// is filename (the handlers' own first parameter).
func initTakesFilename(src []byte, body int) bool {
	for pos := body + 1; pos < len(src); {
		start := pos
		var l []byte
		l, pos = lineFrom(src, pos)
		t := bytes.TrimLeft(l, " \t")
		if len(bytes.TrimSpace(t)) == 0 || t[0] == '#' {
			continue
		}
		if len(l) == len(t) {
			return true // the class ended
		}
		if bytes.HasPrefix(t, []byte("def __init__(")) {
			sig := string(t)
			if k := bytes.IndexByte(src[start:], ')'); k >= 0 {
				sig = string(bytes.TrimLeft(src[start:start+k+1], " \t"))
			}
			ps := sigParams(sig)
			return len(ps) >= 2 && ps[1] == "filename"
		}
	}
	return true
}

func isIdentString(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isIdent(s[i]) {
			return false
		}
	}
	return s != "" && (s[0] < '0' || s[0] > '9')
}

// lineAt returns the start of the line holding offset i and its indent.
func lineAt(src []byte, i int) (start, indent int) {
	start = bytes.LastIndexByte(src[:i], '\n') + 1
	for indent = 0; start+indent < len(src) && (src[start+indent] == ' ' || src[start+indent] == '\t'); indent++ {
	}
	return start, indent
}

// enclosingDef returns the offset of the line of the def whose body holds
// offset at, or -1.
func enclosingDef(src []byte, at int) int {
	start, limit := lineAt(src, at)
	if limit == 0 {
		return -1 // module level
	}
	// A wrapper is short: a def further up than its body limit (200
	// lines) is not learned, so the scan stops there (generated code with
	// thousands of calls must not make this quadratic).
	for n := 0; start > 0 && n < 200; n++ {
		prev, ind := lineAt(src, start-1)
		start = prev
		rest := src[prev+ind:]
		if len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r' || rest[0] == '#' || ind >= limit {
			continue
		}
		if bytes.HasPrefix(rest, []byte("def ")) || bytes.HasPrefix(rest, []byte("async def ")) {
			return prev
		}
		if ind == 0 {
			return -1
		}
		limit = ind
	}
	return -1
}

// learnDef reads the def starting at line offset def and returns its
// name (".name" for a method or nested function) and what it wraps.
func learnDef(src []byte, def int) (string, string) {
	_, indent := lineAt(src, def)
	line := src[def+indent:]
	if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
		line = line[:nl]
	}
	trimmed := string(line)
	rest := trimmed[strings.Index(trimmed, "def ")+4:]
	open := strings.IndexByte(rest, '(')
	if open <= 0 {
		return "", ""
	}
	name := strings.TrimSpace(rest[:open])
	if len(name) < 5 || genericNames[name] || strings.HasPrefix(name, "test") {
		return "", ""
	}
	if indent > 0 {
		name = "." + name // a method (or a nested function): matched by its name
	}
	// The signature may span lines; the body is what follows, more
	// indented than the def.
	var sig, body strings.Builder
	pos := def
	for n := 0; pos < len(src) && n < 20; n++ {
		var l []byte
		l, pos = lineFrom(src, pos)
		sig.Write(l)
		code := l
		if h := bytes.IndexByte(code, '#'); h >= 0 {
			code = code[:h]
		}
		if bytes.HasSuffix(bytes.TrimRight(code, " \t\r"), []byte(":")) {
			break
		}
	}
	for n := 0; pos < len(src) && n < 200; n++ {
		var l []byte
		l, pos = lineFrom(src, pos)
		t := bytes.TrimLeft(l, " \t")
		if len(bytes.TrimSpace(t)) == 0 || t[0] == '#' {
			continue
		}
		if len(l)-len(t) <= indent {
			break
		}
		body.Write(l)
		body.WriteByte('\n')
	}
	return name, wrapped(sig.String(), body.String())
}

// wrapped says what a function body wraps, or "".
func wrapped(sig, body string) string {
	for _, w := range wrapTargets {
		at := strings.Index(body, w.spelled)
		if at < 0 {
			continue
		}
		if w.canon == "random" {
			if strings.Contains(body, "return ") {
				return w.canon
			}
			continue
		}
		if strings.HasPrefix(w.canon, "subprocess.") {
			// The wrapper must pass something of its own to the call.
			args := body[at+len(w.spelled):]
			if k := strings.IndexByte(args, '\n'); k >= 0 && !strings.HasSuffix(strings.TrimSpace(args[:k]), ",") {
				args = args[:k]
			}
			for _, p := range sigParams(sig) {
				if p != "self" && p != "cls" && containsWord(args, p) {
					return w.canon
				}
			}
			continue
		}
		// The object must be returned, directly or through the name it
		// was bound to, and nothing else may take care of it: a wrapper
		// that yields (a context manager) or registers the removal
		// (self.tempdirs.append(d), addCleanup) manages what it makes.
		low := strings.ToLower(body)
		managed := false
		for _, word := range []string{"yield", "append(", "addcleanup", "register", "rmtree", "atexit", "cleanup",
			"remove", "unlink", "finaliz", "callback", "enter_context", "entercontext"} {
			if strings.Contains(low, word) {
				managed = true
			}
		}
		if managed {
			continue
		}
		lineStart := strings.LastIndexByte(body[:at], '\n') + 1
		stmt := strings.TrimSpace(body[lineStart:at])
		if strings.HasPrefix(stmt, "return ") || stmt == "return" {
			return w.canon
		}
		if eq := strings.Index(stmt, "="); eq > 0 && !strings.ContainsAny(stmt[:eq], "([.") {
			v := strings.TrimSpace(stmt[:eq])
			for _, l := range strings.Split(body, "\n") {
				if strings.TrimSpace(l) == "return "+v {
					return w.canon
				}
			}
		}
	}
	return ""
}

// sigParams returns the parameter names of a def line (roughly).
func sigParams(sig string) []string {
	open, close := strings.IndexByte(sig, '('), strings.LastIndexByte(sig, ')')
	if open < 0 || close < open {
		return nil
	}
	var out []string
	for _, p := range strings.Split(sig[open+1:close], ",") {
		p = strings.TrimLeft(strings.TrimSpace(p), "*")
		if k := strings.IndexAny(p, ":= "); k >= 0 {
			p = p[:k]
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func containsWord(s, w string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		before := i == 0 || !isIdent(s[i-1])
		after := i+len(w) >= len(s) || !isIdent(s[i+len(w)])
		if before && after {
			return true
		}
		off = i + len(w)
	}
}

func isIdent(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// LearnWrapperFiles reads the files (in parallel; unreadable ones and
// those larger than maxSize bytes are skipped, their diagnostics come
// from the check itself) and merges what LearnWrappers finds in each, as
// [MergeWrappers] does. A caller that reads the files anyway (tmpguard
// check) uses [Prescan] on each and MergeWrappers instead, so that each
// file is read once.
func LearnWrapperFiles(paths []string, maxSize int64) map[string]string {
	results := make([]map[string]string, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(paths), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 0, 64<<10)
			for i := range next {
				// The run's walk has kept regular files only; a file over
				// maxSize is left to the check's own diagnostic.
				f, err := os.Open(paths[i])
				if err != nil {
					continue
				}
				data, err := readAll(f, buf[:0], maxSize)
				f.Close()
				if err == nil {
					results[i] = LearnWrappers(data)
				}
				buf = data // reused: the learned names are copies
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return MergeWrappers(paths, results)
}

// MergeWrappers merges the wrappers learned from each file of a project
// (learned[i] from the file named paths[i], by [LearnWrappers] or
// [Prescan]) into the map [Options].Wrappers takes: a function becomes
// "module.func", the module named after its file; a method stays
// ".method". A name that wraps different things in different files is
// dropped.
func MergeWrappers(paths []string, learned []map[string]string) map[string]string {
	out := map[string]string{}
	conflict := map[string]bool{}
	for i, r := range learned {
		keys := make([]string, 0, len(r))
		for k := range r {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		stem := ""
		for _, k := range keys {
			v := r[k]
			if !strings.HasPrefix(k, ".") {
				if stem == "" {
					stem = moduleStem(paths[i])
				}
				k = stem + "." + k // a function: matched through its module
			}
			if old, ok := out[k]; ok && old != v {
				conflict[k] = true
			}
			out[k] = v
		}
	}
	for k := range conflict {
		delete(out, k)
	}
	return out
}

// moduleStem returns the module name a file is imported by: its base name
// without .py, or its directory's name for an __init__.py.
func moduleStem(path string) string {
	base := filepath.Base(path)
	if base == "__init__.py" {
		return filepath.Base(filepath.Dir(path))
	}
	return strings.TrimSuffix(base, ".py")
}

// errTooBig stops reading a file larger than the run's limit.
var errTooBig = errors.New("file larger than the limit")

// readAll reads f to its end into buf, or fails with errTooBig past max
// bytes (max <= 0: no limit).
func readAll(f *os.File, buf []byte, max int64) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if max > 0 && int64(len(buf)) > max {
			return buf, errTooBig
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// wrapperOf returns what a call of a project function wraps: a function
// imported from the module that defines it (utils.NamedTempFile(),
// from utils import NamedTempFile), a function of the same file, or a
// method whose name says what it wraps (module.run_command(),
// self.make_temp_file()). canon is the call's canonical name.
func (m *model) wrapperOf(call int32, canon string) string {
	if len(m.opts.Wrappers) == 0 {
		if canon != "" {
			return ""
		}
		if m.localWrappers == nil {
			m.localWrappers = LearnWrappers(m.t.src)
			if m.localWrappers == nil {
				m.localWrappers = map[string]string{}
			}
		}
		if len(m.localWrappers) == 0 {
			return "" // nothing to find: no allocation per call
		}
	}
	if canon != "" {
		first, last := canon, ""
		if i := strings.IndexByte(canon, '.'); i > 0 {
			first = canon[:i]
		}
		if stdModules[first] || builtinNames[canon] {
			return ""
		}
		canon = strings.TrimLeft(canon, ".")
		if i := strings.LastIndexByte(canon, '.'); i > 0 {
			// The module's last name and the function: a substring, no copy.
			last = canon[strings.LastIndexByte(canon[:i], '.')+1:]
		}
		return m.opts.Wrappers[last]
	}
	name := m.lastName(call) // only now: a copy per call
	fn := m.t.unparen(m.t.child(call, fFunction))
	if fn != none && m.t.nodes[fn].kind == kIdentifier {
		// A function of this file: learned from the file itself.
		if _, bs, ok := m.lookup(name, fn); ok && len(bs) == 1 && bs[0].kind == bDef {
			if m.localWrappers == nil {
				m.localWrappers = LearnWrappers(m.t.src)
				if m.localWrappers == nil {
					m.localWrappers = map[string]string{}
				}
			}
			return m.localWrappers[name]
		}
		return ""
	}
	if len(m.opts.Wrappers) == 0 {
		return ""
	}
	w := m.opts.Wrappers["."+name]
	if w == "" {
		return ""
	}
	if tellingMethod(name) {
		return w
	}
	return ""
}

// tellingMethod reports whether a method's name says that it wraps
// tempfile or a program (make_temp_file, run_command): only such methods
// are matched by name alone.
func tellingMethod(name string) bool {
	low := strings.ToLower(name)
	for _, word := range []string{"temp", "tmp", "command", "subprocess", "popen", "exec", "shell", "spawn"} {
		if strings.Contains(low, word) {
			return true
		}
	}
	return false
}

// stdModules are modules whose functions are never a project's wrappers.
var stdModules = map[string]bool{
	"tempfile": true, "os": true, "subprocess": true, "shutil": true, "pathlib": true, "io": true, "json": true,
	"pickle": true, "sys": true, "logging": true, "tarfile": true, "zipfile": true, "gzip": true, "bz2": true,
	"lzma": true, "shelve": true, "dbm": true, "sqlite3": true, "codecs": true, "asyncio": true, "atexit": true,
	"functools": true, "contextlib": true, "unittest": true, "pytest": true, "stat": true, "time": true,
	"datetime": true, "hashlib": true, "getpass": true, "socket": true, "platform": true, "glob": true,
}

// lineFrom returns the line of src that starts at pos, without its
// newline, and the offset of the next one.
func lineFrom(src []byte, pos int) (line []byte, next int) {
	end := bytes.IndexByte(src[pos:], '\n')
	if end < 0 {
		end = len(src) - pos
	}
	return src[pos : pos+end], pos + end + 1
}
