package tempfile_test

// Benchmarks of issue 2: the library against the bare system calls (the
// floor, written with x/sys/unix) and against os.CreateTemp/os.MkdirTemp,
// side by side in one run, on ext4 and on tmpfs. Each benchmark name ends in
// /fs=ext4 or /fs=tmpfs and /impl=..., so that
//
//	benchstat -col /impl docs/bench/core.txt
//
// puts the implementations in columns. scripts/bench-core.sh runs them and
// docs/BENCHMARKS.md holds the figures.
//
// Besides ns/op (wall time), every benchmark reports cpu-ns/op: the CPU
// time (user + system, all threads, from getrusage) per operation. It does
// not count the time spent waiting for a CPU, so it stays meaningful when
// other work shares the machine, where wall time does not.
//
// The directories: BENCH_EXT4_DIR (default: a fresh directory in
// os.TempDir()) and BENCH_TMPFS_DIR (default /dev/shm). A benchmark whose
// directory is not on the filesystem it names is skipped with the reason.

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tmpguard/tempfile"
)

type benchFS struct {
	name  string // "ext4" or "tmpfs"
	env   string // variable naming the parent directory
	def   string // default parent directory; "" means os.TempDir()
	magic int64  // statfs f_type
}

var benchFilesystems = []benchFS{
	// EXT4_SUPER_MAGIC is also the magic of ext2 and ext3, which no longer
	// exist as drivers of their own: the kernel mounts them with ext4.
	{name: "ext4", env: "BENCH_EXT4_DIR", magic: unix.EXT4_SUPER_MAGIC},
	{name: "tmpfs", env: "BENCH_TMPFS_DIR", def: "/dev/shm", magic: unix.TMPFS_MAGIC},
}

// benchDir returns a new empty directory on fs, removed when b ends, or
// skips b if there is none.
func benchDir(b *testing.B, fs benchFS) string {
	b.Helper()
	parent := os.Getenv(fs.env)
	if parent == "" {
		parent = fs.def
	}
	if parent == "" {
		parent = os.TempDir()
	}
	var st unix.Statfs_t
	if err := unix.Statfs(parent, &st); err != nil {
		b.Skipf("fs=%s: %s: %v (set %s)", fs.name, parent, err, fs.env)
	}
	if int64(st.Type) != fs.magic {
		b.Skipf("fs=%s: %s is on a filesystem with magic %#x, not %#x (set %s)", fs.name, parent, st.Type, fs.magic, fs.env)
	}
	dir, err := os.MkdirTemp(parent, "tempfile-bench-")
	if err != nil {
		b.Skipf("fs=%s: %v (set %s)", fs.name, err, fs.env)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// benchEach runs fn as the sub-benchmarks fs=<name>/impl=<impl> for every
// filesystem, in a fresh directory each.
func benchEach(b *testing.B, impls []benchImpl) {
	for _, fs := range benchFilesystems {
		b.Run("fs="+fs.name, func(b *testing.B) {
			for _, im := range impls {
				b.Run("impl="+im.name, func(b *testing.B) {
					dir := benchDir(b, fs)
					b.ReportAllocs()
					benchCPU.total = 0
					benchCPU.since = benchCPUNow()
					im.fn(b, dir)
					benchCPU.total += benchCPUNow() - benchCPU.since
					b.ReportMetric(float64(benchCPU.total.Nanoseconds())/float64(b.N), "cpu-ns/op")
				})
			}
		})
	}
}

type benchImpl struct {
	name string
	fn   func(b *testing.B, dir string)
}

// benchCPU is the CPU timer of the running benchmark (they run one at a
// time), the counterpart of b's wall-time timer: stop and start both with
// benchStopTimer and benchStartTimer.
var benchCPU struct {
	total, since time.Duration
}

func benchCPUNow() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchStopTimer(b *testing.B) {
	b.StopTimer()
	benchCPU.total += benchCPUNow() - benchCPU.since
}

func benchStartTimer(b *testing.B) {
	benchCPU.since = benchCPUNow()
	b.StartTimer()
}

func benchFatal(b *testing.B, err error) {
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkFile: a temporary file created and removed. The floors are the
// bare system calls: open(O_CREAT|O_EXCL) + close + unlink for a named file,
// open(O_TMPFILE) + close for an anonymous one; the -osfile floors wrap the
// descriptor in an *os.File (os.NewFile, File.Close), which is the least
// that any constructor returning an *os.File pays. os-createtemp is the
// standard library's named file (os.CreateTemp + Close + os.Remove).
func BenchmarkFile(b *testing.B) {
	benchEach(b, []benchImpl{
		{"floor-createexcl", func(b *testing.B, dir string) {
			prefix := dir + "/f"
			for i := 0; i < b.N; i++ {
				name := prefix + strconv.Itoa(i)
				fd, err := unix.Open(name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
				benchFatal(b, err)
				benchFatal(b, unix.Close(fd))
				benchFatal(b, unix.Unlink(name))
			}
		}},
		{"floor-createexcl-osfile", func(b *testing.B, dir string) {
			// The floor of anything that returns an *os.File: os.NewFile
			// costs an fcntl(F_GETFL) and a finalizer, os.File.Close goes
			// through the poller's descriptor.
			prefix := dir + "/f"
			for i := 0; i < b.N; i++ {
				name := prefix + strconv.Itoa(i)
				fd, err := unix.Open(name, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
				benchFatal(b, err)
				benchFatal(b, os.NewFile(uintptr(fd), name).Close())
				benchFatal(b, unix.Unlink(name))
			}
		}},
		{"newfile", func(b *testing.B, dir string) {
			for i := 0; i < b.N; i++ {
				f, err := tempfile.NewFile(tempfile.InDir(dir))
				benchFatal(b, err)
				benchFatal(b, f.Close())
			}
		}},
		{"os-createtemp", func(b *testing.B, dir string) {
			for i := 0; i < b.N; i++ {
				f, err := os.CreateTemp(dir, "tmp")
				benchFatal(b, err)
				benchFatal(b, f.Close())
				benchFatal(b, os.Remove(f.Name()))
			}
		}},
		{"floor-tmpfile", func(b *testing.B, dir string) {
			for i := 0; i < b.N; i++ {
				fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, 0o600)
				if err == unix.EOPNOTSUPP || err == unix.EISDIR {
					b.Skipf("O_TMPFILE not supported in %s: %v", dir, err)
				}
				benchFatal(b, err)
				benchFatal(b, unix.Close(fd))
			}
		}},
		{"floor-tmpfile-osfile", func(b *testing.B, dir string) {
			for i := 0; i < b.N; i++ {
				fd, err := unix.Open(dir, unix.O_TMPFILE|unix.O_RDWR|unix.O_CLOEXEC, 0o600)
				if err == unix.EOPNOTSUPP || err == unix.EISDIR {
					b.Skipf("O_TMPFILE not supported in %s: %v", dir, err)
				}
				benchFatal(b, err)
				benchFatal(b, os.NewFile(uintptr(fd), dir).Close())
			}
		}},
		{"new", func(b *testing.B, dir string) {
			for i := 0; i < b.N; i++ {
				f, err := tempfile.New(tempfile.InDir(dir))
				benchFatal(b, err)
				benchFatal(b, f.Close())
			}
		}},
	})
}

// BenchmarkDir: an empty temporary directory created and removed. The
// floor is mkdir + rmdir.
func BenchmarkDir(b *testing.B) {
	benchEach(b, []benchImpl{
		{"floor-mkdir", func(b *testing.B, dir string) {
			prefix := dir + "/d"
			for i := 0; i < b.N; i++ {
				name := prefix + strconv.Itoa(i)
				benchFatal(b, unix.Mkdir(name, 0o700))
				benchFatal(b, unix.Rmdir(name))
			}
		}},
		{"newdir", func(b *testing.B, dir string) {
			for i := 0; i < b.N; i++ {
				d, err := tempfile.NewDir(tempfile.InDir(dir))
				benchFatal(b, err)
				benchFatal(b, d.Close())
			}
		}},
		{"os-mkdirtemp", func(b *testing.B, dir string) {
			for i := 0; i < b.N; i++ {
				name, err := os.MkdirTemp(dir, "tmp")
				benchFatal(b, err)
				benchFatal(b, os.Remove(name))
			}
		}},
	})
}

// The tree of BenchmarkRemoveTree: benchTreeDirs directories of
// benchTreeFiles empty files each, 10,000 files in all.
const (
	benchTreeDirs  = 100
	benchTreeFiles = 100
)

// benchBuildTree fills root with the tree, with bare system calls: per
// tree, benchTreeDirs mkdirat and benchTreeDirs*benchTreeFiles openat and
// close (scripts/strace-core.sh subtracts exactly these).
func benchBuildTree(b *testing.B, root string) {
	for i := range benchTreeDirs {
		sub := filepath.Join(root, fmt.Sprintf("d%03d", i))
		benchFatal(b, unix.Mkdir(sub, 0o700))
		for j := range benchTreeFiles {
			fd, err := unix.Open(sub+"/f"+strconv.Itoa(j), unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
			benchFatal(b, err)
			benchFatal(b, unix.Close(fd))
		}
	}
}

// BenchmarkRemoveTree: removal of a 10,000-file tree, Dir.Close against
// os.RemoveAll. Only the removal is timed; the tree is built, and the root
// created, with the timer stopped.
func BenchmarkRemoveTree(b *testing.B) {
	benchRemoval(b, func(b *testing.B, root string) { benchBuildTree(b, root) })
}

// BenchmarkRemoveDeepTree: removal of a chain of 8,000 directories with
// 200-byte names (a path of 1.6 MB, what anyone who can write into a
// directory can build), Dir.Close against os.RemoveAll. Only the removal
// is timed. Peak memory is compared by TestDirCloseDeepTree.
func BenchmarkRemoveDeepTree(b *testing.B) {
	benchRemoval(b, func(b *testing.B, root string) { buildDeep(b, root, 8000, 200) })
}

// benchRemoval times the removal of trees that build makes in a fresh
// root, by Dir.Close and by os.RemoveAll.
func benchRemoval(b *testing.B, build func(b *testing.B, root string)) {
	benchEach(b, []benchImpl{
		{"dir-close", func(b *testing.B, dir string) {
			for i := 0; i < b.N; i++ {
				benchStopTimer(b)
				d, err := tempfile.NewDir(tempfile.InDir(dir))
				benchFatal(b, err)
				build(b, d.Path())
				benchStartTimer(b)
				benchFatal(b, d.Close())
			}
		}},
		{"os-removeall", func(b *testing.B, dir string) {
			for i := 0; i < b.N; i++ {
				benchStopTimer(b)
				root, err := os.MkdirTemp(dir, "tmp")
				benchFatal(b, err)
				build(b, root)
				benchStartTimer(b)
				benchFatal(b, os.RemoveAll(root))
			}
		}},
	})
}
