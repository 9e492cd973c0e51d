package pycheck

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// raw is a finding before positions and suppressions.
type raw struct {
	rule string
	node int32
	msg  string // "" means the rule's Summary
}

type analyzer struct {
	*model
	out       []raw
	helperMem map[int32][]helperParam
}

func (a *analyzer) report(id string, n int32, msg string) {
	a.out = append(a.out, raw{rule: id, node: n, msg: msg})
}

// ruleFuncs run in catalog order; each reads the shared model.
var ruleFuncs = []func(*analyzer){
	checkMktemp,
	checkHardcoded,
	checkHelperCalls,
	checkUnmanaged,
	checkDeleteFalse,
	checkUseAfterDelete,
	checkMkstempFD,
	checkChmod,
	checkStrIntoBinary,
	checkUnflushed,
	checkDropped,
	checkSpool,
	checkSensitive,
}

// overrides lists, for a rule, the more specific rules that replace it
// when both flag the same expression.
var overrides = map[string][]string{
	"TF003": {"TF011", "TF004", "TF012"},
	"TF002": {"TF010"},
}

func analyze(t *tree, opts *Options) []Finding {
	a := &analyzer{model: newModel(t, opts)}
	for _, f := range ruleFuncs {
		f(a)
	}
	if len(a.out) == 0 {
		return nil
	}
	// Deduplicate and apply precedence on identical expressions.
	type key struct {
		rule       string
		start, end uint32
	}
	seen := map[key]bool{}
	for _, r := range a.out {
		n := t.nodes[r.node]
		seen[key{r.rule, n.start, n.end}] = true
	}
	lines := lineStarts(t.src)
	sup := a.suppressions(lines)
	// Findings in source order make position lookups incremental.
	sort.SliceStable(a.out, func(i, j int) bool { return t.nodes[a.out[i].node].start < t.nodes[a.out[j].node].start })
	starts, ends := &positioner{src: t.src, lines: lines}, &positioner{src: t.src, lines: lines}
	var out []Finding
	done := map[key]bool{}
	for _, r := range a.out {
		n := t.nodes[r.node]
		k := key{r.rule, n.start, n.end}
		if done[k] {
			continue
		}
		done[k] = true
		beaten := false
		for _, o := range overrides[r.rule] {
			if seen[key{o, n.start, n.end}] {
				beaten = true
			}
		}
		if beaten {
			continue
		}
		rl := rule(r.rule)
		f := Finding{Rule: r.rule, Message: r.msg, Fix: rl.Fix}
		if f.Message == "" {
			f.Message = rl.Summary
		}
		f.Line, f.Column = starts.at(int(n.start))
		f.EndLine, f.EndColumn = ends.at(int(n.end))
		if s, ok := sup[f.Line]; ok && s.silences(f.Rule) {
			continue
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Line != y.Line {
			return x.Line < y.Line
		}
		if x.Column != y.Column {
			return x.Column < y.Column
		}
		return x.Rule < y.Rule
	})
	return out
}

// suppressions maps a line to what its comments silence.
func (a *analyzer) suppressions(lines []int) map[int]suppression {
	t := a.t
	sup := map[int]suppression{}
	for i := range t.nodes {
		n := &t.nodes[i]
		if n.kind != kComment {
			continue
		}
		s, ok := parseSuppression(t.text(int32(i)))
		if !ok {
			continue
		}
		line, _ := position(t.src, lines, int(n.start))
		old := sup[line]
		old.all = old.all || s.all
		old.rules = append(old.rules, s.rules...)
		sup[line] = old
	}
	return sup
}

// calls runs fn on every call node.
func (a *analyzer) calls(fn func(call int32)) {
	for _, c := range a.callList {
		fn(c)
	}
}

// TF001: tempfile.mktemp.
func checkMktemp(a *analyzer) {
	a.calls(func(c int32) {
		if a.callee(c) == "tempfile.mktemp" {
			if why := a.mktempLowRisk(c); why != "" {
				a.report("TF001", c, "low risk: "+why+"; still, mkstemp/mkdtemp make the name and the file in one step")
				return
			}
			a.report("TF001", c, "")
		}
	})
}

// positioner converts byte offsets to positions; queries in increasing
// order on one line reuse the previous count, so a long line with many
// findings costs one pass, not one per finding.
type positioner struct {
	src            []byte
	lines          []int
	line, off, col int
	valid          bool
}

func (p *positioner) at(off int) (line, col int) {
	if off > len(p.src) {
		off = len(p.src)
	}
	if p.valid && off >= p.off && (p.line >= len(p.lines) || off < p.lines[p.line]) {
		p.col += utf8.RuneCount(p.src[p.off:off])
		p.off = off
		return p.line, p.col
	}
	p.line, p.col = position(p.src, p.lines, off)
	p.off, p.valid = off, true
	return p.line, p.col
}

// mktempLowRisk says why a call of mktemp is real but usually harmless,
// or "": its dir= is a private temporary directory (only this process can
// win the race), or the name is created at once by a call that fails when
// the path exists (open(name, "x"), os.mkdir, os.mkfifo, bind on a Unix
// socket), so a planted file or link makes it fail, not follow.
func (a *analyzer) mktempLowRisk(c int32) string {
	t := a.t
	if d := a.args(c).arg(2, "dir"); d != none && a.privateDir(d) {
		return "the name is made inside a private temporary directory, where only this process can race for it"
	}
	st := a.creation(c)
	var uses []int32
	if st.kind == siteAssign {
		s := a.scopeOf[st.name]
		all, truncated := a.loads(s, t.text(st.name))
		if truncated {
			return ""
		}
		for _, u := range all {
			if b := a.reaching(u); b != nil && b.name == st.name {
				uses = append(uses, u)
			}
		}
	} else if p := t.nodes[c].parent; p != none && t.nodes[p].kind == kArgumentList {
		uses = []int32{c}
	}
	if len(uses) == 0 {
		return ""
	}
	info := a.useOf(uses[0])
	if info.call == none || info.argIndex != 0 {
		return ""
	}
	if why := a.exclusiveCreate(info.call); why != "" {
		return "the name is " + why
	}
	return ""
}

// exclusiveCreate says how the call c creates the path in its first
// argument exclusively ("created at once by bind(), which fails if the
// path already exists"), or "": os.mkdir, os.mkfifo, a socket's bind,
// open() with mode "x", os.open with O_EXCL. Such a call fails when
// anything exists at the path, so a file or link planted there makes it
// fail instead of being followed.
func (a *analyzer) exclusiveCreate(c int32) string {
	switch name := a.calleeOrMethod(c); name {
	case "os.mkdir", "os.mkfifo", ".bind":
		return "created at once by " + strings.TrimPrefix(name, ".") + "(), which fails if the path already exists"
	case "open":
		if mode, known := a.openMode(c); known && strings.Contains(mode, "x") {
			return "opened at once with mode \"x\", which fails if the path already exists"
		}
	case "os.open":
		if fl := a.args(c).arg(1, "flags"); fl != none && strings.Contains(a.t.text(fl), "O_EXCL") {
			return "opened at once with O_EXCL, which fails if the path already exists"
		}
	}
	return ""
}

// privateDir reports whether a directory is made private by tempfile
// (mode 0700): mkdtemp(), a TemporaryDirectory, pytest's tmp_path, or a
// helper named after mkdtemp (self.mkdtemp(), support.temp_dir()).
func (a *analyzer) privateDir(d int32) bool {
	if a.managedDir(d, 0) {
		return true
	}
	if v := a.eval(d); v.kind == vTempPath && (v.class == "tempfile.mkdtemp" || v.class == "tempfile.TemporaryDirectory") {
		return true
	}
	d = a.t.unparen(d)
	if a.t.nodes[d].kind == kIdentifier {
		if b := a.reaching(d); b != nil && b.kind == bAssign && b.value != none {
			d = a.t.unparen(b.value)
		}
	}
	if a.t.nodes[d].kind == kCall {
		low := strings.ToLower(a.lastName(d))
		return strings.Contains(low, "mkdtemp") || strings.Contains(low, "temp_dir") || strings.Contains(low, "tempdir")
	}
	return false
}
