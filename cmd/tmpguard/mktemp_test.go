package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// mktempcmp ARGS... runs coreutils mktemp and tmpguard mktemp with the
// same arguments, in the same directory and environment, and fails unless
// they agree: exit status; whether they print a diagnostic; and when both
// succeed, the type and mode of what they made, its directory, and the
// shape of its name (same length, differing only in letters and digits,
// at most in a run as long as the template's X's). Both objects are
// removed afterwards.
func cmdMktempCmp(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("usage: mktempcmp ARGS...")
	}
	type result struct {
		status int
		out    string
		errOut string
	}
	runOne := func(prog string, argv ...string) result {
		err := ts.Exec(prog, argv...)
		r := result{out: ts.ReadFile("stdout"), errOut: ts.ReadFile("stderr")}
		if err != nil {
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				ts.Fatalf("%s: %v", prog, err)
			}
			r.status = ee.ExitCode()
		}
		return r
	}
	gnu := runOne("mktemp", args...)
	ours := runOne("tmpguard", append([]string{"mktemp"}, args...)...)
	defer func() {
		for _, r := range []result{gnu, ours} {
			if p := strings.TrimSpace(r.out); r.status == 0 && p != "" {
				os.RemoveAll(ts.MkAbs(p))
			}
		}
	}()
	if gnu.status != ours.status {
		ts.Fatalf("mktemp %q: coreutils exits %d (%q), tmpguard %d (%q)", args, gnu.status, gnu.errOut, ours.status, ours.errOut)
	}
	if (gnu.errOut == "") != (ours.errOut == "") {
		ts.Fatalf("mktemp %q: coreutils stderr %q, tmpguard stderr %q", args, gnu.errOut, ours.errOut)
	}
	if gnu.status != 0 {
		return
	}
	g, o := strings.TrimSuffix(gnu.out, "\n"), strings.TrimSuffix(ours.out, "\n")
	if strings.Contains(g, "\n") || strings.Contains(o, "\n") || g == "" || o == "" {
		ts.Fatalf("mktemp %q: want one path each, got %q and %q", args, gnu.out, ours.out)
	}
	if filepath.Dir(g) != filepath.Dir(o) {
		ts.Fatalf("mktemp %q: directories differ: coreutils %s, tmpguard %s", args, g, o)
	}
	if len(g) != len(o) {
		ts.Fatalf("mktemp %q: name shapes differ: coreutils %s, tmpguard %s", args, g, o)
	}
	first, last := -1, -1
	for i := range len(g) {
		if g[i] == o[i] {
			continue
		}
		if !isAlnum(g[i]) || !isAlnum(o[i]) {
			ts.Fatalf("mktemp %q: name shapes differ at %d: coreutils %s, tmpguard %s", args, i, g, o)
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	if xs := maxXRun(args); first >= 0 && last-first+1 > xs {
		ts.Fatalf("mktemp %q: names differ over %d characters, more than the %d X's: %s, %s", args, last-first+1, xs, g, o)
	}
	gfi, err := os.Lstat(ts.MkAbs(g))
	ts.Check(err)
	ofi, err := os.Lstat(ts.MkAbs(o))
	ts.Check(err)
	if gfi.Mode() != ofi.Mode() {
		ts.Fatalf("mktemp %q: coreutils made %s (%v), tmpguard %s (%v)", args, g, gfi.Mode(), o, ofi.Mode())
	}
	if !strings.Contains(o, "XXX") && strings.Contains(g, "XXX") {
		ts.Fatalf("mktemp %q: X's left in %s", args, o)
	}
	ts.Logf("mktemp %q: both %v: %s and %s", args, ofi.Mode(), g, o)
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// maxXRun is the longest run of X's in args, or 10 for the default
// template.
func maxXRun(args []string) int {
	best := 10
	for _, a := range args {
		run := 0
		for i := range len(a) {
			if a[i] == 'X' {
				run++
				best = max(best, run)
			} else {
				run = 0
			}
		}
	}
	return best
}

// TestRandomize checks that the X's become letters and digits, all of
// them possible.
func TestRandomize(t *testing.T) {
	seen := map[byte]bool{}
	b := make([]byte, 64)
	for range 200 {
		randomize(b)
		for _, c := range b {
			if !isAlnum(c) {
				t.Fatalf("randomize gave %q, want letters and digits only", b)
			}
			seen[c] = true
		}
	}
	if len(seen) != len(mktempAlphabet) {
		t.Errorf("randomize used %d characters over 12800 draws, want all %d", len(seen), len(mktempAlphabet))
	}
}
