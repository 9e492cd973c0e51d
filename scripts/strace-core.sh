#!/usr/bin/env bash
# strace-core.sh counts the system calls of one operation of each
# benchmark of bench_linux_test.go (ours, the floors and the os.*
# baselines), and writes the table to docs/bench/strace.txt.
#
#   scripts/strace-core.sh
#
# Method: the test binary runs one sub-benchmark under `strace -f -c`
# twice, with -test.benchtime=N1x and N2x; the difference of the two
# counts, divided by N2-N1, is the cost of one operation, with the fixed
# cost of starting the process and the benchmark taken out. GOGC=off keeps
# the garbage collector out of the counts.
#
# Two kinds of calls are shown apart:
#   - the operation's own calls (openat, close, unlinkat, fcntl, ...),
#     which are exact and must be integers;
#   - the Go runtime's background calls (futex, nanosleep, tgkill, ...),
#     which come from the scheduler and sysmon, scale with the run's length
#     and are noise here (they show up in the "runtime" column).
#
# The tree removal (10,000 files in 100 directories) builds its tree with
# the timer stopped, but strace sees that too: the build is bare system
# calls (per tree: 101 mkdirat, counting the root, and 10,000 openat and
# 10,000 close; see benchBuildTree), which are subtracted.
#
# Environment: BENCH_TMPFS_DIR / BENCH_EXT4_DIR as for the benchmarks;
# FS (default tmpfs) picks the filesystem. The counts do not depend on it.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/docs/bench
mkdir -p "$out"
FS=${FS:-tmpfs}

if ! command -v strace >/dev/null; then
	apt-get update -qq && apt-get install -y -qq strace >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/strace-core.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$repo" && go test -c -o "$work/bench.test" .)
export BENCH_EXT4_DIR=${BENCH_EXT4_DIR:-$work}

# counts BENCH IMPL N: "syscall calls" lines of one strace -c run.
counts() {
	local bench=$1 impl=$2 n=$3
	(cd "$work" && GOGC=off strace -f -c -o "$work/st" ./bench.test -test.run='^$' \
		-test.bench="^Benchmark$bench\$/^fs=$FS\$/^impl=$impl\$" -test.benchtime="${n}x" >"$work/out")
	grep -q "^Benchmark$bench/" "$work/out" || { cat "$work/out" >&2; exit 1; }
	# strace -c columns: % time, seconds, usecs/call, calls, [errors], syscall
	awk '$1 ~ /^[0-9.]+$/ && $NF ~ /^[a-z_0-9]+$/ && $NF != "total" { print $NF, $4 }' "$work/st"
}

runtime_calls='^(futex|nanosleep|sched_yield|tgkill|getpid|rt_sigreturn|rt_sigprocmask|madvise|mmap|munmap|epoll_pwait|clone|clone3|gettid|sigaltstack|prctl|pread64|sched_getaffinity|getrusage)$'

# measure BENCH IMPL N1 N2 SUBTRACT: one row of the table. SUBTRACT is
# "name=count ..." of calls per operation that are not the operation's.
measure() {
	local bench=$1 impl=$2 n1=$3 n2=$4 sub=$5
	counts "$bench" "$impl" "$n1" | sort >"$work/a"
	counts "$bench" "$impl" "$n2" | sort >"$work/b"
	# One line per system call seen in either run: name, calls in run 1, in run 2.
	join -a1 -a2 -e0 -o0,1.2,2.2 "$work/a" "$work/b" |
		awk -v n="$((n2 - n1))" -v minus="$sub" -v rt="$runtime_calls" -v name="$bench/$impl" '
			BEGIN { k = split(minus, s, " "); for (i = 1; i <= k; i++) { split(s[i], kv, "="); m[kv[1]] = kv[2] } }
			{
				d = ($3 - $2) / n - m[$1]
				if ($1 ~ rt) { run += d; next }
				if (d < 0.005 && d > -0.005) next
				own += d
				list = list sprintf("%s %s  ", $1, (d == int(d) ? sprintf("%d", d) : sprintf("%.2f", d)))
			}
			END { printf "%-28s %8.1f %8.2f   %s\n", name, own, run, list }'
}

tree_build="mkdirat=101 openat=10000 close=10000"
{
	echo "# system calls per operation, fs=$FS, $(go version | cut -d' ' -f3), $(uname -r)"
	echo "# own: the operation's calls; runtime: the Go runtime's background calls (noise)"
	printf "%-28s %8s %8s   %s\n" "benchmark/impl" "own" "runtime" "calls per operation"
	for impl in floor-createexcl floor-createexcl-osfile newfile os-createtemp floor-tmpfile floor-tmpfile-osfile new; do
		measure File "$impl" 1000 3000 ""
	done
	for impl in floor-mkdir newdir os-mkdirtemp; do
		measure Dir "$impl" 1000 3000 ""
	done
	for impl in dir-close os-removeall; do
		measure RemoveTree "$impl" 2 6 "$tree_build"
	done
} | tee "$out/strace.txt"
