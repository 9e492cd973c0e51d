//go:build unix

package checkrun

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/tmpguard/tempfile/internal/pycheck"
)

// stdlibTree is this machine's Python standard library, the tree of
// docs/CHECKER.md's figures.
const stdlibTree = "/root/.pyenv/versions/3.11.7/lib/python3.11"

// stdlibJob returns a job over every *.py file of the standard library
// (site-packages and __pycache__ left out, as scripts/bench-checker.sh
// does), or skips the benchmark.
func stdlibJob(b *testing.B) *Job {
	b.Helper()
	if !pycheck.Available() {
		b.Skip("built without cgo")
	}
	job := &Job{Workers: 1, MaxFileSize: 10 << 20}
	filepath.WalkDir(stdlibTree, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == "site-packages" || d.Name() == "__pycache__") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && filepath.Ext(p) == ".py" {
			job.Files = append(job.Files, File{Path: p, Abs: p})
		}
		return nil
	})
	if len(job.Files) == 0 {
		b.Skip("no standard library at " + stdlibTree)
	}
	return job
}

// cpuTime returns the CPU time (user and system) this process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPythonStdlib runs the Python engine as tmpguard check does
// (the learning pass, the reads, the checks) over the standard library,
// one worker. Besides the wall time it reports cpu-ns/op, the CPU time
// of the whole process (GC included) per run: on a shared machine the
// steadier figure.
func BenchmarkPythonStdlib(b *testing.B) {
	job := stdlibJob(b)
	b.ResetTimer()
	start := cpuTime(b)
	for b.Loop() {
		res, err := (&Python{}).Check(job)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Findings) == 0 {
			b.Fatal("no findings on the standard library")
		}
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkPythonStdlibNoLearn is BenchmarkPythonStdlib with the
// project's wrappers given (none), so that no learning pass runs: the
// engine as it was before the pass, for a side-by-side measure of what
// learning costs.
func BenchmarkPythonStdlibNoLearn(b *testing.B) {
	job := stdlibJob(b)
	b.ResetTimer()
	start := cpuTime(b)
	for b.Loop() {
		p := &Python{Options: pycheck.Options{Wrappers: map[string]string{}}}
		if _, err := p.Check(job); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}
