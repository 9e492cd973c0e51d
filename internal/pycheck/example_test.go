package pycheck_test

import (
	"fmt"
	"sort"

	"github.com/tmpguard/tempfile/internal/pycheck"
)

// A project's helper that returns what tempfile made, and one that runs a
// command it is given, are learned as wrappers; a call of either is then
// judged like tempfile.NamedTemporaryFile or subprocess.run.
func ExampleLearnWrappers() {
	src := []byte(`import subprocess
import tempfile


def NamedTempFile(**kwargs):
    return tempfile.NamedTemporaryFile(**kwargs)


def run_command(cmd, check=True):
    return subprocess.run(cmd, check=check)
`)
	w := pycheck.LearnWrappers(src)
	names := make([]string, 0, len(w))
	for name := range w {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Println(name, "wraps", w[name])
	}
	// Output:
	// NamedTempFile wraps tempfile.NamedTemporaryFile
	// run_command wraps subprocess.run
}
