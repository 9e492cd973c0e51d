#!/usr/bin/env bash
# bench-tempcheck.sh: time and peak memory of the Go analyzer (tempcheck)
# against go vet with its default analyzers, over the same packages in the
# same run, interleaved; optionally gosec with G302,G303,G304,G306.
#
# Usage: scripts/bench-tempcheck.sh [PACKAGES...]   (default: std, run in GOROOT/src)
#   RUNS=3       runs of each go vet variant
#   GOSEC=1      also time gosec (installed with go install ...@latest)
#
# go vet caches its results; each run passes a different -c (context lines,
# which changes nothing when a package has no finding and costs nothing
# otherwise) so that no run is served from the cache, while compiled export
# data stays cached for both tools alike. A warm-up run of each fills it.
# Prints a Markdown table: wall time, user+system CPU, and the largest
# resident set of any one process (GNU time's %M).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(std)
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-tempcheck.XXXXXX")
trap 'rm -rf "$work"' EXIT

(cd "$ROOT" && go build -o "$work/tempcheck" ./cmd/tempcheck)
cd "$(go env GOROOT)/src"

measure() { # name cmd...
	local name=$1; shift
	/usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || true
	read -r wall user sys rss <"$work/t"
	printf '| %s | %s | %.1f | %d |\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}

echo "warm-up (fills the build cache for both)" >&2
go vet -c=999 "${pkgs[@]}" >/dev/null 2>&1 || true
go vet -vettool="$work/tempcheck" -c=999 "${pkgs[@]}" >/dev/null 2>&1 || true

echo "| run | wall s | CPU s (user+sys) | max RSS MiB |"
echo "|---|---|---|---|"
for i in $(seq 1 "$RUNS"); do
	measure "go vet (default analyzers) #$i" go vet -c=$((1000 + i)) "${pkgs[@]}"
	measure "go vet -vettool=tempcheck #$i" go vet -vettool="$work/tempcheck" -c=$((1000 + i)) "${pkgs[@]}"
done
measure "tempcheck standalone (one process)" "$work/tempcheck" "${pkgs[@]}"
if [ "${GOSEC:-0}" = 1 ]; then
	GOBIN=$work go install github.com/securego/gosec/v2/cmd/gosec@latest
	measure "gosec -include=G302,G303,G304,G306" "$work/gosec" -quiet -include=G302,G303,G304,G306 -fmt=json -out="$work/gosec.json" ./...
	echo "gosec issues: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d.get("Issues") or []))' "$work/gosec.json")" >&2
fi
