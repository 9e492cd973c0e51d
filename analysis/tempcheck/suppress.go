package tempcheck

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// suppressions reads the comments that silence findings, one file at a
// time, when the first finding in that file is reported:
//
//	//tmpguard:ignore TF103          this rule (a comma or space separated list)
//	//tmpguard:ignore                every rule
//	//nolint:tmpguard                every rule (golangci-lint's form; also in a list)
//	//nolint                         every rule of every linter
//
// A comment after code applies to its line; a comment on a line of its
// own applies to its line and to the line below it.
type suppressions struct {
	files map[*token.File]map[int][]string // line -> rule IDs; "*" for all
}

func (s *suppressions) ignored(pass *analysis.Pass, pos token.Pos, id string) bool {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	if s.files == nil {
		s.files = make(map[*token.File]map[int][]string)
	}
	lines, ok := s.files[tf]
	if !ok {
		lines = s.read(pass, tf)
		s.files[tf] = lines
	}
	for _, x := range lines[tf.Line(pos)] {
		if x == "*" || x == id {
			return true
		}
	}
	return false
}

func (s *suppressions) read(pass *analysis.Pass, tf *token.File) map[int][]string {
	var file *ast.File
	for _, f := range pass.Files {
		if pass.Fset.File(f.FileStart) == tf {
			file = f
		}
	}
	if file == nil {
		return nil
	}
	type directive struct {
		c   *ast.Comment
		ids []string
	}
	var ds []directive
	byLine := make(map[int]int) // line -> index in ds
	for _, g := range file.Comments {
		for _, c := range g.List {
			if ids := parseDirective(c.Text); ids != nil {
				byLine[tf.Line(c.Pos())] = len(ds)
				ds = append(ds, directive{c, ids})
			}
		}
	}
	if len(ds) == 0 {
		return nil
	}
	// A directive after code on its line covers that line only; one on a
	// line of its own covers the line below as well.
	trailing := make([]bool, len(ds))
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, ok := n.(*ast.File); ok {
			return true
		}
		if i, ok := byLine[tf.Line(n.Pos())]; ok && n.Pos() < ds[i].c.Pos() {
			trailing[i] = true
		}
		return true
	})
	lines := make(map[int][]string)
	for i, d := range ds {
		l := tf.Line(d.c.Pos())
		lines[l] = append(lines[l], d.ids...)
		if !trailing[i] {
			lines[l+1] = append(lines[l+1], d.ids...)
		}
	}
	return lines
}

// parseDirective returns the rule IDs a comment silences ("*" for all),
// or nil if it is not a suppression.
func parseDirective(text string) []string {
	text, ok := strings.CutPrefix(text, "//")
	if !ok {
		return nil
	}
	// A trailing explanation ("//nolint:tmpguard // why") is not part of it.
	if i := strings.Index(text, "//"); i >= 0 {
		text = text[:i]
	}
	text = strings.TrimSpace(text)
	if rest, ok := strings.CutPrefix(text, "tmpguard:ignore"); ok {
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			return nil // "tmpguard:ignored" is not the directive
		}
		ids := strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		if len(ids) == 0 {
			return []string{"*"}
		}
		return ids
	}
	if rest, ok := strings.CutPrefix(text, "nolint"); ok {
		if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
			return []string{"*"}
		}
		list, ok := strings.CutPrefix(rest, ":")
		if !ok {
			return nil
		}
		list, _, _ = strings.Cut(list, " ")
		for _, name := range strings.Split(list, ",") {
			if name == "tmpguard" || name == "tempcheck" {
				return []string{"*"}
			}
		}
	}
	return nil
}
