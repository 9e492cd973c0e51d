package report

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// QuoteName returns a file name fit for a terminal: the name itself when
// every character of it is printable and valid UTF-8, else the name in Go
// %q form ("a\x1b[31m.py", "new\nline.py", "\xff.py"), as ls and git quote
// such names. A name that starts with a double quote is quoted too, so
// that a quoted name and a name cannot be mistaken for each other. No
// escape sequence, newline or invalid byte of a name ever reaches the
// output raw.
func QuoteName(name string) string {
	if needsQuote(name) {
		return strconv.Quote(name)
	}
	return name
}

func needsQuote(s string) bool {
	if strings.HasPrefix(s, `"`) {
		return true
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return true
		}
		if !strconv.IsPrint(r) && r != ' ' {
			return true
		}
		i += size
	}
	return false
}

// cleanText makes a message safe for a terminal: line breaks and tabs
// become spaces, other control and format characters and invalid bytes
// are written as Go escapes (\x1b, \u202e, \xff). A message may quote
// source code, and source code may hold anything.
func cleanText(s string) string {
	s = oneLine(s)
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (!strconv.IsPrint(r) && r != ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case unicode.IsSpace(r) && r < 0x80:
			b.WriteByte(' ')
		case !strconv.IsPrint(r) && r != ' ':
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
