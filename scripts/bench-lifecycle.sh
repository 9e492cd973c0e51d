#!/usr/bin/env bash
# bench-lifecycle.sh measures issue 8: NewFile+Close and New+Close (with
# their floors) on the library before issue 8 (BASE) and now (HEAD), side
# by side in one run, and Sweep of 100,000 entries against find -delete.
#
#   scripts/bench-lifecycle.sh              # 8 rounds
#   COUNT=6 BASE=14e1cd9 scripts/bench-lifecycle.sh
#
# Each round runs every benchmark of both builds once (-count=1), one
# process each, in a new random order (as bench-core.sh does). tmpfs is
# /dev/shm; ext4 is a freshly made, journaled, loop-mounted image when run
# as root (JOURNAL=0 to skip). Output in docs/bench/: $NAME-base.txt,
# $NAME-head.txt (raw, benchstat input), $NAME-sweep.txt,
# $NAME-tables.txt, $NAME-env.txt.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/docs/bench
mkdir -p "$out"
COUNT=${COUNT:-8}
BENCHTIME=${BENCHTIME:-1s}
BASE=${BASE:-14e1cd9}
NAME=${NAME:-lifecycle} # the output files: docs/bench/$NAME-*.txt
JOURNAL=${JOURNAL:-$([ "$(id -u)" = 0 ] && echo 1 || echo 0)}
gobin=$(go env GOPATH)/bin
[ -x "$gobin/benchstat" ] || go install golang.org/x/perf/cmd/benchstat@latest

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-lifecycle.XXXXXX")
mnt=""
cleanup() {
	[ -n "$mnt" ] && umount "$mnt" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/base"
git -C "$repo" archive "$BASE" | tar -x -C "$work/base"
(cd "$work/base" && go test -c -o "$work/base.test" .)
(cd "$repo" && go test -c -o "$work/head.test" .)

export BENCH_TMPFS_DIR=${BENCH_TMPFS_DIR:-/dev/shm}
export BENCH_EXT4_DIR=$work
filesystems="tmpfs"
if [ "$JOURNAL" = 1 ]; then
	mkdir "$work/mnt"
	if truncate -s 2G "$work/ext4.img" && mkfs.ext4 -q -F "$work/ext4.img" && mount -o loop "$work/ext4.img" "$work/mnt"; then
		mnt=$work/mnt
		export BENCH_EXT4_DIR=$mnt
		filesystems="tmpfs ext4"
	fi
fi
{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "base: $BASE; head: $(git -C "$repo" describe --always --dirty)"
	echo "go: $(go version); kernel: $(uname -srm); cpus: $(nproc)"
	echo "filesystems: $filesystems (ext4, if listed: a journaled loop image)"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/$NAME-env.txt"

singles=()
for fs in $filesystems; do
	for impl in floor-createexcl-osfile newfile floor-tmpfile-osfile new; do
		singles+=("^BenchmarkFile\$/^fs=$fs\$/^impl=$impl\$")
	done
done
: >"$out/$NAME-base.txt"
: >"$out/$NAME-head.txt"
: >"$out/$NAME-sweep.txt"
for i in $(seq "$COUNT"); do
	echo "== round $i/$COUNT (load $(cut -d' ' -f1 /proc/loadavg))"
	for job in $( (for p in "${singles[@]}"; do echo "base|$p"; echo "head|$p"; done; echo "sweep|^BenchmarkSweep\$/^fs=tmpfs\$/^impl=sweep\$"; echo "sweep|^BenchmarkSweep\$/^fs=tmpfs\$/^impl=find-delete\$") | shuf); do
		bin=${job%%|*} pat=${job#*|}
		case $bin in
		sweep) (cd "$work" && ./head.test -test.run='^$' -test.count=1 -test.bench="$pat" -test.benchtime=1x) | tee -a "$out/$NAME-sweep.txt" | grep -E '^Benchmark' || true ;;
		*) (cd "$work" && "./$bin.test" -test.run='^$' -test.count=1 -test.bench="$pat" -test.benchtime="$BENCHTIME") | tee -a "$out/$NAME-$bin.txt" | grep -E '^Benchmark' | sed "s/^/$bin /" || true ;;
		esac
	done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/$NAME-env.txt"
{
	echo "### NewFile+Close and New+Close: before issue 8 ($BASE, first column) against now"
	"$gobin/benchstat" -filter '.name:File' "$out/$NAME-base.txt" "$out/$NAME-head.txt"
	echo
	echo "### Sweep of 100,000 entries (50,000 orphans) against find -delete of the orphans"
	"$gobin/benchstat" -col /impl "$out/$NAME-sweep.txt"
} >"$out/$NAME-tables.txt" 2>&1
cat "$out/$NAME-tables.txt"
