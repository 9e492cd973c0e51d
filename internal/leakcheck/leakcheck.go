// Package leakcheck is the bridge between package tempfile's registry of
// live objects and package tempfiletest: tempfile fills the functions at
// init, tempfiletest calls them. It keeps tempfile's exported API free of
// what only a test helper needs.
package leakcheck

// An Object is a live object of the registry.
type Object struct {
	Kind  string // "file", "dir" or "spooled"
	Path  string // "" for a Spooled
	Site  string // file:line of the call that created it
	Func  string // the function that made that call
	Stack string // the whole stack, if recorded
	// Cleanup removes the object as CleanupAll would and unregisters it.
	Cleanup func() error
}

var (
	// Seq returns the sequence number of the last object created.
	Seq func() uint64
	// Since returns the live objects created after sequence number seq,
	// oldest first.
	Since func(seq uint64) []Object
)
