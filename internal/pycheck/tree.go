package pycheck

// The parse tree is converted once into a flat array in pre-order, so that
// the descendants of node i are the nodes i+1 .. end-1 and every walk is a
// loop, never a recursion.

type kind uint8

const (
	kOther kind = iota // a named node the rules do not look at
	kAnon              // an anonymous node (operator, keyword, punctuation)
	kModule
	kFunctionDef
	kClassDef
	kLambda
	kDecoratedDef
	kDecorator
	kParameters
	kLambdaParameters
	kBlock
	kExprStmt
	kAssignment
	kAugAssignment
	kCall
	kAttribute
	kIdentifier
	kString
	kStringStart
	kStringContent
	kStringEnd
	kEscape
	kInterpolation
	kConcatString
	kArgumentList
	kKeywordArgument
	kWithStmt
	kWithClause
	kWithItem
	kAsPattern
	kAsPatternTarget
	kTryStmt
	kFinallyClause
	kExceptClause
	kElseClause
	kReturnStmt
	kYield
	kImportStmt
	kImportFromStmt
	kAliasedImport
	kDottedName
	kRelativeImport
	kBinaryOp
	kUnaryOp
	kSubscript
	kInteger
	kNone
	kTrue
	kFalse
	kTuple
	kPatternList
	kExpressionList
	kList
	kSet
	kDictionary
	kPair
	kListSplat
	kDictSplat
	kParenExpr
	kIfStmt
	kElifClause
	kForStmt
	kWhileStmt
	kComment
	kGlobalStmt
	kNonlocalStmt
	kDeleteStmt
	kConditionalExpr
	kBooleanOp
	kComprehension // list/set/dict comprehension, generator expression
	kForInClause
	kDefaultParameter
	kTypedParameter
	kTypedDefaultParameter
	kListSplatPattern
	kTuplePattern
	kListPattern
	kNamedExpr
	kComparisonOp
	kNotOp
	kAwait
	kMatchStmt
	kError
)

var kindNames = map[string]kind{
	"module":                   kModule,
	"function_definition":      kFunctionDef,
	"class_definition":         kClassDef,
	"lambda":                   kLambda,
	"decorated_definition":     kDecoratedDef,
	"decorator":                kDecorator,
	"parameters":               kParameters,
	"lambda_parameters":        kLambdaParameters,
	"block":                    kBlock,
	"expression_statement":     kExprStmt,
	"assignment":               kAssignment,
	"augmented_assignment":     kAugAssignment,
	"call":                     kCall,
	"attribute":                kAttribute,
	"identifier":               kIdentifier,
	"string":                   kString,
	"string_start":             kStringStart,
	"string_content":           kStringContent,
	"string_end":               kStringEnd,
	"escape_sequence":          kEscape,
	"interpolation":            kInterpolation,
	"concatenated_string":      kConcatString,
	"argument_list":            kArgumentList,
	"keyword_argument":         kKeywordArgument,
	"with_statement":           kWithStmt,
	"with_clause":              kWithClause,
	"with_item":                kWithItem,
	"as_pattern":               kAsPattern,
	"as_pattern_target":        kAsPatternTarget,
	"try_statement":            kTryStmt,
	"finally_clause":           kFinallyClause,
	"except_clause":            kExceptClause,
	"except_group_clause":      kExceptClause,
	"else_clause":              kElseClause,
	"return_statement":         kReturnStmt,
	"yield":                    kYield,
	"import_statement":         kImportStmt,
	"import_from_statement":    kImportFromStmt,
	"future_import_statement":  kOther,
	"aliased_import":           kAliasedImport,
	"dotted_name":              kDottedName,
	"relative_import":          kRelativeImport,
	"binary_operator":          kBinaryOp,
	"unary_operator":           kUnaryOp,
	"subscript":                kSubscript,
	"integer":                  kInteger,
	"none":                     kNone,
	"true":                     kTrue,
	"false":                    kFalse,
	"tuple":                    kTuple,
	"pattern_list":             kPatternList,
	"expression_list":          kExpressionList,
	"list":                     kList,
	"set":                      kSet,
	"dictionary":               kDictionary,
	"pair":                     kPair,
	"list_splat":               kListSplat,
	"dictionary_splat":         kDictSplat,
	"parenthesized_expression": kParenExpr,
	"if_statement":             kIfStmt,
	"elif_clause":              kElifClause,
	"for_statement":            kForStmt,
	"while_statement":          kWhileStmt,
	"comment":                  kComment,
	"global_statement":         kGlobalStmt,
	"nonlocal_statement":       kNonlocalStmt,
	"delete_statement":         kDeleteStmt,
	"conditional_expression":   kConditionalExpr,
	"boolean_operator":         kBooleanOp,
	"list_comprehension":       kComprehension,
	"set_comprehension":        kComprehension,
	"dictionary_comprehension": kComprehension,
	"generator_expression":     kComprehension,
	"for_in_clause":            kForInClause,
	"default_parameter":        kDefaultParameter,
	"typed_parameter":          kTypedParameter,
	"typed_default_parameter":  kTypedDefaultParameter,
	"list_splat_pattern":       kListSplatPattern,
	"tuple_pattern":            kTuplePattern,
	"list_pattern":             kListPattern,
	"named_expression":         kNamedExpr,
	"comparison_operator":      kComparisonOp,
	"not_operator":             kNotOp,
	"await":                    kAwait,
	"match_statement":          kMatchStmt,
	"ERROR":                    kError,
}

type field uint8

const (
	fNone field = iota
	fName
	fFunction
	fArguments
	fObject
	fAttribute
	fLeft
	fRight
	fOperator
	fBody
	fValue
	fAlias
	fModuleName
	fParameters
	fSubscript
	fKey
	fDefinition
	fCondition
	fConsequence
	fAlternative
	fType
	fOther
)

var fieldNames = map[string]field{
	"name":        fName,
	"function":    fFunction,
	"arguments":   fArguments,
	"object":      fObject,
	"attribute":   fAttribute,
	"left":        fLeft,
	"right":       fRight,
	"operator":    fOperator,
	"body":        fBody,
	"value":       fValue,
	"alias":       fAlias,
	"module_name": fModuleName,
	"parameters":  fParameters,
	"subscript":   fSubscript,
	"key":         fKey,
	"definition":  fDefinition,
	"condition":   fCondition,
	"consequence": fConsequence,
	"alternative": fAlternative,
	"type":        fType,
}

// node is one syntax node. Indices are into tree.nodes; -1 means none.
type node struct {
	kind   kind
	field  field // the field this node fills in its parent
	start  uint32
	end    uint32 // byte offsets, end exclusive
	parent int32
	next   int32 // next sibling
	stop   int32 // end of the subtree: descendants are (i, stop)
}

type tree struct {
	src   []byte
	nodes []node
}

const none = int32(-1)

func (t *tree) text(i int32) string {
	n := &t.nodes[i]
	return string(t.src[n.start:n.end])
}

// textIs compares a node's source text without allocating.
func (t *tree) textIs(i int32, s string) bool {
	n := &t.nodes[i]
	return int(n.end-n.start) == len(s) && string(t.src[n.start:n.end]) == s
}

func (t *tree) firstChild(i int32) int32 {
	if t.nodes[i].stop > i+1 {
		return i + 1
	}
	return none
}

// child returns the first child of i that fills field f.
func (t *tree) child(i int32, f field) int32 {
	for c := t.firstChild(i); c != none; c = t.nodes[c].next {
		if t.nodes[c].field == f {
			return c
		}
	}
	return none
}

// namedChildren appends the named children of i (comments excluded).
func (t *tree) namedChildren(i int32, buf []int32) []int32 {
	for c := t.firstChild(i); c != none; c = t.nodes[c].next {
		if k := t.nodes[c].kind; k != kAnon && k != kComment {
			buf = append(buf, c)
		}
	}
	return buf
}

// firstNamed returns the first named, non-comment child.
func (t *tree) firstNamed(i int32) int32 {
	for c := t.firstChild(i); c != none; c = t.nodes[c].next {
		if k := t.nodes[c].kind; k != kAnon && k != kComment {
			return c
		}
	}
	return none
}

// unparen strips parentheses around an expression.
func (t *tree) unparen(i int32) int32 {
	for i != none && t.nodes[i].kind == kParenExpr {
		i = t.firstNamed(i)
	}
	return i
}

// isAncestor reports whether a is i or an ancestor of i.
func (t *tree) isAncestor(a, i int32) bool {
	return a <= i && i < t.nodes[a].stop
}

// enclosingClass returns the class definition around node i, or none.
func (t *tree) enclosingClass(i int32) int32 {
	for p := t.nodes[i].parent; p != none; p = t.nodes[p].parent {
		if t.nodes[p].kind == kClassDef {
			return p
		}
	}
	return none
}
