package tempfile

import (
	"testing"

	"github.com/tmpguard/tempfile/internal/sys"
)

// The hot-path costs of issue 8 alone, without the system calls around
// them: what NewFile+Close pays for the registry (a record, two program
// counters, a finalizer, its removal, the list) and for the owner
// mark (the cached directory's count, up and down).

func BenchmarkRegistryTrackUntrack(b *testing.B) {
	c := &config{}
	p := sys.PathOf("/tmp/x")
	b.ReportAllocs()
	for b.Loop() {
		f := new(File)
		f.reg = track(f, kindFile, p, c, sys.CallerPC())
		f.reg.untrack(f, "")
	}
}

func BenchmarkOwnerMarkAcquireRelease(b *testing.B) {
	dir := b.TempDir()
	keep, _ := acquireOwner(dir) // the lock file stays: the steady state
	defer keep.release("")
	b.ReportAllocs()
	for b.Loop() {
		o, _ := acquireOwner(dir)
		o.release("")
	}
}
