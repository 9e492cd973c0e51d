#!/usr/bin/env bash
# bench-tempcheck.sh: time and peak memory of the Go analyzer (tempcheck)
# against go vet with its default analyzers, over the same packages in the
# same run, interleaved; optionally gosec with G302,G303,G304,G306.
#
# Usage: scripts/bench-tempcheck.sh [PACKAGES...]   (default: std, run in GOROOT/src)
#   RUNS=3       runs of each go vet variant
#   GOSEC=1      also time gosec (installed with go install ...@latest)
#
# go vet caches its results by the vet tool (its path, and its version
# line: a release cmd/vet says only "go1.26.8") and flags. So that no run is
# served from the cache, each run builds both vet tools afresh into a
# directory of its own, with its own -buildid: cmd/vet itself (go vet's
# default analyzers) and tempcheck. Both then run as -vettool, through the same go vet machinery
# (for GOROOT packages, go vet's own default run would switch unsafeptr off;
# as an explicit -vettool, cmd/vet runs its default suite as in any module).
# Compiled export data stays cached for both alike; a warm-up run fills it.
# Prints a Markdown table: wall time, user+system CPU of the whole process
# tree, and the largest resident set of any one process (GNU time's %M).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(std)
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-tempcheck.XXXXXX")
trap 'rm -rf "$work"' EXIT

build() { # run-number: builds $work/N/vet and $work/N/tempcheck
	go build -ldflags=-buildid=bench-$1 -o "$work/$1/vet" cmd/vet
	(cd "$ROOT" && go build -ldflags=-buildid=bench-$1 -o "$work/$1/tempcheck" ./cmd/tempcheck)
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
go vet -vettool="$work/0/vet" "${pkgs[@]}" >/dev/null 2>&1 || true
go vet -vettool="$work/0/tempcheck" "${pkgs[@]}" >/dev/null 2>&1 || true

echo "| run | wall s | CPU s (user+sys) | max RSS MiB |"
echo "|---|---|---|---|"
for i in $(seq 1 "$RUNS"); do
	build "$i"
	measure "go vet -vettool=vet (cmd/vet: go vet's default analyzers) #$i" go vet -vettool="$work/$i/vet" "${pkgs[@]}"
	measure "go vet -vettool=tempcheck #$i" go vet -vettool="$work/$i/tempcheck" "${pkgs[@]}"
done
measure "tempcheck standalone (one process)" "$work/0/tempcheck" "${pkgs[@]}"
if [ "${GOSEC:-0}" = 1 ]; then
	GOBIN=$work go install github.com/securego/gosec/v2/cmd/gosec@latest
	measure "gosec -include=G302,G303,G304,G306" "$work/gosec" -quiet -include=G302,G303,G304,G306 -fmt=json -out="$work/gosec.json" ./...
	echo "gosec issues: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d.get("Issues") or []))' "$work/gosec.json")" >&2
fi
