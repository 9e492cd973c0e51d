package pycheck

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Generated code must not make Check quadratic: each case is a few MB of
// one pattern repeated, and must give the right findings. There is no
// assertion on time (a timed test is flaky on a loaded machine); a
// quadratic regression shows as a run that does not end within the test
// timeout, and the logged durations show the trend.
func TestStress(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	if testing.Short() {
		t.Skip("short")
	}
	const n = 20000
	var funcs, rebinds, line, objects, writes, oneFunc, class, named strings.Builder
	for _, b := range []*strings.Builder{&funcs, &rebinds, &line, &objects, &writes, &oneFunc, &class, &named} {
		b.WriteString("import tempfile, os, subprocess\n")
	}
	oneFunc.WriteString("def big():\n")
	class.WriteString("class C:\n    def __init__(self):\n        self.p = os.path.join(tempfile.gettempdir(), 'x')\n")
	named.WriteString("def many():\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&funcs, "def f%d():\n    d = tempfile.mkdtemp()\n    os.listdir(d)\n", i)
		fmt.Fprintf(&rebinds, "p = p + '/x%d'\nopen(p, 'w')\n", i)
		fmt.Fprintf(&line, "tempfile.mktemp('é%d'); ", i)
		fmt.Fprintf(&objects, "f = tempfile.TemporaryFile()\nf.write(b'%d')\nf.close()\n", i)
		fmt.Fprintf(&writes, "f.write(b'%d')\nsubprocess.run(['cat', f.name])\nf.close()\n", i)
		fmt.Fprintf(&oneFunc, "    d%d = tempfile.mkdtemp()\n    subprocess.run(['ls', d%d])\n    os.rmdir(d%d)\n", i, i, i)
		fmt.Fprintf(&class, "    def m%d(self):\n        return os.path.exists(self.p)\n", i)
		fmt.Fprintf(&named, "    f = tempfile.NamedTemporaryFile()\n    fd, path = tempfile.mkstemp()\n    print(f.name, path, %d)\n", i)
	}
	line.WriteString("\n")
	cases := []struct {
		name string
		src  string
		rule string
		want int // findings of rule; -1: any number
	}{
		{"functions", funcs.String(), "TF004", n},
		{"rebinds", rebinds.String(), "", -1},
		{"one long line", line.String(), "TF001", n},
		{"rebound objects", objects.String(), "", -1},
		{"writes and execs", "import tempfile\nf = tempfile.NamedTemporaryFile()\n" + writes.String(), "", -1},
		{"calls in one function", oneFunc.String(), "TF004", 0},
		{"one class, many methods", class.String(), "", -1},
		{"many objects, one name", named.String(), "", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			fs, err := Check([]byte(tc.src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			for _, f := range fs {
				if f.Rule == tc.rule {
					got++
				}
			}
			if tc.want >= 0 && got != tc.want {
				t.Errorf("%d %s findings, want %d", got, tc.rule, tc.want)
			}
			t.Logf("%d bytes, %d findings in %v", len(tc.src), len(fs), time.Since(start))
			start = time.Now()
			LearnWrappers([]byte(tc.src))
			t.Logf("wrappers learned in %v", time.Since(start))
		})
	}
}
