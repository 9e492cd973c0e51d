package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/tmpguard/tempfile/internal/pycheck"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"tmpguard": main,
		// tmpguard on a system without /tmp, /var/tmp or /usr/tmp (only
		// the variables are left to name a temporary directory).
		"tmpguard-notmp": func() {
			defaultTempDirs = nil
			os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		// A real sweep keeps this user's lock in $XDG_RUNTIME_DIR, else in
		// the cache directory: give each script a runtime directory of
		// its own, so that no script writes outside its $WORK (testscript's
		// $HOME names no directory, and root could create it).
		Setup: func(env *testscript.Env) error {
			run := filepath.Join(env.WorkDir, ".xdg-run")
			env.Setenv("XDG_RUNTIME_DIR", run)
			return os.Mkdir(run, 0o700)
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Geteuid() == 0, nil
			case "cgo":
				return pycheck.Available(), nil
			}
			return false, errors.New("unknown condition " + cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"status":    cmdStatus,
			"writefile": cmdWritefile,
			"bigfile":   cmdBigfile,
			// Shell subcommands (mktemp_test.go, run_test.go, report_test.go).
			"mktempcmp": cmdMktempCmp,
			"jsonget":   cmdJSONGet,
			"lastfield": cmdLastField,
			"near":      cmdNear,
		},
	})
}

// status N PROG ARGS... runs PROG and fails unless it exits with status N.
// Standard output and error are kept for stdout and stderr.
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: %v", err)
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("status: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// writefile FILE 'text with Go escapes' writes the text with its escapes
// (\n, \xe9) decoded: for bytes a txtar file cannot hold, like invalid
// UTF-8.
func cmdWritefile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: writefile FILE QUOTED")
	}
	data, err := strconv.Unquote(`"` + args[1] + `"`)
	if err != nil {
		ts.Fatalf("writefile: %v", err)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(data), 0o644))
}

// bigfile FILE MB writes a valid Python file of MB megabytes.
func cmdBigfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: bigfile FILE MB")
	}
	mb, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("bigfile: %v", err)
	}
	line := []byte("import tempfile; x = tempfile.mktemp()\n")
	data := bytes.Repeat(line, mb<<20/len(line)+1)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}

// TestNoCgoBuild builds tmpguard without cgo: it must compile, and check
// must say that the Python checker is missing and exit 2.
func TestNoCgoBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command: slow")
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	bin := filepath.Join(t.TempDir(), "tmpguard")
	build := exec.Command(gobin, "build", "-buildvcs=false", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.py"), []byte("import tempfile\ntempfile.mktemp()\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "check", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Errorf("check without cgo: %v, want exit status 2", err)
	}
	if !strings.Contains(stderr.String(), "unavailable in this build") {
		t.Errorf("check without cgo: stderr = %q, want it to say the checker is unavailable", stderr.String())
	}
	// Go code needs no cgo: a module's packages are checked.
	mod := t.TempDir()
	for name, text := range map[string]string{
		"go.mod": "module example.com/nocgo\n\ngo 1.22\n",
		"p/p.go": "package p\n\nimport \"os\"\n\nfunc F() { _ = os.WriteFile(\"/tmp/nocgo\", nil, 0o600) }\n",
	} {
		if err := os.MkdirAll(filepath.Join(mod, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(mod, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCheck := exec.Command(bin, "check", ".")
	goCheck.Dir = mod
	goCheck.Env = append(os.Environ(), "GOPROXY=off")
	out, err := goCheck.CombinedOutput()
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || !bytes.Contains(out, []byte("p/p.go:5:")) || !bytes.Contains(out, []byte("TF101")) {
		t.Errorf("check of Go code without cgo: %v\n%s\nwant exit status 1 and a TF101 finding in p/p.go", err, out)
	}

	// The rule catalog needs no cgo.
	out, err = exec.Command(bin, "check", "--list-rules").Output()
	if err != nil || !bytes.Contains(out, []byte("TF001")) || !bytes.Contains(out, []byte("TF108")) {
		t.Errorf("--list-rules without cgo = %q, %v", out, err)
	}
}
