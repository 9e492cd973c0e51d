package pycheck

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCorpus checks every .py file under $PYCHECK_CORPUS (e.g. CPython's
// Lib directory) and prints each finding with its source line, for
// reading by hand. Skipped when the variable is unset.
func TestCorpus(t *testing.T) {
	root := os.Getenv("PYCHECK_CORPUS")
	if root == "" || !Available() {
		t.Skip("set PYCHECK_CORPUS to a directory of Python files")
	}
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == "site-packages" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".py") {
			files = append(files, p)
		}
		return nil
	})
	opts := Options{ParseAll: os.Getenv("PYCHECK_PARSEALL") != ""}
	type result struct {
		path string
		fs   []Finding
		err  error
		src  []byte
	}
	results := make([]result, len(files))
	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				src, err := os.ReadFile(files[i])
				if err != nil {
					results[i] = result{path: files[i], err: err}
					continue
				}
				f, err := Check(src, opts)
				results[i] = result{path: files[i], fs: f, err: err, src: src}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	perRule := map[string]int{}
	var srcErrs int
	for _, r := range results {
		var se *SourceError
		if errors.As(r.err, &se) {
			srcErrs++
			fmt.Printf("%s: %v\n", r.path, r.err)
			continue
		}
		lines := strings.Split(string(r.src), "\n")
		for _, f := range r.fs {
			perRule[f.Rule]++
			text := ""
			if f.Line-1 < len(lines) {
				text = strings.TrimSpace(lines[f.Line-1])
			}
			rel, _ := filepath.Rel(root, r.path)
			fmt.Printf("%s:%d:%d: %s %s\n    | %s\n", rel, f.Line, f.Column, f.Rule, f.Message, text)
		}
	}
	var ids []string
	total := 0
	for id, n := range perRule {
		ids = append(ids, id)
		total += n
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Printf("%s %d\n", id, perRule[id])
	}
	fmt.Printf("files %d, findings %d, source errors %d, %v\n", len(files), total, srcErrs, elapsed)
}
