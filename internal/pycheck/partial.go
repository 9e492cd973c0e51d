package pycheck

import "fmt"

// PartialError reports a file that the parser could read only in part:
// tree-sitter recovered around the parts it could not read (Line, Column
// is the first), and Check returns, with this error, the findings of the
// parts it did read. Such a part is either invalid Python or valid Python
// that the grammar does not know (a parser gap, listed in
// docs/CHECKER.md); the checker cannot tell which.
type PartialError struct {
	Line, Column int // 1-based; Column counts code points
	Msg          string
}

func (e *PartialError) Error() string {
	return fmt.Sprintf("line %d:%d: %s", e.Line, e.Column, e.Msg)
}
