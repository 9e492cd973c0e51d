package checkrun

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// heavyGitignore is a .gitignore of 460 patterns heavy in "**", as in
// testdata/gitignore-vs-git.sh.
func heavyGitignore(seed int) string {
	var b strings.Builder
	for i := range 300 {
		k := seed*1000 + i
		fmt.Fprintf(&b, "**/**/d%d/**/**/e%d*/**/**/x%d_*.py\n", k%50, k%7, k)
		if i%3 == 0 {
			fmt.Fprintf(&b, "**/**/**/f%d/**/**/**/*.tmp%d\n", k%13, k)
		}
		if i%5 == 0 {
			fmt.Fprintf(&b, "!**/**/keep%d/**/**/*.py\n", k)
		}
	}
	return b.String()
}

// BenchmarkIgnoreVsGit walks a tree of 1,000 files under a heavy
// .gitignore, and runs git status --ignored on the same tree, side by
// side: go test -bench IgnoreVsGit -count 5 | benchstat -col /impl -.
func BenchmarkIgnoreVsGit(b *testing.B) {
	dir := b.TempDir()
	for i := range 1000 {
		d := filepath.Join(dir, fmt.Sprintf("d%d/e%d/f%d", i%50, i%7, i%13))
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, fmt.Sprintf("m%d.py", i)), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ".gitignore"), []byte(heavyGitignore(1)), 0o644); err != nil {
		b.Fatal(err)
	}
	git, gitErr := exec.LookPath("git")
	if gitErr == nil {
		cmd := exec.Command(git, "init", "-q")
		cmd.Dir = dir
		if err := cmd.Run(); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("impl=tmpguard", func(b *testing.B) {
		for b.Loop() {
			got, _, err := collect([]string{dir}, nil, nil)
			if err != nil || len(got) != 1000 {
				b.Fatalf("collect = %d files, %v", len(got), err)
			}
		}
	})
	b.Run("impl=git", func(b *testing.B) {
		if gitErr != nil {
			b.Skip("git not found")
		}
		for b.Loop() {
			cmd := exec.Command(git, "-c", "core.excludesFile=/dev/null", "status", "--ignored", "--porcelain", "-uall")
			cmd.Dir = dir
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
