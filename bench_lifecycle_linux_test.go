package tempfile_test

// Benchmarks of issue 8: Sweep of a directory of 100,000 entries, half of
// them orphans, against find -delete of the same orphans. The costs of the
// registry and the owner marks on NewFile+Close and New+Close are measured
// by BenchmarkFile itself, run on the commit before issue 8 and on this
// one side by side (scripts/bench-lifecycle.sh).

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tmpguard/tempfile"
)

const (
	benchSweepOrphans = 50_000 // files of a dead owner
	benchSweepLive    = 25_000 // files of a live owner
	benchSweepOthers  = 25_000 // files of no owner
)

// benchSweepDir fills dir with the entries of BenchmarkSweep, with bare
// system calls: a dead owner's lock file (this boot, flock free) and its
// orphans, a live owner's lock file (flocked by the returned descriptor,
// which the caller closes) and its files, and unrelated files. It returns
// the dead owner's token.
func benchSweepDir(b *testing.B, dir string) (dead string, liveFd int) {
	boot, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	benchFatal(b, err)
	lock := func(tok string) int {
		content := "tmpguard-owner 1\nboot " + strings.TrimSpace(string(boot)) + "\npid 1\nstart 1\npidns 1\nuid " + fmt.Sprint(os.Geteuid()) + "\n"
		p := filepath.Join(dir, ".tmpguard-"+tok+".lock")
		benchFatal(b, os.WriteFile(p, []byte(content), 0o600))
		fd, err := unix.Open(p, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		benchFatal(b, err)
		return fd
	}
	name := func(i int, tok string) string {
		// 12 characters of the alphabet from i, then the token.
		var r [12]byte
		for j := range r {
			r[j] = tempfile.Alphabet[i&31]
			i >>= 5
		}
		return "tmp" + string(r[:]) + tok
	}
	touch := func(n string) {
		fd, err := unix.Open(filepath.Join(dir, n), unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
		benchFatal(b, err)
		unix.Close(fd)
	}
	dead, live := "deadaa", "liveaa"
	unix.Close(lock(dead))
	liveFd = lock(live)
	benchFatal(b, unix.Flock(liveFd, unix.LOCK_EX))
	for i := range benchSweepOrphans {
		touch(name(i, dead))
	}
	for i := range benchSweepLive {
		touch(name(i, live))
	}
	for i := range benchSweepOthers {
		touch(fmt.Sprintf("other-%d.txt", i))
	}
	return dead, liveFd
}

// BenchmarkSweep: one op is one sweep of the whole directory; the
// directory is filled with the timer stopped.
func BenchmarkSweep(b *testing.B) {
	benchEach(b, []benchImpl{
		{"sweep", func(b *testing.B, dir string) {
			for i := 0; i < b.N; i++ {
				benchStopTimer(b)
				d := filepath.Join(dir, fmt.Sprint(i))
				benchFatal(b, os.Mkdir(d, 0o700))
				_, fd := benchSweepDir(b, d)
				benchStartTimer(b)
				rep, err := tempfile.Sweep(d, tempfile.SweepOptions{})
				benchFatal(b, err)
				benchStopTimer(b)
				if len(rep.Removed) != benchSweepOrphans+1 {
					b.Fatalf("Sweep removed %d entries, want %d", len(rep.Removed), benchSweepOrphans+1)
				}
				unix.Close(fd)
				benchFatal(b, os.RemoveAll(d))
				benchStartTimer(b)
			}
		}},
		{"find-delete", func(b *testing.B, dir string) {
			// The same orphans, named by their token: all that an
			// age-only or name-only cleaner can go by.
			for i := 0; i < b.N; i++ {
				benchStopTimer(b)
				d := filepath.Join(dir, fmt.Sprint(i))
				benchFatal(b, os.Mkdir(d, 0o700))
				dead, fd := benchSweepDir(b, d)
				benchStartTimer(b)
				cmd := exec.Command("find", d, "-mindepth", "1", "-maxdepth", "1", "-type", "f", "-name", "tmp*"+dead, "-delete")
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("find: %v: %s", err, out)
				}
				benchStopTimer(b)
				// find's own CPU time, which getrusage(RUSAGE_SELF) misses.
				benchCPU.total += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				ents, err := os.ReadDir(d)
				benchFatal(b, err)
				if n := len(ents); n != benchSweepLive+benchSweepOthers+2 {
					b.Fatalf("find left %d entries, want %d", n, benchSweepLive+benchSweepOthers+2)
				}
				unix.Close(fd)
				benchFatal(b, os.RemoveAll(d))
				benchStartTimer(b)
			}
		}},
	})
}
