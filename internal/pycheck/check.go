package pycheck

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Version is a Python version, such as 3.12.
type Version struct{ Major, Minor int }

// defaultVersion is the target when Options.TargetVersion is zero.
var defaultVersion = Version{3, 11}

func (v Version) atLeast(major, minor int) bool {
	return v.Major > major || (v.Major == major && v.Minor >= minor)
}

// String returns "3.12".
func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Options configure Check.
type Options struct {
	// TargetVersion is the Python version the code runs on; the zero value
	// means 3.11. It decides delete_on_close (3.12+) for TF005.
	TargetVersion Version
	// TempRoots are extra temporary roots for TF002, besides /tmp,
	// /var/tmp and /dev/shm (and C:\Temp, %TEMP% on Windows).
	TempRoots []string
	// ParseAll disables the byte pre-filter: every file is parsed, so a
	// syntax error is reported even in a file that cannot have findings.
	ParseAll bool
	// Wrappers maps the name of a project's own function to the tempfile
	// or subprocess call it wraps, as [LearnWrapperFiles] finds them: a
	// call of utils.NamedTempFile(delete=False) is then judged like
	// tempfile.NamedTemporaryFile(delete=False). Keys are "module.func"
	// for a function and ".method" for a method. Without it, only each
	// file's own wrappers are known.
	Wrappers map[string]string
}

// Finding is one report of a rule at a position.
type Finding struct {
	Rule               string // "TF005"
	Line, Column       int    // 1-based; Column counts Unicode code points
	EndLine, EndColumn int    // end of the flagged expression, exclusive column
	Message            string // one line: what goes wrong at run time
	Fix                string
}

// ErrUnavailable is returned by Check in a build without cgo.
var ErrUnavailable = errors.New("pycheck: the Python checker needs cgo (tree-sitter); this tmpguard was built without it")

// SourceError reports a file that is not valid UTF-8 or not valid Python.
type SourceError struct {
	Line, Column int // 1-based; Column counts code points
	Msg          string
}

func (e *SourceError) Error() string {
	return fmt.Sprintf("line %d:%d: %s", e.Line, e.Column, e.Msg)
}

// Check parses one Python file and returns its findings sorted by
// position, with suppressions (# noqa, # noqa: TF001,TF002,
// # tmpguard: ignore[TF001,TF002] on the flagged line) applied.
// Invalid UTF-8 or a file that does not parse returns (nil, *SourceError);
// an empty file returns (nil, nil). Check is safe for concurrent use.
func Check(src []byte, opts Options) ([]Finding, error) {
	if !Available() {
		return nil, ErrUnavailable
	}
	if len(src) == 0 {
		return nil, nil
	}
	if !utf8.Valid(src) {
		return nil, invalidUTF8(src)
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if opts.TargetVersion == (Version{}) {
		opts.TargetVersion = defaultVersion
	}
	if !opts.ParseAll && !mayMatch(src, opts.TempRoots) && !WrapperProbe(opts.Wrappers)(src) {
		return nil, nil
	}
	return check(normalizeNewlines(src), &opts)
}

// normalizeNewlines turns a lone carriage return, a line break for Python
// but not for tree-sitter, into a newline. Offsets do not move, so
// columns stay right; the caller's buffer is not modified.
func normalizeNewlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	var out []byte
	for i := 0; i < len(src); i++ {
		if src[i] == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			if out == nil {
				out = append([]byte(nil), src...)
			}
			out[i] = '\n'
		}
	}
	if out == nil {
		return src
	}
	return out
}

func invalidUTF8(src []byte) error {
	line, start := 1, 0
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return &SourceError{Line: line, Column: utf8.RuneCount(src[start:i]) + 1, Msg: "invalid UTF-8"}
		}
		if r == '\n' {
			line, start = line+1, i+1
		}
		i += size
	}
	return &SourceError{Line: line, Column: 1, Msg: "invalid UTF-8"}
}

// prefilterWords are the byte strings one of which every finding needs:
// the tempfile module (every object rule), a temporary root spelled out
// (TF002), or the TMPDIR variable (TF010).
var prefilterWords = [][]byte{
	[]byte("tempfile"), []byte("/tmp"), []byte("/dev/shm"), []byte("TMPDIR"),
}

// Prescan is the first look at one file of a run, made on the bytes the
// caller reads once for both uses: parse reports whether Check(src, opts)
// would parse the file whatever the project's wrappers (the byte
// pre-filter passes, the text is not valid UTF-8 and must be reported, or
// opts.ParseAll), and wrappers is what [LearnWrappers] learns from it.
// When parse is false, Check parses the file only if it calls one of the
// wrappers learned from the whole project, which [WrapperProbe] tells
// once they are merged. The two share their scan for "tempfile".
func Prescan(src []byte, opts Options) (parse bool, wrappers map[string]string) {
	pfile := bytes.Contains(src, []byte("pfile"))
	wrappers = learnWrappers(src, pfile)
	switch {
	case !Available():
		return true, wrappers // Check says so
	case len(src) == 0:
		return false, wrappers
	case opts.ParseAll || !utf8.Valid(src):
		return true, wrappers
	}
	return mayMatchProbed(src, opts.TempRoots, pfile), wrappers
}

// mayMatch reports whether src can hold a finding at all.
func mayMatch(src []byte, roots []string) bool {
	// "tempfile" is probed by "pfile" first: bytes.Index skips ahead by
	// the first byte, and 'p' is rarer than 't' in Python source.
	return mayMatchProbed(src, roots, bytes.Contains(src, []byte("pfile")))
}

// mayMatchProbed is mayMatch with the probe for "pfile" already made.
func mayMatchProbed(src []byte, roots []string, pfile bool) bool {
	if pfile && bytes.Contains(src, prefilterWords[0]) {
		return true
	}
	for _, w := range prefilterWords[1:] {
		if bytes.Contains(src, w) {
			return true
		}
	}
	for _, r := range roots {
		if r = strings.TrimRight(r, "/\\"); r != "" && bytes.Contains(src, []byte(r)) {
			return true
		}
	}
	// Windows roots: \Temp (C:\Temp, C:\\Temp) and %TEMP%, any case.
	for i := bytes.IndexByte(src, '%'); i >= 0; {
		if i+6 <= len(src) && bytes.EqualFold(src[i:i+6], []byte("%temp%")) {
			return true
		}
		j := bytes.IndexByte(src[i+1:], '%')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	for i := bytes.IndexByte(src, '\\'); i >= 0; {
		if i+5 <= len(src) && bytes.EqualFold(src[i+1:i+5], []byte("temp")) {
			return true
		}
		j := bytes.IndexByte(src[i+1:], '\\')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// WrapperProbe returns a function that reports whether a source may call
// one of the project's wrappers of tempfile in wrappers (as
// [Options].Wrappers holds them): a file that only uses the wrappers does
// not spell "tempfile" itself, and Check parses it only then. The probe is
// made once for a run and is safe for concurrent use.
func WrapperProbe(wrappers map[string]string) func(src []byte) bool {
	var needles [][]byte
	seen := map[string]bool{}
	for key, w := range wrappers {
		name := key[strings.LastIndexByte(key, '.')+1:]
		if name == "" || key[0] == '.' && !tellingMethod(name) {
			continue // a method matched by name only when its name tells
		}
		if strings.HasPrefix(w, "tempfile.") && !seen[name] {
			seen[name] = true
			needles = append(needles, []byte(name+"("))
		}
	}
	return func(src []byte) bool {
		for _, n := range needles {
			if bytes.Contains(src, n) {
				return true
			}
		}
		return false
	}
}

// position converts a byte offset into a 1-based line and a 1-based
// column in code points. lines holds the byte offset of each line start.
func position(src []byte, lines []int, off int) (line, col int) {
	i := sort.Search(len(lines), func(i int) bool { return lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	if off > len(src) {
		off = len(src)
	}
	return i + 1, utf8.RuneCount(src[lines[i]:off]) + 1
}

func lineStarts(src []byte) []int {
	lines := make([]int, 1, 64)
	for i, b := range src {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// suppression is what the comments of one line silence.
type suppression struct {
	all   bool
	rules []string
}

func (s suppression) silences(id string) bool {
	if s.all {
		return true
	}
	for _, r := range s.rules {
		if r == id {
			return true
		}
	}
	return false
}

// parseSuppression reads a comment's text (starting with '#').
func parseSuppression(comment string) (suppression, bool) {
	var s suppression
	found := false
	low := strings.ToLower(comment)
	for _, i := range directives(low, "noqa") {
		rest := comment[i+4:]
		t := strings.TrimLeft(rest, " \t")
		if !strings.HasPrefix(t, ":") {
			if rest == "" || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '#' {
				s.all, found = true, true
			}
			continue
		}
		codes := codeList(t[1:])
		if len(codes) > 0 {
			s.rules = append(s.rules, codes...)
			found = true
		}
	}
	for _, i := range directives(low, "tmpguard:") {
		t := strings.TrimLeft(comment[i+9:], " \t")
		if !strings.HasPrefix(strings.ToLower(t), "ignore[") {
			continue
		}
		t = t[len("ignore["):]
		end := strings.IndexByte(t, ']')
		if end < 0 {
			continue
		}
		for _, c := range strings.Split(t[:end], ",") {
			if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
				s.rules = append(s.rules, c)
				found = true
			}
		}
	}
	return s, found
}

// directives returns the positions in the lower-cased comment low where
// word starts a directive: right after a '#' and optional blanks.
func directives(low, word string) []int {
	var at []int
	for off := 0; ; {
		i := strings.Index(low[off:], word)
		if i < 0 {
			return at
		}
		i += off
		off = i + len(word)
		if directiveStart(low, i) {
			at = append(at, i)
		}
	}
}

// directiveStart reports whether position i of a comment follows a '#'
// and optional blanks.
func directiveStart(s string, i int) bool {
	j := i - 1
	for j >= 0 && (s[j] == ' ' || s[j] == '\t') {
		j--
	}
	return j >= 0 && s[j] == '#'
}

// codeList reads "TF001, TF002 E501" as ruff does: codes separated by
// commas or blanks, stopping at the first word that is not a code.
func codeList(s string) []string {
	var out []string
	for {
		s = strings.TrimLeft(s, " \t,")
		n := 0
		for n < len(s) && (s[n] >= 'A' && s[n] <= 'Z' || s[n] >= 'a' && s[n] <= 'z') {
			n++
		}
		d := n
		for d < len(s) && s[d] >= '0' && s[d] <= '9' {
			d++
		}
		if n == 0 || d == n {
			return out
		}
		out = append(out, strings.ToUpper(s[:d]))
		s = s[d:]
	}
}
