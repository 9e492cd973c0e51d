// Package pycheck is the engine of tmpguard's Python checker: it parses one
// Python file with tree-sitter and reports the mistakes of the temporary
// files guide as findings of the rules TF001..TF013 (tmpguard check --list-rules).
//
// The rule catalog ([Rules], [Lookup]) is portable. Parsing needs cgo: in a
// build without cgo, [Available] reports false and [Check] returns
// [ErrUnavailable].
//
// # How a file is checked
//
// Check is safe for concurrent use. It parses with a tree-sitter parser
// taken from a pool, walks the tree once in C with a cursor and writes it
// into a flat pre-order array, so every later walk is a loop over a range
// and never a recursion (deeply nested files cannot overflow a stack).
// One semantic model is built over that array and shared by every rule:
// scopes (module, def, lambda, class body), bindings in statement order,
// imports and aliases resolved to canonical dotted names
// ("tempfile.NamedTemporaryFile"), the binding that certainly reaches a
// use, module constants, and a small evaluator that follows paths through
// os.path.join, +, %, f-strings and pathlib's /.
//
// # A project's own wrappers
//
// Before the files of a run are checked, the project's functions that wrap
// tempfile or subprocess are learned from all of them (text only, no
// parse); [Options].Wrappers carries the result, and a call of such a
// wrapper is judged like what it wraps. [LearnWrappers] learns from one
// source, [MergeWrappers] merges a project's, and [LearnWrapperFiles] reads
// the files and does both. A caller that reads the files anyway calls
// [Prescan] on each, which also runs the byte pre-filter, so that each file
// is read once; [WrapperProbe] then tells which of the files the
// pre-filter rejected call a wrapper. A file's own wrappers are always
// learned.
//
// Where the code is ambiguous (a value computed at run time, a name bound
// on two branches, an object passed to a function the model does not
// know) the rules stay silent: a false alarm costs more than a miss.
//
// # Input
//
// The source must be UTF-8 (a BOM is skipped); a file in another encoding
// declared with a coding comment is reported as a [SourceError], like a file
// tree-sitter cannot parse. A lone carriage return counts as a line break,
// as in Python. Lines and columns are 1-based; columns count code points.
//
// A file whose bytes cannot match any rule (no "tempfile", no /tmp,
// /var/tmp, /dev/shm or configured root, no Windows temp path, no TMPDIR)
// is not parsed at all: it has no findings and, unless [Options.ParseAll]
// is set, no syntax diagnostics either.
package pycheck
