#!/usr/bin/env bash
# bench-core.sh runs the benchmarks of issue 2 (bench_linux_test.go) and
# writes the raw figures and the benchstat tables to docs/bench/.
#
#   scripts/bench-core.sh            # 10 rounds, about 20 minutes on 2 cores
#   COUNT=6 scripts/bench-core.sh    # fewer rounds (6 is benchstat's minimum)
#
# Each round runs every benchmark once (-count=1), one process per
# benchmark, in a new random order (shuf); the rounds are repeated COUNT
# times. Drift (other work on the machine, the filesystem's own state: an
# ext4 without a journal, like this VM's root, slows every inode allocation
# for minutes after many deletions) then spreads over all implementations
# alike instead of landing on whichever runs first. The tree removals run
# in a second phase, after all the single-object rounds, so that their
# 10,000-file deletions do not slow the others. Run it on an otherwise idle
# machine: one benchmark process at a time, nothing compiling.
#
# Environment:
#   COUNT            rounds (default 10)
#   BENCHTIME        -benchtime of the file and directory benchmarks (1s)
#   TREETIME         -benchtime of the 10,000-file tree removal (1x: one
#                    tree per process; building one takes ~10 s on ext4
#                    without a journal)
#   BENCH_EXT4_DIR   parent directory on ext4 (default: a new directory in
#                    ${TMPDIR:-/tmp}); must be ext4 or those benchmarks skip
#   BENCH_TMPFS_DIR  parent directory on tmpfs (default /dev/shm)
#   JOURNAL          1 (default when root): also run the ext4 benchmarks on a
#                    freshly made ext4 *with* a journal, loop-mounted, into
#                    docs/bench/core-ext4-journal.txt; 0 to skip
#
# Output: docs/bench/core.txt (raw, benchstat input), core-ext4-journal.txt,
# tables.txt (benchstat tables), summary.md (medians and the ratios of the
# goals), env.txt (machine, kernel, Go, load).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/docs/bench
mkdir -p "$out"
COUNT=${COUNT:-10}
BENCHTIME=${BENCHTIME:-1s}
TREETIME=${TREETIME:-1x}
JOURNAL=${JOURNAL:-$([ "$(id -u)" = 0 ] && echo 1 || echo 0)}

gobin=$(go env GOPATH)/bin
if ! [ -x "$gobin/benchstat" ]; then
	go install golang.org/x/perf/cmd/benchstat@latest
fi
benchstat=$gobin/benchstat

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-core.XXXXXX")
mnt=""
cleanup() {
	if [ -n "$mnt" ]; then
		umount "$mnt" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

(cd "$repo" && go test -c -o "$work/bench.test" .)
export BENCH_EXT4_DIR=${BENCH_EXT4_DIR:-$work}
export BENCH_TMPFS_DIR=${BENCH_TMPFS_DIR:-/dev/shm}

{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "commit: ${COMMIT:-$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)}"
	echo "go: $(go version)"
	echo "kernel: $(uname -srm)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
	echo "ext4 dir: $BENCH_EXT4_DIR on $(df --output=source "$BENCH_EXT4_DIR" | tail -1) ($(findmnt -no FSTYPE,OPTIONS -T "$BENCH_EXT4_DIR" | head -1))"
	echo "jbd2 journals mounted (an ext4 with a journal shows here): $(ls /proc/fs/jbd2/ 2>/dev/null | tr '\n' ' ')"
	echo "tmpfs dir: $BENCH_TMPFS_DIR ($(findmnt -no FSTYPE,OPTIONS -T "$BENCH_TMPFS_DIR" | head -1))"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/env.txt"

# The benchmarks, one line each: name pattern for -test.bench, and the
# -benchtime it runs with.
singles=()
for fs in ext4 tmpfs; do
	for impl in floor-createexcl floor-createexcl-osfile newfile os-createtemp floor-tmpfile floor-tmpfile-osfile new; do
		singles+=("^BenchmarkFile\$/^fs=$fs\$/^impl=$impl\$")
	done
	for impl in floor-mkdir newdir os-mkdirtemp; do
		singles+=("^BenchmarkDir\$/^fs=$fs\$/^impl=$impl\$")
	done
done
trees=()
for fs in ext4 tmpfs; do
	for impl in dir-close os-removeall; do
		trees+=("^BenchmarkRemoveTree\$/^fs=$fs\$/^impl=$impl\$")
	done
done

# rounds FILE FS-FILTER: COUNT shuffled rounds of every benchmark whose
# pattern contains FS-FILTER, appended to FILE.
rounds() {
	local file=$1 filter=$2 i pat
	: >"$file"
	for phase in singles trees; do
		local -n list=$phase
		local time=$BENCHTIME
		[ "$phase" = trees ] && time=$TREETIME
		for i in $(seq "$COUNT"); do
			echo "== $(basename "$file") $phase round $i/$COUNT (load $(cut -d' ' -f1 /proc/loadavg))"
			for pat in $(printf '%s\n' "${list[@]}" | grep -F -- "$filter" | shuf); do
				(cd "$work" && ./bench.test -test.run='^$' -test.count=1 -test.bench="$pat" -test.benchtime="$time") |
					tee -a "$file" | grep -E '^Benchmark' || true
			done
		done
	done
}

rounds "$out/core.txt" "fs="

if [ "$JOURNAL" = 1 ]; then
	# A journaled ext4, as most ext4 filesystems are: a file-backed image,
	# so it costs nothing but 2 GB of sparse space while it lasts.
	# Without loop devices (some containers) it is skipped with a note.
	mkdir "$work/mnt"
	if truncate -s 2G "$work/ext4.img" && mkfs.ext4 -q -F "$work/ext4.img" &&
		mount -o loop "$work/ext4.img" "$work/mnt"; then
		mnt=$work/mnt
		echo "ext4 journal dir: $mnt ($(findmnt -no SOURCE,FSTYPE,OPTIONS -T "$mnt"); jbd2: $(ls /proc/fs/jbd2/ | tr '\n' ' '))" >>"$out/env.txt"
		BENCH_EXT4_DIR=$mnt rounds "$out/core-ext4-journal.txt" "fs=ext4"
	else
		echo "ext4 journal: skipped, could not make and mount an ext4 image" | tee -a "$out/env.txt"
		rm -f "$out/core-ext4-journal.txt"
	fi
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/env.txt"

# tables FILE: the benchstat tables of one raw file, each with the
# baseline of the goal it checks in its first column.
tables() {
	local f=$1
	echo "### $(basename "$f"): named file; baseline: the floor (open O_CREAT|O_EXCL + close + unlink)"
	"$benchstat" -filter '.name:File' -col '/impl@(floor-createexcl floor-createexcl-osfile newfile os-createtemp)' "$f"
	echo
	echo "### $(basename "$f"): anonymous file; baseline: the floor (open O_TMPFILE + close)"
	"$benchstat" -filter '.name:File' -col '/impl@(floor-tmpfile floor-tmpfile-osfile new)' "$f"
	echo
	echo "### $(basename "$f"): against os.CreateTemp + Close + os.Remove"
	"$benchstat" -filter '.name:File' -col '/impl@(os-createtemp newfile new)' "$f"
	echo
	echo "### $(basename "$f"): empty directory; baseline: the floor (mkdir + rmdir)"
	"$benchstat" -filter '.name:Dir' -col '/impl@(floor-mkdir newdir os-mkdirtemp)' "$f"
	echo
	echo "### $(basename "$f"): removal of a 10,000-file tree; baseline: os.RemoveAll"
	"$benchstat" -filter '.name:RemoveTree' -col '/impl@(os-removeall dir-close)' "$f"
	echo
}

# summary FILE METRIC: a markdown table of the medians of METRIC (ns/op or
# cpu-ns/op) in FILE, with the ratios of the goals of issue 2.
summary() {
	local f=$1 metric=$2
	grep -E '^Benchmark' "$f" |
		awk -v m="$metric" '{
			split($1, p, "/"); sub(/^Benchmark/, "", p[1]); sub(/^fs=/, "", p[2]); sub(/^impl=/, "", p[3]); sub(/-[0-9]+$/, "", p[3])
			for (i = 3; i < NF; i++) if ($(i + 1) == m) print p[1], p[2], p[3], $i
		}' | sort -k1,1 -k2,2 -k3,3 -k4,4g |
		awk -v m="$metric" '
			{ k = $1 " " $2 " " $3; v[k, ++n[k]] = $4 }
			END {
				for (k in n) { c = n[k]; med[k] = (c % 2) ? v[k, (c + 1) / 2] : (v[k, c / 2] + v[k, c / 2 + 1]) / 2; cnt[k] = c }
				printf "| fs | operation | floor | floor with *os.File | ours | os.* | ours / floor | ours / floor with *os.File | os.* / ours | n |\n"
				printf "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
				split("ext4 tmpfs", fss, " ")
				for (i = 1; i <= 2; i++) {
					fs = fss[i]
					row(fs, "NewFile+Close", "File " fs " floor-createexcl", "File " fs " floor-createexcl-osfile", "File " fs " newfile", "File " fs " os-createtemp")
					row(fs, "New+Close", "File " fs " floor-tmpfile", "File " fs " floor-tmpfile-osfile", "File " fs " new", "File " fs " os-createtemp")
					row(fs, "NewDir+Close", "Dir " fs " floor-mkdir", "", "Dir " fs " newdir", "Dir " fs " os-mkdirtemp")
					row(fs, "Dir.Close 10,000 files", "", "", "RemoveTree " fs " dir-close", "RemoveTree " fs " os-removeall")
				}
			}
			function fmt(x) {
				if (x == "") return "-"
				if (x >= 1e7) return sprintf("%.1f ms", x / 1e6)
				if (x >= 1e6) return sprintf("%.2f ms", x / 1e6)
				return sprintf("%.2f µs", x / 1e3)
			}
			function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2fx", a / b) }
			function row(fs, op, fl, fo, us, os) {
				if (!(us in med)) return
				printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", fs, op,
					fmt(med[fl]), fmt(med[fo]), fmt(med[us]), fmt(med[os]),
					ratio(med[us], med[fl]), ratio(med[us], med[fo]), ratio(med[os], med[us]), cnt[us]
			}'
}

{
	for f in "$out/core.txt" "$out/core-ext4-journal.txt"; do
		[ -s "$f" ] || continue
		for metric in cpu-ns/op ns/op; do
			echo "### $(basename "$f"): medians of $metric"
			echo
			summary "$f" "$metric"
			echo
		done
	done
} >"$out/summary.md"
cat "$out/summary.md"

{
	tables "$out/core.txt"
	if [ -s "$out/core-ext4-journal.txt" ]; then
		tables "$out/core-ext4-journal.txt"
	fi
} >"$out/tables.txt" 2>&1
cat "$out/tables.txt"
