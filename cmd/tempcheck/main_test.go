package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildTool builds this command into a temporary directory.
func buildTool(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tempcheck")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeModule writes a module with one finding of TF101 (line 6) and one
// suppressed one.
func writeModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.22\n",
		"m.go": `package m

import "os"

func Save(b []byte) error {
	return os.WriteFile("/tmp/m.state", b, 0o600)
}

func Load() ([]byte, error) {
	os.WriteFile("/tmp/m.other", nil, 0o600) //tmpguard:ignore TF101
	return os.ReadFile("/tmp/m.state")
}
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestVetTool(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command:", err)
	}
	bin := buildTool(t)
	mod := writeModule(t)
	tests := []struct {
		name string
		args []string
	}{
		{"go vet -vettool", []string{"go", "vet", "-vettool=" + bin, "./..."}},
		{"standalone", []string{bin, "./..."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(tc.args[0], tc.args[1:]...)
			cmd.Dir = mod
			out, err := cmd.CombinedOutput()
			if _, ok := err.(*exec.ExitError); !ok {
				t.Fatalf("%v: err = %v, want a non-zero exit status\n%s", tc.args, err, out)
			}
			got := string(out)
			if !strings.Contains(got, "m.go:6:22: TF101 os.WriteFile is given the fixed path \"/tmp/m.state\"") {
				t.Errorf("%v output lacks the TF101 finding at m.go:6:22:\n%s", tc.args, got)
			}
			if strings.Contains(got, "m.other") || strings.Count(got, "TF1") != 1 {
				t.Errorf("%v: want exactly one finding (the suppressed one and the read silent):\n%s", tc.args, got)
			}
		})
	}
}
