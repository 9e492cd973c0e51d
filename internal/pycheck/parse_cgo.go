//go:build cgo

package pycheck

import (
	"sync"

	sitter "github.com/tree-sitter/go-tree-sitter"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// Available reports whether Check can parse Python: true in a cgo build.
func Available() bool { return true }

var (
	language = sitter.NewLanguage(python.Language())

	kindTable, fieldTable = buildTables()

	// parsers holds tree-sitter parsers; one is used by one goroutine at a
	// time. A parser holds C memory: a finalizer closes the ones the pool
	// drops.
	parsers = sync.Pool{New: func() any {
		p := sitter.NewParser()
		if err := p.SetLanguage(language); err != nil {
			panic("pycheck: " + err.Error())
		}
		return p
	}}
)

const errorSymbol = 0xFFFF

func buildTables() ([]kind, []field) {
	n := language.NodeKindCount()
	kinds := make([]kind, n)
	for id := uint32(0); id < n; id++ {
		name := language.NodeKindForId(uint16(id))
		if !language.NodeKindIsNamed(uint16(id)) {
			kinds[id] = kAnon
			continue
		}
		kinds[id] = kindNames[name] // kOther when absent
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
	t, err := parse(src)
	if err != nil {
		return nil, err
	}
	return analyze(t, opts), nil
}

// parse builds the flat tree, or a *SourceError when the file does not parse.
func parse(src []byte) (*tree, error) {
	p := parsers.Get().(*sitter.Parser)
	ts := p.Parse(src, nil)
	if ts == nil {
		p.Reset()
		parsers.Put(p)
		return nil, &SourceError{Line: 1, Column: 1, Msg: "cannot parse"}
	}
	defer func() {
		ts.Close()
		parsers.Put(p)
	}()
	root := ts.RootNode()
	if root.HasError() {
		return nil, syntaxError(src, ts)
	}
	t := &tree{src: src, nodes: make([]node, 0, len(src)/3+16)}
	c := ts.Walk()
	defer c.Close()
	stack := make([]int32, 0, 64) // open ancestors
	prev := make([]int32, 0, 64)  // last child seen at each open level
	for {
		n := c.Node()
		sym := n.KindId()
		k := kOther
		if sym == errorSymbol {
			k = kError
		} else if int(sym) < len(kindTable) {
			k = kindTable[sym]
		}
		f := fNone
		if fid := c.FieldId(); int(fid) < len(fieldTable) {
			f = fieldTable[fid]
		}
		idx := int32(len(t.nodes))
		parent := none
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
			if pv := prev[len(prev)-1]; pv != none {
				t.nodes[pv].next = idx
			}
			prev[len(prev)-1] = idx
		}
		t.nodes = append(t.nodes, node{
			kind: k, field: f,
			start: uint32(n.StartByte()), end: uint32(n.EndByte()),
			parent: parent, next: none, stop: idx + 1,
		})
		if c.GotoFirstChild() {
			stack = append(stack, idx)
			prev = append(prev, none)
			continue
		}
		for !c.GotoNextSibling() {
			if !c.GotoParent() || len(stack) == 0 {
				return t, nil
			}
			top := stack[len(stack)-1]
			stack, prev = stack[:len(stack)-1], prev[:len(prev)-1]
			t.nodes[top].stop = int32(len(t.nodes))
		}
	}
}

// syntaxError finds the first ERROR or MISSING node in document order.
func syntaxError(src []byte, ts *sitter.Tree) error {
	c := ts.Walk()
	defer c.Close()
	lines := lineStarts(src)
	for {
		n := c.Node()
		if n.IsError() || n.IsMissing() {
			line, col := position(src, lines, int(n.StartByte()))
			msg := "invalid syntax"
			if n.IsMissing() {
				msg = "invalid syntax: missing " + n.Kind()
			}
			return &SourceError{Line: line, Column: col, Msg: msg}
		}
		if n.HasError() && c.GotoFirstChild() {
			continue
		}
		for !c.GotoNextSibling() {
			if !c.GotoParent() {
				return &SourceError{Line: 1, Column: 1, Msg: "invalid syntax"}
			}
		}
	}
}
