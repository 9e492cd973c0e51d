package pycheck

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCheckStdlib runs Check on every file of this machine's
// standard library (the engine alone: no walk, no learning pass).
func BenchmarkCheckStdlib(b *testing.B) {
	root := "/root/.pyenv/versions/3.11.7/lib/python3.11"
	var srcs [][]byte
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == "site-packages" {
			return filepath.SkipDir
		}
		if !d.IsDir() && filepath.Ext(p) == ".py" {
			if data, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, data)
			}
		}
		return nil
	})
	if len(srcs) == 0 || !Available() {
		b.Skip("no standard library or no cgo")
	}
	b.ResetTimer()
	for b.Loop() {
		for _, s := range srcs {
			Check(s, Options{})
		}
	}
}
