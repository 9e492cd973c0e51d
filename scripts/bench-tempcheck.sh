#!/usr/bin/env bash
# bench-tempcheck.sh: time and peak memory of the Go analyzer (tempcheck)
# against go vet with its default analyzers, over the same packages in the
# same run, interleaved; optionally gosec with G302,G303,G304,G306.
#
# Usage: scripts/bench-tempcheck.sh [PACKAGES...]   (default: std, run in GOROOT/src)
#   RUNS=3       runs of each go vet variant
#   GOSEC=1      also time gosec (installed with go install ...@latest)
#   STANDALONE=0 skip the standalone tempcheck run (one process: ~5 GB on std) and gosec
#   TMPGUARD=1   also time "tmpguard check ." in GOROOT/src (modules std and
#                cmd, tests included), built afresh for each run as well; the
#                packages default to "std cmd" then, the same packages
#
# go vet caches its results by the vet tool's -V=full line and the flags.
# A release cmd/vet prints "NAME version go1.26.8", NAME being its file
# name; tempcheck prints a hash of its executable. So that no run is served
# from the cache, each run builds both tools afresh under names of their
# own (vet-<random>-1, tempcheck-<random>-1, ...: a name used by an earlier
# run of this script would hit that run's results) and with their own -buildid: cmd/vet itself
# (go vet's default analyzers) and tempcheck. Both then run as -vettool, through the same go vet machinery
# (for GOROOT packages, go vet's own default run would switch unsafeptr off;
# as an explicit -vettool, cmd/vet runs its default suite as in any module).
# Compiled export data stays cached for both alike; a warm-up run fills it.
# Prints a Markdown table: wall time, user+system CPU of the whole process
# tree, and the largest resident set of any one process (GNU time's %M).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
pkgs=("$@")
if [ ${#pkgs[@]} -eq 0 ]; then
	if [ "${TMPGUARD:-0}" = 1 ]; then pkgs=(std cmd); else pkgs=(std); fi
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-tempcheck.XXXXXX")
trap 'rm -rf "$work"' EXIT

nonce=${work##*.}
build() { # run-number: builds $work/vet-NONCE-N and $work/tempcheck-NONCE-N
	go build -ldflags=-buildid=bench-$nonce-$1 -o "$work/vet-$nonce-$1" cmd/vet
	(cd "$ROOT" && go build -ldflags=-buildid=bench-$nonce-$1 -o "$work/tempcheck-$nonce-$1" ./cmd/tempcheck)
	if [ "${TMPGUARD:-0}" = 1 ]; then
		(cd "$ROOT" && go build -ldflags=-buildid=bench-$nonce-$1 -o "$work/tmpguard-$nonce-$1/tmpguard" ./cmd/tmpguard)
	fi
}
cd "$(go env GOROOT)/src"

measure() { # name cmd...
	local name=$1; shift
	/usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || true
	read -r wall user sys rss < <(tail -n 1 "$work/t") # "Command exited with non-zero status" may come first
	printf '| %s | %s | %.1f | %d |\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}

echo "warm-up (fills the build cache for both)" >&2
build 0
go vet -vettool="$work/vet-$nonce-0" "${pkgs[@]}" >/dev/null 2>&1 || true
go vet -vettool="$work/tempcheck-$nonce-0" "${pkgs[@]}" >/dev/null 2>&1 || true
if [ "${TMPGUARD:-0}" = 1 ]; then
	"$work/tmpguard-$nonce-0/tmpguard" check --format json --output "$work/tmpguard-0.json" . >/dev/null 2>&1 || true
fi

echo "| run | wall s | CPU s (user+sys) | max RSS MiB |"
echo "|---|---|---|---|"
for i in $(seq 1 "$RUNS"); do
	build "$i"
	measure "go vet -vettool=vet (cmd/vet: go vet's default analyzers) #$i" go vet -vettool="$work/vet-$nonce-$i" "${pkgs[@]}"
	measure "go vet -vettool=tempcheck #$i" go vet -vettool="$work/tempcheck-$nonce-$i" "${pkgs[@]}"
	if [ "${TMPGUARD:-0}" = 1 ]; then
		measure "tmpguard check . #$i" "$work/tmpguard-$nonce-$i/tmpguard" check --format json --output "$work/tmpguard-$i.json" .
		echo "tmpguard check #$i: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["findings"]), "findings,", d["files_checked"], "files checked,", len(d["diagnostics"]), "diagnostics")' "$work/tmpguard-$i.json")" >&2
	fi
done
[ "${STANDALONE:-1}" = 1 ] && measure "tempcheck standalone (one process)" "$work/tempcheck-$nonce-0" "${pkgs[@]}"
[ "${STANDALONE:-1}" = 1 ] || exit 0
if [ "${GOSEC:-0}" = 1 ]; then
	GOBIN=$work go install github.com/securego/gosec/v2/cmd/gosec@latest
	measure "gosec -include=G302,G303,G304,G306" "$work/gosec" -quiet -include=G302,G303,G304,G306 -fmt=json -out="$work/gosec.json" ./...
	echo "gosec issues: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d.get("Issues") or []))' "$work/gosec.json")" >&2
fi
