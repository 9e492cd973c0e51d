package pycheck

import (
	"strings"
	"testing"
)

// TestMessages checks the messages that carry more than the rule's
// summary: the low-risk prefix of the severity policy, where a path was
// built, and the helper a path is given to.
func TestMessages(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	tests := []struct {
		name, src, rule, want string
		lowRisk               bool
	}{
		{"mktemp then exclusive open", "import tempfile\np = tempfile.mktemp()\nf = open(p, 'x')\n", "TF001", `mode "x"`, true},
		{"mktemp then mkdir", "import os, tempfile\nd = tempfile.mktemp()\nos.mkdir(d)\n", "TF001", "os.mkdir()", true},
		{"mktemp in a private dir", "import tempfile\nwith tempfile.TemporaryDirectory() as td:\n    p = tempfile.mktemp(dir=td)\n", "TF001", "private temporary directory", true},
		{"mktemp then plain open", "import tempfile\np = tempfile.mktemp()\nf = open(p, 'w')\n", "TF001", "another process", false},
		{"dir=/tmp", "import tempfile\nd = tempfile.mkdtemp(dir='/tmp')\nprint(d)\nimport shutil\nshutil.rmtree(d)\n", "TF002", "portability", true},
		{"fd leaked in a test", "import tempfile\ndef test_x():\n    fd, p = tempfile.mkstemp()\n    return p\n", "TF006", "descriptor", true},
		{"fd leaked in code", "import tempfile\ndef make():\n    fd, p = tempfile.mkstemp()\n    return p\n", "TF006", "descriptor", false},
		{"built at a constant", "import os, tempfile\n\nCACHE = os.path.join(tempfile.gettempdir(), 'c')\n\n\ndef f():\n    os.makedirs(CACHE)\n", "TF010", "(CACHE, built at line 3)", false},
		{"random part", "import os, uuid\nos.mkdir(f'/tmp/x-{uuid.uuid4()}')\n", "TF002", "random part", true},
		{"random helper", "import os, random\ndef gen_name():\n    return str(random.randint(0, 9))\nos.mkdir('/tmp/x-' + gen_name())\n", "TF002", "random part", true},
		{"helper", "def save(p):\n    open(p, 'w')\n\n\nsave('/tmp/x')\n", "TF002", "given to save(), which creates or opens it at line 2", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := Check([]byte(tc.src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.Rule != tc.rule {
					continue
				}
				if !strings.Contains(f.Message, tc.want) {
					t.Errorf("message %q does not contain %q", f.Message, tc.want)
				}
				if got := strings.HasPrefix(f.Message, "low risk"); got != tc.lowRisk {
					t.Errorf("message %q: low risk %v, want %v", f.Message, got, tc.lowRisk)
				}
				return
			}
			t.Fatalf("no %s finding in %v", tc.rule, fs)
		})
	}
}

// TestLowRiskPrivateDir checks that mktemp in a directory made private by
// tempfile (or a helper named after mkdtemp) says low risk, and in any
// other directory does not.
func TestLowRiskPrivateDir(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	for _, tc := range []struct {
		dir  string
		want bool
	}{
		{"self.mkdtemp()", true}, {"tempfile.mkdtemp()", true}, {"tmp_path", true}, {"d", true},
		{"os.getcwd()", false}, {"'/srv'", false},
	} {
		src := "import os, tempfile\ndef f(self, tmp_path):\n    d = self.mkdtemp()\n    return tempfile.mktemp(dir=" + tc.dir + ")\n"
		fs, err := Check([]byte(src), Options{})
		if err != nil || len(fs) != 1 {
			t.Fatalf("%s: %v %v", tc.dir, fs, err)
		}
		if got := strings.HasPrefix(fs[0].Message, "low risk"); got != tc.want {
			t.Errorf("dir=%s: message %q, low risk %v, want %v", tc.dir, fs[0].Message, got, tc.want)
		}
	}
}
