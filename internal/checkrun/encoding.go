package checkrun

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/ianaindex"
)

// codingRe is PEP 263's encoding declaration: a comment on line 1 or 2
// holding coding: or coding= and a name.
var codingRe = regexp.MustCompile(`^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`)

// pythonAliases maps the spellings Python accepts (after lower-casing and
// turning _ into -) to names the IANA index knows.
var pythonAliases = map[string]string{
	"latin-1": "latin1", "latin": "latin1", "iso8859-1": "latin1", "8859": "latin1", "cp819": "latin1",
	"l1": "latin1", "iso-ir-100": "latin1",
	"ascii": "us-ascii", "646": "us-ascii",
	"sjis": "shift_jis", "s-jis": "shift_jis", "shiftjis": "shift_jis",
	"cp932": "windows-31j", "ms932": "windows-31j", "mskanji": "windows-31j", "ms-kanji": "windows-31j",
	"eucjp": "euc-jp", "ujis": "euc-jp", "u-jis": "euc-jp",
	"euckr": "euc-kr", "cp949": "euc-kr", "uhc": "euc-kr",
	"gb2312": "gbk", "chinese": "gbk", "936": "gbk", "cp936": "gbk", "ms936": "gbk",
	"big5-tw": "big5", "csbig5": "big5", "cp950": "big5",
	"mac-roman": "macintosh", "macroman": "macintosh",
}

// isUTF8Name reports whether a declared encoding is UTF-8 under one of
// the names Python accepts.
func isUTF8Name(n string) bool {
	switch n {
	case "utf-8", "utf8", "u8", "utf", "utf8-ucs2", "utf8-ucs4", "cp65001", "utf-8-sig":
		return true
	}
	return false
}

// decodeSource returns src as UTF-8. A file without an encoding
// declaration, or declaring UTF-8, is returned as it is (invalid UTF-8 is
// then the checker's to report). A file declaring another encoding
// (PEP 263, "# -*- coding: latin-1 -*-") is decoded, so that line and
// column numbers stay those of the characters. An encoding this build
// cannot decode, one Python refuses for source (UTF-16, UTF-32) or bytes
// that are not valid in the declared encoding are an error naming the
// line of the declaration.
func decodeSource(src []byte) ([]byte, error) {
	name, line := declaredEncoding(src)
	if name == "" {
		return src, nil
	}
	norm := strings.ReplaceAll(strings.ToLower(name), "_", "-")
	if isUTF8Name(norm) {
		return src, nil
	}
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		return nil, &encodingError{line: line, msg: fmt.Sprintf("encoding problem: %s with a UTF-8 byte order mark", name)}
	}
	if strings.HasPrefix(norm, "utf-16") || strings.HasPrefix(norm, "utf-32") {
		return nil, &encodingError{line: line, msg: fmt.Sprintf("encoding %s cannot be used for source code", name)}
	}
	enc := lookupEncoding(norm)
	if enc == nil {
		return nil, &encodingError{line: line, msg: fmt.Sprintf("unknown or unsupported encoding %q", name)}
	}
	out, err := enc.NewDecoder().Bytes(src)
	if err != nil {
		return nil, &encodingError{line: line, msg: fmt.Sprintf("not valid %s: %v", name, err)}
	}
	// The decoders of x/text put U+FFFD for a byte the encoding does not
	// define, where Python fails: fail too, at the first such byte.
	if bytes.Contains(out, []byte("\uFFFD")) && !bytes.Contains(src, []byte("\uFFFD")) {
		l := 1 + bytes.Count(out[:bytes.Index(out, []byte("\uFFFD"))], []byte("\n"))
		return nil, &encodingError{line: l, msg: fmt.Sprintf("not valid %s", name)}
	}
	if !utf8.Valid(out) {
		return nil, &encodingError{line: line, msg: fmt.Sprintf("not valid %s", name)}
	}
	return out, nil
}

func lookupEncoding(norm string) encoding.Encoding {
	cands := []string{norm}
	if a, ok := pythonAliases[norm]; ok {
		cands = append([]string{a}, cands...)
	}
	if rest, ok := strings.CutPrefix(norm, "iso8859-"); ok {
		cands = append(cands, "iso-8859-"+rest)
	}
	if rest, ok := strings.CutPrefix(norm, "cp"); ok {
		cands = append(cands, "windows-"+rest, "ibm"+rest)
	}
	if rest, ok := strings.CutPrefix(norm, "latin-"); ok {
		cands = append(cands, "latin"+rest)
	}
	for _, c := range cands {
		if e, err := ianaindex.IANA.Encoding(c); err == nil && e != nil {
			return e
		}
	}
	return nil
}

// declaredEncoding returns the encoding named on line 1, or on line 2
// when line 1 is a comment or blank (as Python reads it), and its line.
func declaredEncoding(src []byte) (string, int) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	rest := src
	for n := 1; n <= 2 && len(rest) > 0; n++ {
		line := rest
		if i := bytes.IndexAny(rest, "\r\n"); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
			if line != nil && len(rest) > 0 && rest[0] == '\n' && src[len(src)-len(rest)-1] == '\r' {
				rest = rest[1:]
			}
		} else {
			rest = nil
		}
		if m := codingRe.FindSubmatch(line); m != nil {
			return string(m[1]), n
		}
		if t := bytes.TrimLeft(line, " \t\f"); len(t) > 0 && t[0] != '#' {
			return "", 0 // code on line 1: line 2 is not looked at
		}
	}
	return "", 0
}

// encodingError is a file that cannot be decoded as it declares.
type encodingError struct {
	line int
	msg  string
}

func (e *encodingError) Error() string { return e.msg }
