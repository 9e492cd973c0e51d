package checkrun

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestIsVetInvocation checks which argument lists are go vet calling its
// tool, and that no tmpguard command line is taken for one.
func TestIsVetInvocation(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"-json", "-tmpguard.units", "/tmp/go-build1/b001/vet.cfg"}, true},
		{nil, false},
		{[]string{"check", "x.cfg"}, false},
		{[]string{"check"}, false},
		{[]string{"-V=full", "check"}, false},
		{[]string{"--version"}, false},
		{[]string{"-json", "x.go"}, false},
	} {
		if got := IsVetInvocation(tc.args); got != tc.want {
			t.Errorf("IsVetInvocation(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// TestUnitSources checks that cgo's output files are named by the cgo
// files they come from, and the others as they are.
func TestUnitSources(t *testing.T) {
	dir := filepath.FromSlash("/src/c")
	u := unitHeader{Dir: dir, GoFiles: []string{
		filepath.Join(dir, "plain.go"),
		filepath.FromSlash("/tmp/go-build1/b001/c.cgo1.go"),
		filepath.FromSlash("/tmp/go-build1/b001/_cgo_gotypes.go"),
	}}
	want := []string{filepath.Join(dir, "plain.go"), filepath.Join(dir, "c.go"), filepath.FromSlash("/tmp/go-build1/b001/_cgo_gotypes.go")}
	if got := u.sources(); !slices.Equal(got, want) {
		t.Errorf("sources() = %q, want %q", got, want)
	}
}
