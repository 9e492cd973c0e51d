package checkrun

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
)

// A pattern is one line of a .gitignore file, or one exclude glob, split
// into the segments between slashes. A segment is a glob over one name
// ("*.py", "[ab]?") or "**", any number of names.
type pattern struct {
	segs     []string
	anchored bool // matched against the whole relative path, not the last name
	negate   bool
	dirOnly  bool
	// literal is the pattern itself when it has no wildcard: it is looked
	// up in a map instead of matched.
	literal bool
	// suffix is the literal tail of the last segment ("*.pyc" has ".pyc"):
	// a name that does not end with it cannot match, checked before the
	// glob. need is the longest literal run of the pattern: a path that
	// does not hold it cannot match either.
	suffix, need string
}

// A patternSet holds the patterns of one list, in order, with the ones
// that have no wildcard indexed by name so that a path costs one map
// lookup for all of them, and each other pattern a cheap literal test
// before its glob: the cost of a path grows with the patterns that could
// match it, not with every pattern of the list.
type patternSet struct {
	pats []pattern
	// names maps an unanchored literal name to the index of its last
	// pattern, paths an anchored literal path; [0] holds the patterns that
	// apply to files (not directory-only), [1] those for directories.
	names, paths [2]map[string]int
	globs        []int // the other patterns, by index
}

// An ignoreList holds the patterns of one .gitignore file (or the exclude
// list of a configuration), matched against paths relative to base.
type ignoreList struct {
	base string // absolute directory
	pats patternSet
}

// parsePatterns compiles gitignore-style lines. It follows gitignore(5):
// blank lines and lines starting with # are skipped, \# and \! escape,
// trailing spaces are dropped, ! negates, a trailing / matches directories
// only, a / at the start or in the middle anchors the pattern to base,
// otherwise the pattern matches a name at any depth; * and ? do not match
// /, a "**" segment matches any number of directories ("a/**" everything
// inside a, at least one name), any other run of * is one *, [...] is a
// character class. Consecutive "**" segments are one: "**/**/x" costs what
// "**/x" costs. A pattern with an unclosed [ matches nothing, as in git.
// There is no limit on the length of a line.
func parsePatterns(lines []string) patternSet {
	var set patternSet
	for _, line := range lines {
		line = strings.TrimRight(line, "\r")
		for strings.HasSuffix(line, " ") && !strings.HasSuffix(line, `\ `) {
			line = line[:len(line)-1]
		}
		if line == "" || line[0] == '#' {
			continue
		}
		var p pattern
		if line[0] == '!' {
			p.negate = true
			line = line[1:]
		} else if strings.HasPrefix(line, `\!`) || strings.HasPrefix(line, `\#`) {
			line = line[1:]
		}
		if strings.HasSuffix(line, "/") {
			p.dirOnly = true
			line = strings.TrimRight(line, "/")
		}
		if line == "" {
			continue
		}
		p.anchored = strings.Contains(line, "/")
		line = strings.TrimLeft(line, "/")
		if !compilePattern(&p, line) {
			continue // a malformed pattern matches nothing, as in git
		}
		set.add(p)
	}
	return set
}

// compilePattern fills p's segments from a glob without its leading
// slash. It reports false for a pattern that can match nothing.
func compilePattern(p *pattern, glob string) bool {
	var segs []string
	for _, s := range strings.Split(glob, "/") {
		if s == "" {
			continue // "a//b" is "a/b"
		}
		if isStarStar(s) {
			if !p.anchored {
				s = "*" // no slash: "**" is a plain *
			} else if len(segs) > 0 && segs[len(segs)-1] == "**" {
				continue
			} else {
				s = "**"
			}
		} else {
			s = collapseStars(s)
			if !validGlob(s) {
				return false
			}
		}
		segs = append(segs, s)
	}
	if len(segs) == 0 {
		return false
	}
	if n := len(segs); n >= 1 && segs[n-1] == "**" {
		// "a/**" matches what is inside a, not a itself: one name at
		// least, then any number.
		if n == 1 {
			segs = []string{"*", "**"} // "**" alone: everything
		} else {
			segs = append(segs[:n-1], "*", "**")
		}
	}
	p.segs = segs
	p.literal = true
	for _, s := range segs {
		if hasWildcard(s) {
			p.literal = false
		}
	}
	if p.literal {
		for i, s := range segs {
			segs[i] = unescape(s)
		}
		return true
	}
	last := segs[len(segs)-1]
	if last != "**" {
		p.suffix = literalTail(last)
	}
	for _, s := range segs {
		for _, run := range literalRuns(s) {
			if len(run) > len(p.need) {
				p.need = run
			}
		}
	}
	return true
}

func (s *patternSet) add(p pattern) {
	i := len(s.pats)
	s.pats = append(s.pats, p)
	if !p.literal {
		s.globs = append(s.globs, i)
		return
	}
	m, key := &s.names, p.segs[0]
	if p.anchored {
		m, key = &s.paths, strings.Join(p.segs, "/")
	}
	for k := range m {
		if k == 0 && p.dirOnly {
			continue
		}
		if m[k] == nil {
			m[k] = make(map[string]int)
		}
		m[k][key] = i
	}
}

// isStarStar reports whether a segment is only asterisks, two or more.
func isStarStar(s string) bool {
	return len(s) >= 2 && strings.Trim(s, "*") == ""
}

// collapseStars turns each run of unescaped asterisks into one.
func collapseStars(s string) string {
	if !strings.Contains(s, "**") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			b.WriteByte(c)
			b.WriteByte(s[i+1])
			i++
			continue
		}
		if c == '*' && i > 0 && s[i-1] == '*' && (i < 2 || s[i-2] != '\\') {
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?[") }

// validGlob reports whether every [ of a segment is closed.
func validGlob(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			end := classEnd(s, i)
			if end < 0 {
				return false
			}
			i = end
		}
	}
	return true
}

func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// literalRuns returns the runs of literal bytes of a glob segment.
func literalRuns(s string) []string {
	var runs []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			runs = append(runs, b.String())
			b.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '*', '?':
			flush()
		case '[':
			flush()
			i = classEnd(s, i)
		default:
			b.WriteByte(c)
		}
	}
	flush()
	return runs
}

// literalTail returns the literal bytes at the end of a glob segment.
func literalTail(s string) string {
	runs := literalRuns(s)
	if len(runs) == 0 || s == "" {
		return ""
	}
	last := s[len(s)-1]
	if last == '*' || last == '?' || last == ']' && !strings.HasSuffix(s, `\]`) {
		return ""
	}
	return runs[len(runs)-1]
}

// classEnd returns the index of the ] that closes the class opened at
// s[i], or -1.
func classEnd(s string, i int) int {
	j := i + 1
	if j < len(s) && (s[j] == '!' || s[j] == '^') {
		j++
	}
	if j < len(s) && s[j] == ']' {
		j++
	}
	for ; j < len(s); j++ {
		switch {
		case s[j] == '\\':
			j++
		case s[j] == '[' && j+1 < len(s) && s[j+1] == ':':
			if k := strings.Index(s[j+2:], ":]"); k >= 0 {
				j += 2 + k + 1
			}
		case s[j] == ']':
			return j
		}
	}
	return -1
}

// match reports whether abs is matched by the list, and if so whether the
// match ignores it (true) or re-includes it (false, a negated pattern). The
// last matching pattern decides, as in git.
func (l *ignoreList) match(abs string, isDir bool) (matched, ignored bool) {
	rel, err := filepath.Rel(l.base, abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false, false
	}
	rel = filepath.ToSlash(rel)
	i := l.pats.last(rel, isDir)
	if i < 0 {
		return false, false
	}
	return true, !l.pats.pats[i].negate
}

// last returns the index of the last pattern that matches rel, or -1.
func (s *patternSet) last(rel string, isDir bool) int {
	name := rel[strings.LastIndexByte(rel, '/')+1:]
	kind := 0
	if isDir {
		kind = 1
	}
	best := -1
	if i, ok := s.names[kind][name]; ok {
		best = i
	}
	if i, ok := s.paths[kind][rel]; ok && i > best {
		best = i
	}
	for k := len(s.globs) - 1; k >= 0; k-- {
		i := s.globs[k]
		if i < best {
			break
		}
		p := &s.pats[i]
		if p.dirOnly && !isDir {
			continue
		}
		subject := rel
		if !p.anchored {
			subject = name
		}
		if p.suffix != "" && !strings.HasSuffix(subject, p.suffix) {
			continue
		}
		if p.need != "" && !strings.Contains(subject, p.need) {
			continue
		}
		if p.matches(rel, name) {
			return i
		}
	}
	return best
}

func (p *pattern) matches(rel, name string) bool {
	if !p.anchored {
		return matchSegment(p.segs[0], name)
	}
	return matchSegments(p.segs, strings.Split(rel, "/"))
}

// matchSegments matches path names against pattern segments, "**" standing
// for any number of names. It is the classic wildcard algorithm that
// returns only to the last "**" seen: that is exact for a wildcard that
// matches any sequence, and takes at most len(segs)*len(names) segment
// matches, whatever the pattern.
func matchSegments(segs, names []string) bool {
	si, ni := 0, 0
	star, mark := -1, 0
	for ni < len(names) {
		switch {
		case si < len(segs) && segs[si] == "**":
			star, mark = si, ni
			si++
		case si < len(segs) && matchSegment(segs[si], names[ni]):
			si++
			ni++
		case star >= 0:
			mark++
			si, ni = star+1, mark
		default:
			return false
		}
	}
	for si < len(segs) && segs[si] == "**" {
		si++
	}
	return si == len(segs)
}

// matchSegment matches one name against a glob without slashes, with the
// same algorithm over bytes: * is any run of bytes, ? one byte, [...] a
// class. Bytes, not characters, as git's wildmatch does.
func matchSegment(glob, name string) bool {
	gi, ni := 0, 0
	star, mark := -1, 0
	for ni < len(name) {
		if gi < len(glob) {
			switch c := glob[gi]; c {
			case '*':
				star, mark = gi, ni
				gi++
				continue
			case '?':
				gi++
				ni++
				continue
			case '[':
				end := classEnd(glob, gi)
				if end > 0 && matchClass(glob[gi+1:end], name[ni]) {
					gi = end + 1
					ni++
					continue
				}
			case '\\':
				if gi+1 < len(glob) && glob[gi+1] == name[ni] {
					gi += 2
					ni++
					continue
				}
			default:
				if c == name[ni] {
					gi++
					ni++
					continue
				}
			}
		}
		if star < 0 {
			return false
		}
		mark++
		gi, ni = star+1, mark
	}
	for gi < len(glob) && glob[gi] == '*' {
		gi++
	}
	return gi == len(glob)
}

// matchClass matches a byte against the inside of [...].
func matchClass(class string, c byte) bool {
	negate := false
	if class != "" && (class[0] == '!' || class[0] == '^') {
		negate = true
		class = class[1:]
	}
	found := false
	for i := 0; i < len(class); i++ {
		lo := class[i]
		switch {
		case lo == '[' && i+1 < len(class) && class[i+1] == ':':
			if k := strings.Index(class[i+2:], ":]"); k >= 0 {
				if posixClass(class[i+2:i+2+k], c) {
					found = true
				}
				i += 2 + k + 1
				continue
			}
		case lo == '\\' && i+1 < len(class):
			i++
			lo = class[i]
		}
		hi := lo
		if i+2 < len(class) && class[i+1] == '-' {
			hi = class[i+2]
			if hi == '\\' && i+3 < len(class) {
				hi = class[i+3]
				i++
			}
			i += 2
		}
		if lo <= c && c <= hi {
			found = true
		}
	}
	return found != negate
}

func posixClass(name string, c byte) bool {
	switch name {
	case "alnum":
		return isAlpha(c) || isDigit(c)
	case "alpha":
		return isAlpha(c)
	case "blank":
		return c == ' ' || c == '\t'
	case "cntrl":
		return c < 0x20 || c == 0x7f
	case "digit":
		return isDigit(c)
	case "graph":
		return c > 0x20 && c < 0x7f
	case "lower":
		return c >= 'a' && c <= 'z'
	case "print":
		return c >= 0x20 && c < 0x7f
	case "punct":
		return c > 0x20 && c < 0x7f && !isAlpha(c) && !isDigit(c)
	case "space":
		return c == ' ' || c >= '\t' && c <= '\r'
	case "upper":
		return c >= 'A' && c <= 'Z'
	case "xdigit":
		return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
	}
	return false
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// ignoredBy reports whether abs is ignored by the stack of lists, the
// outermost first: a deeper .gitignore overrides a shallower one.
func ignoredBy(stack []*ignoreList, abs string, isDir bool) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if m, ign := stack[i].match(abs, isDir); m {
			return ign
		}
	}
	return false
}

// maxGitignoreSize is the largest .gitignore read, as git's limit: a
// larger one is not read, with a diagnostic.
const maxGitignoreSize = 100 << 20

// readGitignore loads dir/.gitignore. It returns nil when there is none or
// it has no pattern, and a diagnostic message when it is there but cannot
// be used: a symbolic link (never followed, as git does not follow one in
// the work tree), a FIFO or a device, unreadable, over the size limit.
func readGitignore(dir string) (*ignoreList, string) {
	data, err := readRegular(filepath.Join(dir, ".gitignore"), maxGitignoreSize, false)
	if err != nil {
		if isNotExist(err) {
			return nil, ""
		}
		return nil, describeReadError(err) + "; its patterns are not applied"
	}
	if len(data) == 0 {
		return nil, ""
	}
	var lines []string
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		lines = append(lines, string(line))
	}
	pats := parsePatterns(lines)
	if len(pats.pats) == 0 {
		return nil, ""
	}
	return &ignoreList{base: dir, pats: pats}, ""
}

// gitignoreAncestors returns the .gitignore lists of the directories above
// dir, up to the root of the git work tree that holds dir (a directory with
// a .git entry), the outermost first, and a diagnostic for each one that
// could not be used. Outside a git work tree it returns nil: a .gitignore
// above the checked tree counts only inside a repository.
func (w *walker) gitignoreAncestors(dir string) []*ignoreList {
	if isGitRoot(dir) {
		return nil // the walk reads dir's own .gitignore
	}
	var chain []string
	for d := filepath.Dir(dir); ; {
		chain = append(chain, d)
		if isGitRoot(d) {
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil // not in a repository
		}
		d = parent
	}
	var out []*ignoreList
	for i := len(chain) - 1; i >= 0; i-- {
		l, msg := readGitignore(chain[i])
		if msg != "" {
			w.diagMsg(filepath.Join(chain[i], ".gitignore"), msg)
		}
		if l != nil {
			out = append(out, l)
		}
	}
	return out
}

func isGitRoot(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return err == nil
}
