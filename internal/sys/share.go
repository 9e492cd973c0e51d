package sys

// A Share says which other users can rename, replace or remove the names
// in a directory: what a name-based operation on an object there must fear.
type Share uint8

const (
	// Private: only the owner (and root), or a sticky directory where
	// only the owner of each name can touch it.
	Private Share = iota
	// GroupShared: members of the directory's group can, the directory
	// being group-writable without the sticky bit.
	GroupShared
	// Shared: other users can, the directory being writable by others
	// without the sticky bit, or owned by another user who is not root
	// (who can always rename in it).
	Shared
)
