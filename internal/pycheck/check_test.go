package pycheck

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var (
	wantRe    = regexp.MustCompile(`#\s*want((?:\s+TF\d{3})+)\s*$`)
	optionsRe = regexp.MustCompile(`^#\s*pycheck:\s*(.*)$`)
)

// fixtureOptions reads "# pycheck: target=3.12 roots=/scratch,/work/tmp"
// from the first lines of a fixture.
func fixtureOptions(t *testing.T, src string) Options {
	var o Options
	for _, line := range strings.SplitN(src, "\n", 5) {
		m := optionsRe.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		for _, f := range strings.Fields(m[1]) {
			k, v, _ := strings.Cut(f, "=")
			switch k {
			case "target":
				maj, min, _ := strings.Cut(v, ".")
				o.TargetVersion.Major, _ = strconv.Atoi(maj)
				o.TargetVersion.Minor, _ = strconv.Atoi(min)
			case "roots":
				o.TempRoots = strings.Split(v, ",")
			default:
				t.Fatalf("unknown fixture option %q", f)
			}
		}
	}
	return o
}

// TestFixtures runs Check on every testdata/*.py and compares the set of
// (line, rule) with the "# want" comments, in both directions.
func TestFixtures(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	files, err := filepath.Glob("testdata/*.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".py"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			checkWants(t, name, data, fixtureOptions(t, string(data)))
		})
	}
}

// checkWants runs Check on a fixture and compares the set of (line,
// rule) with its "# want" comments, in both directions.
func checkWants(t *testing.T, name string, data []byte, opts Options) {
	t.Helper()
	want := map[string]bool{}
	for i, line := range strings.Split(string(data), "\n") {
		if m := wantRe.FindStringSubmatch(line); m != nil {
			for _, id := range strings.Fields(m[1]) {
				want[fmt.Sprintf("%d %s", i+1, id)] = true
			}
		}
	}
	findings, err := Check(data, opts)
	if err != nil {
		t.Fatalf("%s: Check: %v", name, err)
	}
	got := map[string]Finding{}
	for _, f := range findings {
		got[fmt.Sprintf("%d %s", f.Line, f.Rule)] = f
	}
	var msgs []string
	for k := range want {
		if _, ok := got[k]; !ok {
			line, id, _ := strings.Cut(k, " ")
			msgs = append(msgs, fmt.Sprintf("%s:%s: missing %s", name, line, id))
		}
	}
	for k, f := range got {
		if !want[k] {
			msgs = append(msgs, fmt.Sprintf("%s: unexpected %s at %d:%d", name, f.Rule, f.Line, f.Column))
		}
	}
	sort.Strings(msgs)
	for _, m := range msgs {
		t.Error(m)
	}
}

// TestProjectFixtures checks the projects under testdata/projects: the
// wrappers are learned from all the files of a project, as tmpguard
// check does, then each file is checked against its "# want" comments.
func TestProjectFixtures(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	dirs, err := filepath.Glob("testdata/projects/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no project fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var paths []string
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() && strings.HasSuffix(p, ".py") {
					paths = append(paths, p)
				}
				return err
			})
			wrappers := LearnWrapperFiles(paths, 0)
			for _, p := range paths {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				rel, _ := filepath.Rel(dir, p)
				opts := fixtureOptions(t, string(data))
				opts.Wrappers = wrappers
				checkWants(t, rel, data, opts)
			}
		})
	}
}
