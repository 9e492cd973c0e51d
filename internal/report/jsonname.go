package report

// JSONName is a string that may hold a file name (a path, or a message
// that quotes one) in the JSON reports of the other subcommands (sweep,
// df): it is written as check's JSON writes paths. Valid UTF-8 is a plain
// JSON string; each byte of invalid UTF-8, 0xXY, is the lone surrogate
// \udcXY (Python's surrogateescape, PEP 383), so that two names never give
// the same string and os.fsencode(json.loads(...)) gives back the bytes.
type JSONName string

// MarshalJSON writes n as check's JSON writes a path.
func (n JSONName) MarshalJSON() ([]byte, error) { return jsonPath(n).MarshalJSON() }
