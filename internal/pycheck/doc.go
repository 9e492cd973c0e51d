// Package pycheck is the engine of tmpguard's Python checker: it parses one
// Python file with tree-sitter and reports the mistakes of the temporary
// files guide as findings of the rules TF001..TF013 (shared/RULES.md).
//
// The rule catalog ([Rules], [Lookup]) is portable. Parsing needs cgo: in a
// build without cgo, [Available] reports false and [Check] returns
// [ErrUnavailable].
//
// Check is safe for concurrent use. Each call parses with a parser taken
// from a pool and converts the tree into a compact array once; one shared
// semantic model (imports and aliases, scopes, bindings in statement order,
// module constants) is built over that array and every rule reads it.
//
// A file whose bytes cannot match any rule (no "tempfile", no temporary
// directory spelled out, no TMPDIR, ...) is not parsed at all: it has no
// findings and, unless [Options.ParseAll] is set, no syntax diagnostics either.
package pycheck
