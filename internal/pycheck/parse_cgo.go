//go:build cgo

package pycheck

/*
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

// The subset of tree-sitter's api.h (v0.25) used here, declared locally:
// the definitions are linked from github.com/tree-sitter/go-tree-sitter.
typedef struct TSParser TSParser;
typedef struct TSTree TSTree;
typedef struct TSLanguage TSLanguage;
typedef struct TSNode { uint32_t context[4]; const void *id; const TSTree *tree; } TSNode;
typedef struct TSTreeCursor { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;

extern TSParser *ts_parser_new(void);
extern void ts_parser_delete(TSParser *);
extern bool ts_parser_set_language(TSParser *, const TSLanguage *);
extern TSTree *ts_parser_parse_string(TSParser *, const TSTree *, const char *, uint32_t);
extern void ts_parser_reset(TSParser *);
extern void ts_tree_delete(TSTree *);
extern TSNode ts_tree_root_node(const TSTree *);
extern bool ts_node_has_error(TSNode);
extern bool ts_node_is_error(TSNode);
extern bool ts_node_is_missing(TSNode);
extern uint16_t ts_node_symbol(TSNode);
extern uint32_t ts_node_start_byte(TSNode);
extern uint32_t ts_node_end_byte(TSNode);
extern uint32_t ts_node_descendant_count(TSNode);
extern TSTreeCursor ts_tree_cursor_new(TSNode);
extern void ts_tree_cursor_delete(TSTreeCursor *);
extern TSNode ts_tree_cursor_current_node(const TSTreeCursor *);
extern uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *);
extern bool ts_tree_cursor_goto_first_child(TSTreeCursor *);
extern bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *);
extern bool ts_tree_cursor_goto_parent(TSTreeCursor *);
extern void ts_set_allocator(void *(*)(size_t), void *(*)(size_t, size_t), void *(*)(void *, size_t), void (*)(void *));

// pc_node has the layout of the Go type node (checked at init).
typedef struct {
	uint8_t kind, field;
	uint32_t start, end;
	int32_t parent, next, stop;
} pc_node;

#include <stddef.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// pc_release_memory gives freed heap pages back to the system after a big
// tree is deleted (glibc keeps them otherwise).
static void pc_release_memory(void) {
#if defined(__GLIBC__)
	malloc_trim(0);
#endif
}

static size_t pc_offset_start(void) { return offsetof(pc_node, start); }
static size_t pc_offset_stop(void) { return offsetof(pc_node, stop); }

static void pc_use_libc_allocator(void) { ts_set_allocator(NULL, NULL, NULL, NULL); }

static TSParser *pc_new_parser(const void *lang) {
	TSParser *p = ts_parser_new();
	if (p && !ts_parser_set_language(p, (const TSLanguage *)lang)) {
		ts_parser_delete(p);
		return NULL;
	}
	return p;
}

static TSTree *pc_parse(TSParser *p, const char *src, uint32_t len) {
	TSTree *t = ts_parser_parse_string(p, NULL, src, len);
	if (!t) ts_parser_reset(p);
	return t;
}

// pc_count returns the number of nodes; *has_error tells whether the
// tree holds ERROR or MISSING nodes (tree-sitter's error recovery).
static int64_t pc_count(TSTree *t, int *has_error) {
	TSNode root = ts_tree_root_node(t);
	*has_error = ts_node_has_error(root);
	return (int64_t)ts_node_descendant_count(root);
}

// pc_first_error returns the start byte of the innermost ERROR node on
// the path of the first error (or the first MISSING node) and its symbol;
// *missing tells which.
static uint32_t pc_first_error(TSTree *t, int *missing, uint16_t *sym) {
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(t));
	TSNode cand = ts_tree_cursor_current_node(&c);
	*missing = 0;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		if (ts_node_is_missing(n)) { cand = n; *missing = 1; break; }
		if (ts_node_is_error(n)) cand = n;
		int found = 0;
		if (ts_tree_cursor_goto_first_child(&c)) {
			do {
				if (ts_node_has_error(ts_tree_cursor_current_node(&c))) { found = 1; break; }
			} while (ts_tree_cursor_goto_next_sibling(&c));
		}
		if (!found) break;
	}
	ts_tree_cursor_delete(&c);
	*sym = ts_node_symbol(cand);
	return ts_node_start_byte(cand);
}

// pc_flatten writes the tree in pre-order into out (cap nodes), mapping
// symbols and fields through the tables. It returns the number written,
// or -1 when out is too small.
static int64_t pc_flatten(TSTree *t, pc_node *out, int64_t cap,
		const uint8_t *kinds, int64_t nkinds, uint8_t error_kind, uint8_t other_kind,
		const uint8_t *fields, int64_t nfields) {
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(t));
	int64_t n = 0, depth = 0, scap = 64;
	int32_t *stack = malloc(sizeof(int32_t) * scap); // open ancestors
	int32_t *prev = malloc(sizeof(int32_t) * scap);  // last child at each level
	if (!stack || !prev) { free(stack); free(prev); ts_tree_cursor_delete(&c); return -1; }
	for (;;) {
		if (n >= cap) { n = -1; break; }
		TSNode node = ts_tree_cursor_current_node(&c);
		pc_node *o = &out[n];
		uint16_t sym = ts_node_symbol(node);
		uint16_t fid = ts_tree_cursor_current_field_id(&c);
		o->kind = sym == 0xFFFF ? error_kind : (sym < nkinds ? kinds[sym] : other_kind);
		o->field = fid < nfields ? fields[fid] : 0;
		o->start = ts_node_start_byte(node);
		o->end = ts_node_end_byte(node);
		o->parent = depth > 0 ? stack[depth - 1] : -1;
		o->next = -1;
		o->stop = (int32_t)(n + 1);
		if (depth > 0) {
			if (prev[depth - 1] >= 0) out[prev[depth - 1]].next = (int32_t)n;
			prev[depth - 1] = (int32_t)n;
		}
		int32_t idx = (int32_t)n++;
		if (ts_tree_cursor_goto_first_child(&c)) {
			if (depth == scap) {
				scap *= 2;
				int32_t *s2 = realloc(stack, sizeof(int32_t) * scap);
				if (!s2) { n = -1; break; }
				stack = s2;
				int32_t *p2 = realloc(prev, sizeof(int32_t) * scap);
				if (!p2) { n = -1; break; }
				prev = p2;
			}
			stack[depth] = idx;
			prev[depth] = -1;
			depth++;
			continue;
		}
		int done = 0;
		while (!ts_tree_cursor_goto_next_sibling(&c)) {
			if (!ts_tree_cursor_goto_parent(&c) || depth == 0) { done = 1; break; }
			depth--;
			out[stack[depth]].stop = (int32_t)n;
		}
		if (done) break;
	}
	free(stack);
	free(prev);
	ts_tree_cursor_delete(&c);
	return n;
}
*/
import "C"

import (
	"math"
	"runtime"
	"sync"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// Available reports whether Check can parse Python: true in a cgo build.
func Available() bool { return true }

var (
	languagePtr = python.Language()
	language    = sitter.NewLanguage(languagePtr)

	kindTable, fieldTable = buildTables()

	// parsers holds tree-sitter parsers: a parser is used by one goroutine
	// at a time. The C parser is freed by a finalizer when the pool drops it.
	parsers = sync.Pool{New: func() any {
		p := &parser{c: C.pc_new_parser(languagePtr)}
		if p.c == nil {
			panic("pycheck: cannot create a tree-sitter parser for Python")
		}
		runtime.SetFinalizer(p, func(p *parser) { C.ts_parser_delete(p.c) })
		return p
	}}
)

type parser struct{ c *C.TSParser }

func init() {
	var n node
	if unsafe.Sizeof(n) != C.sizeof_pc_node || unsafe.Offsetof(n.start) != uintptr(C.pc_offset_start()) ||
		unsafe.Offsetof(n.stop) != uintptr(C.pc_offset_stop()) || unsafe.Sizeof(n.kind) != 1 || unsafe.Sizeof(n.field) != 1 {
		panic("pycheck: node and pc_node layouts differ")
	}
	// go-tree-sitter routes every allocation of the C library through Go
	// callbacks that call malloc; calling malloc directly is the same
	// allocator without a C-to-Go transition per allocation.
	C.pc_use_libc_allocator()
}

func buildTables() ([]kind, []field) {
	n := language.NodeKindCount()
	kinds := make([]kind, n)
	for id := uint32(0); id < n; id++ {
		if !language.NodeKindIsNamed(uint16(id)) {
			kinds[id] = kAnon
			continue
		}
		kinds[id] = kindNames[language.NodeKindForId(uint16(id))] // kOther when absent
	}
	fc := language.FieldCount()
	fields := make([]field, fc+1)
	for id := uint32(1); id <= fc; id++ {
		if f, ok := fieldNames[language.FieldNameForId(uint16(id))]; ok {
			fields[id] = f
		} else {
			fields[id] = fOther
		}
	}
	return kinds, fields
}

func check(src []byte, opts *Options) ([]Finding, error) {
	t, partial, err := parse(src)
	if err != nil {
		return nil, err
	}
	findings := analyze(t, opts)
	if partial != nil {
		// Non-nil even when empty: the caller tells a partial check
		// from a failed one by the findings being there.
		if findings == nil {
			findings = []Finding{}
		}
		return findings, partial
	}
	return findings, nil
}

// parse builds the flat tree, or a *SourceError when the file cannot be
// parsed at all. A file with syntax errors is not rejected: tree-sitter
// recovers around them with ERROR and MISSING nodes, the tree is kept with
// those (the rules see an ERROR node as a node they do not know), and the
// first error comes back as a *PartialError so that the parts that did
// parse are still checked. CPython's grammar and tree-sitter's differ, so
// some valid Python lands here (docs/CHECKER.md lists the known gaps).
func parse(src []byte) (*tree, *PartialError, error) {
	if len(src) == 0 {
		return &tree{src: src, nodes: []node{{kind: kModule, parent: none, next: none, stop: 1}}}, nil, nil
	}
	if len(src) >= math.MaxUint32 {
		return nil, nil, &SourceError{Line: 1, Column: 1, Msg: "file too large"}
	}
	p := parsers.Get().(*parser)
	defer parsers.Put(p)
	ts := C.pc_parse(p.c, (*C.char)(unsafe.Pointer(&src[0])), C.uint32_t(len(src)))
	if ts == nil {
		return nil, nil, &SourceError{Line: 1, Column: 1, Msg: "cannot parse"}
	}
	defer func() {
		C.ts_tree_delete(ts)
		if len(src) > 1<<20 {
			C.pc_release_memory()
		}
	}()
	var hasError C.int
	count := int64(C.pc_count(ts, &hasError))
	var partial *PartialError
	if hasError != 0 {
		var missing C.int
		var sym C.uint16_t
		at := int(C.pc_first_error(ts, &missing, &sym))
		line, col := position(src, lineStarts(src), at)
		msg := "invalid syntax"
		if missing != 0 {
			msg = "invalid syntax: missing " + language.NodeKindForId(uint16(sym))
		}
		partial = &PartialError{Line: line, Column: col, Msg: msg}
	}
	if count >= math.MaxInt32 || count < 1 {
		return nil, nil, &SourceError{Line: 1, Column: 1, Msg: "file too large"}
	}
	t := &tree{src: src, nodes: make([]node, count)}
	n := int64(C.pc_flatten(ts, (*C.pc_node)(unsafe.Pointer(&t.nodes[0])), C.int64_t(count),
		(*C.uint8_t)(unsafe.Pointer(&kindTable[0])), C.int64_t(len(kindTable)), C.uint8_t(kError), C.uint8_t(kOther),
		(*C.uint8_t)(unsafe.Pointer(&fieldTable[0])), C.int64_t(len(fieldTable))))
	if n < 0 {
		return nil, nil, &SourceError{Line: 1, Column: 1, Msg: "cannot walk the syntax tree"}
	}
	t.nodes = t.nodes[:n]
	return t, partial, nil
}
