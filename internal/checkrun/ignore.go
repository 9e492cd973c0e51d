package checkrun

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// A pattern is one line of a .gitignore file, or one exclude glob.
type pattern struct {
	re      *regexp.Regexp
	negate  bool
	dirOnly bool
}

// An ignoreList holds the patterns of one .gitignore file (or the exclude
// list of a configuration), matched against paths relative to base.
type ignoreList struct {
	base string // absolute directory
	pats []pattern
}

// parsePatterns compiles gitignore-style lines. It follows gitignore(5):
// blank lines and lines starting with # are skipped, \# and \! escape,
// trailing spaces are dropped, ! negates, a trailing / matches directories
// only, a / at the start or in the middle anchors the pattern to base,
// otherwise the pattern matches a name at any depth; * and ? do not match
// /, ** matches across directories, [...] is a character class.
func parsePatterns(lines []string) []pattern {
	var pats []pattern
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
		anchored := strings.Contains(line, "/")
		line = strings.TrimPrefix(line, "/")
		expr := globRegexp(line)
		if anchored {
			expr = "^" + expr + "$"
		} else {
			expr = "(?:^|/)" + expr + "$"
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			continue // a malformed pattern matches nothing, as in git
		}
		p.re = re
		pats = append(pats, p)
	}
	return pats
}

// globRegexp translates a glob into an unanchored regular expression.
func globRegexp(glob string) string {
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch c {
		case '*':
			if i+1 < len(glob) && glob[i+1] == '*' {
				i++
				if i+1 < len(glob) && glob[i+1] == '/' {
					i++
					b.WriteString("(?:.*/)?")
				} else {
					b.WriteString(".*")
				}
			} else {
				b.WriteString("[^/]*")
			}
		case '?':
			b.WriteString("[^/]")
		case '[':
			j := i + 1
			if j < len(glob) && (glob[j] == '!' || glob[j] == '^') {
				j++
			}
			if j < len(glob) && glob[j] == ']' {
				j++
			}
			for j < len(glob) && glob[j] != ']' {
				j++
			}
			if j >= len(glob) {
				b.WriteString(`\[`)
				continue
			}
			class := glob[i+1 : j]
			b.WriteByte('[')
			if class[0] == '!' || class[0] == '^' {
				b.WriteByte('^')
				class = class[1:]
			}
			b.WriteString(strings.ReplaceAll(class, `\`, `\\`))
			b.WriteByte(']')
			i = j
		case '\\':
			if i+1 < len(glob) {
				i++
				b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
			}
		default:
			b.WriteString(regexp.QuoteMeta(glob[i : i+1]))
		}
	}
	return b.String()
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
	for i := len(l.pats) - 1; i >= 0; i-- {
		p := l.pats[i]
		if p.dirOnly && !isDir {
			continue
		}
		if p.re.MatchString(rel) {
			return true, !p.negate
		}
	}
	return false, false
}

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

// readGitignore loads dir/.gitignore, or returns nil when there is none or
// it cannot be read.
func readGitignore(dir string) *ignoreList {
	data, err := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if err != nil || len(data) == 0 {
		return nil
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	pats := parsePatterns(lines)
	if len(pats) == 0 {
		return nil
	}
	return &ignoreList{base: dir, pats: pats}
}

// gitignoreAncestors returns the .gitignore lists of the directories above
// dir, up to the root of the git work tree that holds dir (a directory with
// a .git entry), the outermost first. Outside a git work tree it returns
// nil: a .gitignore above the checked tree counts only inside a repository.
func gitignoreAncestors(dir string) []*ignoreList {
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
		if l := readGitignore(chain[i]); l != nil {
			out = append(out, l)
		}
	}
	return out
}

func isGitRoot(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ".git"))
	return err == nil
}
