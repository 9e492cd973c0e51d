package pycheck

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestLearnWrappers checks what one file teaches about wrappers.
func TestLearnWrappers(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want map[string]string
	}{
		{"returns the object", "import tempfile\ndef NamedTempFile(**kw):\n    return tempfile.NamedTemporaryFile(**kw)\n",
			map[string]string{"NamedTempFile": "tempfile.NamedTemporaryFile"}},
		{"through a name", "import tempfile\ndef make_scratch(suffix):\n    f = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)\n    f.write(b'x')\n    return f\n",
			map[string]string{"make_scratch": "tempfile.NamedTemporaryFile"}},
		{"returns a directory", "from tempfile import mkdtemp\nclass C:\n    def scratch_dir(self):\n        return mkdtemp()\n",
			map[string]string{".scratch_dir": "tempfile.mkdtemp"}},
		{"context manager", "import contextlib, tempfile, shutil\n@contextlib.contextmanager\ndef temp_dir():\n    d = tempfile.mkdtemp()\n    try:\n        yield d\n    finally:\n        shutil.rmtree(d)\n", nil},
		{"registers its removal", "import tempfile\nclass T:\n    def mkdtemp(self):\n        d = tempfile.mkdtemp()\n        self.tempdirs.append(d)\n        return d\n", nil},
		{"subprocess forwarding", "import subprocess\ndef run_command(self, args, check=True):\n    p = subprocess.run(args,\n        check=check)\n    return p.returncode\n",
			map[string]string{"run_command": "subprocess.run"}},
		{"uses but does not return", "import tempfile\ndef process(data):\n    with tempfile.NamedTemporaryFile() as f:\n        f.write(data)\n    return 1\n", nil},
		{"subprocess with fixed arguments", "import subprocess\ndef git_version(self):\n    return subprocess.check_output(['git', '--version'])\n", nil},
		{"generic name", "import tempfile\ndef make():\n    return tempfile.mkdtemp()\n", nil},
		{"no tempfile at all", "def NamedTempFile():\n    return 1\n", nil},
		{"file handler subclass", "import logging\nclass AppLog(logging.FileHandler):\n    pass\n",
			map[string]string{"AppLog": "logging.FileHandler"}},
		{"handler imported by name", "from logging.handlers import RotatingFileHandler\n\nclass Rotating(RotatingFileHandler):\n    def __init__(self, filename, mode='a'):\n        super().__init__(filename, mode)\n",
			map[string]string{"Rotating": "logging.handlers.RotatingFileHandler"}},
		{"handlers module", "from logging import handlers\nclass Timed(handlers.TimedRotatingFileHandler, Mixin):\n    level = 1\n",
			map[string]string{"Timed": "logging.handlers.TimedRotatingFileHandler"}},
		{"handler with other arguments", "import logging\nclass Named(logging.FileHandler):\n    def __init__(self, app_name):\n        super().__init__('/var/log/' + app_name)\n", nil},
		{"urllib's FileHandler", "import urllib.request\nclass Local(urllib.request.FileHandler):\n    pass\n", nil},
		{"bare name not from logging", "from urllib.request import FileHandler\nclass Local(FileHandler):\n    pass\n", nil},
		{"nested class", "import logging\ndef f():\n    class Inner(logging.FileHandler):\n        pass\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := LearnWrappers([]byte(tc.src))
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("LearnWrappers = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestWrappersAcrossFiles learns wrappers from one real file of a project
// and checks another that only calls them (and never spells "tempfile").
func TestWrappersAcrossFiles(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	dir := t.TempDir()
	utils := "import subprocess\nimport tempfile\n\n\ndef NamedTempFile(**kwargs):\n    return tempfile.NamedTemporaryFile(**kwargs)\n\n\n" +
		"def run_command(cmd, check=True):\n    return subprocess.run(cmd, check=check)\n"
	user := "import proj_utils\n\n\ndef leak(data):\n    with proj_utils.NamedTempFile(delete=False) as f:\n        f.write(data)\n    return 1\n\n\n" +
		"def unflushed(data):\n    with proj_utils.NamedTempFile() as f:\n        f.write(data)\n        proj_utils.run_command(['wc', f.name])\n"
	files := map[string]string{"proj_utils.py": utils, "user.py": user}
	var paths []string
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	learned := LearnWrapperFiles(append(paths, filepath.Join(dir, "missing.py")), 0)
	want := map[string]string{"proj_utils.NamedTempFile": "tempfile.NamedTemporaryFile", "proj_utils.run_command": "subprocess.run"}
	if !reflect.DeepEqual(learned, want) {
		t.Fatalf("LearnWrapperFiles = %v, want %v", learned, want)
	}
	for _, tc := range []struct {
		wrappers map[string]string
		want     []string
	}{
		{nil, nil},
		{learned, []string{"5 TF004", "13 TF009"}},
	} {
		fs, err := Check([]byte(user), Options{Wrappers: tc.wrappers})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			got = append(got, fmt.Sprintf("%d %s", f.Line, f.Rule))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("wrappers %v: findings %v, want %v", tc.wrappers, got, tc.want)
		}
	}
}

// BenchmarkLearnWrapperFiles measures the learning pass over this
// machine's standard library (skipped where it is not installed).
func BenchmarkLearnWrapperFiles(b *testing.B) {
	root := "/root/.pyenv/versions/3.11.7/lib/python3.11"
	var paths []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == "site-packages" {
			return filepath.SkipDir
		}
		if !d.IsDir() && filepath.Ext(p) == ".py" {
			paths = append(paths, p)
		}
		return nil
	})
	if len(paths) == 0 {
		b.Skip("no standard library at " + root)
	}
	b.ResetTimer()
	for b.Loop() {
		LearnWrapperFiles(paths, 10<<20)
	}
}

// TestWrappersOddKeys checks that a caller's map with empty or odd keys
// neither panics nor matches anything.
func TestWrappersOddKeys(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	src := []byte("import proj\nf = proj.make()\nf.write(b'x')\n")
	for _, w := range []map[string]string{{"": "tempfile.mkdtemp"}, {".": "tempfile.mkdtemp"}, {"proj.": "x"}} {
		fs, err := Check(src, Options{Wrappers: w})
		if err != nil || len(fs) != 0 {
			t.Errorf("Check with wrappers %v = %v, %v; want no findings", w, fs, err)
		}
	}
}

// TestPrescanAgreesWithCheck checks Prescan against what it stands for
// on every fixture and on odd inputs: the wrappers of LearnWrappers, and
// parse false only where Check returns nothing without the wrappers.
func TestPrescanAgreesWithCheck(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	files, _ := filepath.Glob("testdata/*.py")
	srcs := map[string][]byte{
		"empty":         nil,
		"invalid UTF-8": []byte("x = '\xff'\n"),
		"nothing":       []byte("def f():\n    return 1\n"),
		"syntax error":  []byte("def f(:\n"),
		"root":          []byte("p = '/scratch/x'\n"),
		"wrapper only":  []byte("import proj\nwith proj.make_temp_file(delete=False) as f:\n    f.write(b'x')\n"),
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		srcs[filepath.Base(f)] = data
	}
	for name, src := range srcs {
		for _, opts := range []Options{{}, {ParseAll: true}, {TempRoots: []string{"/scratch"}}} {
			parse, w := Prescan(src, opts)
			if want := LearnWrappers(src); !reflect.DeepEqual(w, want) {
				t.Errorf("%s: Prescan wrappers = %v, want %v", name, w, want)
			}
			if parse {
				continue
			}
			if fs, err := Check(src, opts); fs != nil || err != nil {
				t.Errorf("%s, %+v: Prescan says no parse, but Check = %v, %v", name, opts, fs, err)
			}
		}
		// The probe lets through a file that calls a learned wrapper.
		probe := WrapperProbe(map[string]string{".make_temp_file": "tempfile.NamedTemporaryFile"})
		if parse, _ := Prescan(src, Options{}); !parse && probe(src) != (name == "wrapper only") {
			t.Errorf("%s: probe = %v", name, probe(src))
		}
	}
}

// TestHandlersAcrossFiles learns logging.FileHandler subclasses from one
// file of a project and checks another that constructs them with a fixed
// or predictable temporary path, in three spellings, with near misses.
func TestHandlersAcrossFiles(t *testing.T) {
	if !Available() {
		t.Skip("built without cgo")
	}
	dir := t.TempDir()
	files := map[string]string{
		"proj_log.py": "import logging\nfrom logging.handlers import RotatingFileHandler\n\n\n" +
			"class AppLog(logging.FileHandler):\n    pass\n\n\n" +
			"class Rotating(RotatingFileHandler):\n    def __init__(self, filename, **kw):\n        super().__init__(filename, **kw)\n\n\n" +
			"class Named(logging.FileHandler):\n    def __init__(self, app):\n        super().__init__(app + '.log')\n",
		"user.py": "import os\nimport tempfile\nimport proj_log\nfrom proj_log import Rotating as R, Named\n\n\n" +
			"def setup():\n" +
			"    proj_log.AppLog('/tmp/app.log')\n" + // line 8: TF002
			"    R(os.path.join(tempfile.gettempdir(), 'rot.log'), maxBytes=1)\n" + // line 9: TF010
			"    proj_log.AppLog(filename='/var/tmp/k.log')\n" + // line 10: TF002
			"\n\ndef near_misses():\n" +
			"    Named('/tmp/app')\n" +
			"    proj_log.AppLog('logs/app.log')\n" +
			"    with tempfile.TemporaryDirectory() as td:\n" +
			"        proj_log.AppLog(td + '/x.log')\n",
	}
	var paths []string
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	learned := LearnWrapperFiles(paths, 0)
	for _, tc := range []struct {
		wrappers map[string]string
		want     []string
	}{
		{nil, nil},
		{learned, []string{"8 TF002", "9 TF010", "10 TF002"}},
	} {
		fs, err := Check([]byte(files["user.py"]), Options{Wrappers: tc.wrappers})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range fs {
			got = append(got, fmt.Sprintf("%d %s", f.Line, f.Rule))
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("wrappers %v: findings %v, want %v", tc.wrappers, got, tc.want)
		}
	}
}
