package checkrun

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/tmpguard/tempfile/internal/pycheck"
	"github.com/tmpguard/tempfile/internal/report"
)

// prescanTree is a small project with each kind of file the two passes
// treat apart: a wrapper of tempfile and a file that only calls it (it
// never spells "tempfile"), a file with a finding of its own, one in
// latin-1, one that is not UTF-8, an empty one and one nothing can match.
var prescanTree = map[string]string{
	"proj_utils.py":   "import tempfile\n\n\ndef NamedTempFile(**kwargs):\n    return tempfile.NamedTemporaryFile(**kwargs)\n",
	"user.py":         "import proj_utils\n\n\ndef leak(data):\n    with proj_utils.NamedTempFile(delete=False) as f:\n        f.write(data)\n    return 1\n",
	"direct.py":       "import tempfile\nname = tempfile.mktemp()\n",
	"latin.py":        "# -*- coding: latin-1 -*-\nimport tempfile\n# caf\xe9\nname = tempfile.mktemp()\n",
	"broken.py":       "x = '\xff'\n",
	"empty.py":        "",
	"plain.py":        "def add(a, b):\n    return a + b\n",
	"pkg/__init__.py": "from .mod import f\n",
}

// summary is a run's result in a form that compares: findings as
// path:line rule, diagnostics as path:line message.
func summary(t *testing.T, dir string, res *report.Result) []string {
	t.Helper()
	var out []string
	for _, f := range res.Findings {
		rel, _ := filepath.Rel(dir, f.Path)
		out = append(out, fmt.Sprintf("%s:%d %s", rel, f.Line, f.Rule))
	}
	for _, d := range res.Diagnostics {
		rel, _ := filepath.Rel(dir, d.Path)
		out = append(out, fmt.Sprintf("%s:%d %s", rel, d.Line, d.Message))
	}
	sort.Strings(out)
	return append(out, fmt.Sprintf("checked %d", res.FilesChecked))
}

// TestPythonReadsOnce checks that the learning pass and the check share
// one read of each file, and that what is kept, or not, between the two
// passes changes nothing: the result is the one of the old way (learn
// from every file, then give every file to pycheck.Check, which filters
// by itself) whatever the budget for kept bytes.
func TestPythonReadsOnce(t *testing.T) {
	if !pycheck.Available() {
		t.Skip("built without cgo")
	}
	dir := t.TempDir()
	writeTree(t, dir, prescanTree)
	job := &Job{Workers: 2, MaxFileSize: 1 << 20}
	var abs []string
	for name := range prescanTree {
		p := filepath.Join(dir, name)
		job.Files = append(job.Files, File{Path: p, Abs: p})
		abs = append(abs, p)
	}

	old := &Python{Options: pycheck.Options{Wrappers: pycheck.LearnWrapperFiles(abs, job.MaxFileSize)}}
	res, err := old.Check(job)
	if err != nil {
		t.Fatal(err)
	}
	want := summary(t, dir, res)
	for _, must := range []string{"user.py:5 TF004", "direct.py:2 TF001", "latin.py:4 TF001", "broken.py:1 invalid UTF-8"} {
		if !contains(want, must) {
			t.Fatalf("the reference run lacks %q: %q", must, want)
		}
	}

	saved := maxBytesKept
	t.Cleanup(func() { maxBytesKept = saved })
	for _, tc := range []struct {
		name      string
		kept      int64
		wantOpens int // opens per file
	}{
		{"everything kept", 64 << 20, 1},
		{"nothing kept", 0, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			maxBytesKept = tc.kept
			var mu sync.Mutex
			opens := map[string]int{}
			restore := SetBeforeOpen(func(abs string) {
				mu.Lock()
				opens[abs]++
				mu.Unlock()
			})
			defer restore()
			res, err := (&Python{}).Check(job)
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(t, dir, res); !reflect.DeepEqual(got, want) {
				t.Errorf("Check = %q\nwant    %q (the old way)", got, want)
			}
			for name := range prescanTree {
				if n := opens[filepath.Join(dir, name)]; n != tc.wantOpens {
					t.Errorf("%s opened %d times, want %d", name, n, tc.wantOpens)
				}
			}
		})
	}
}

// TestPythonOneSnapshot checks that the wrappers are learned from the
// bytes that are checked: a file changed while the run reads it counts
// as it was read, once, for both passes.
func TestPythonOneSnapshot(t *testing.T) {
	if !pycheck.Available() {
		t.Skip("built without cgo")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"proj_utils.py": prescanTree["proj_utils.py"], "user.py": prescanTree["user.py"]})
	utils := filepath.Join(dir, "proj_utils.py")
	job := &Job{Workers: 1, MaxFileSize: 1 << 20}
	for _, name := range []string{"proj_utils.py", "user.py"} {
		p := filepath.Join(dir, name)
		job.Files = append(job.Files, File{Path: p, Abs: p})
	}
	// Just before the run opens proj_utils.py, its wrapper goes away.
	restore := SetBeforeOpen(func(abs string) {
		if abs == utils {
			if err := os.WriteFile(utils, []byte("def NamedTempFile(**kwargs):\n    return None\n"), 0o644); err != nil {
				t.Error(err)
			}
		}
	})
	defer restore()
	res, err := (&Python{}).Check(job)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Errorf("findings %v: the wrapper was learned from bytes that were not the ones checked", summary(t, dir, res))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
