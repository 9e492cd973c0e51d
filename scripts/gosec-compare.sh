#!/usr/bin/env bash
# gosec-compare.sh: check that every line gosec's G303 flags in the corpus
# analysis/tempcheck/testdata/src/gosec is also flagged by tempcheck, by
# running both tools, not by assumption. Prints each line with both
# verdicts; exits 1 if G303 flags a line tempcheck does not (or if gosec
# finds nothing at all, which would mean the comparison is broken).
#
# Usage: scripts/gosec-compare.sh
#   GOSEC_VERSION=latest   the gosec to install (go install ...@$GOSEC_VERSION)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=$ROOT/analysis/tempcheck/testdata/src/gosec
work=$(mktemp -d "${TMPDIR:-/tmp}/gosec-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== installing gosec@${GOSEC_VERSION:-latest} and building tempcheck" >&2
GOBIN=$work/bin go install "github.com/securego/gosec/v2/cmd/gosec@${GOSEC_VERSION:-latest}"
(cd "$ROOT" && go build -o "$work/bin/tempcheck" ./cmd/tempcheck)
"$work/bin/gosec" -version >&2 || true

# The corpus as a module of its own, which both tools load the same way.
mkdir -p "$work/mod"
cp "$CORPUS"/*.go "$work/mod/"
printf 'module example.com/corpus\n\ngo 1.22\n' >"$work/mod/go.mod"

cd "$work/mod"
# gosec exits 1 when it finds something; the JSON says what.
"$work/bin/gosec" -quiet -include=G303 -fmt=json -out="$work/gosec.json" ./... >/dev/null 2>&1 || true
"$work/bin/tempcheck" -json ./... >"$work/tempcheck.json" 2>/dev/null || true

python3 - "$work/gosec.json" "$work/tempcheck.json" "$work/mod/gosec.go" <<'PY'
import json, sys
gosec_path, tc_path, src = sys.argv[1:]
lines = open(src).read().split("\n")

g = {}
for issue in json.load(open(gosec_path)).get("Issues") or []:
    if issue["rule_id"] == "G303":
        g[int(issue["line"])] = issue["rule_id"]

t = {}
for pkg in json.load(open(tc_path)).values():
    for diags in pkg.values():
        if not isinstance(diags, list):
            continue
        for d in diags:
            # posn is file:line:col
            line = int(d["posn"].rsplit(":", 2)[1])
            t.setdefault(line, []).append(d["category"])

print("| line | code | gosec G303 | tempcheck |")
print("|---|---|---|---|")
for n in sorted(set(g) | set(t)):
    code = lines[n - 1].split("//")[0].strip().replace("|", "\\|")
    print(f"| {n} | `{code}` | {'G303' if n in g else '-'} | {', '.join(sorted(set(t.get(n, [])))) or '-'} |")

missed = sorted(n for n in g if n not in t)
print(f"\nG303 flags {len(g)} lines; tempcheck flags {len(t)} lines; "
      f"flagged by G303 and not by tempcheck: {len(missed)} {missed if missed else ''}")
if not g:
    print("gosec reported no G303 at all: the comparison did not run", file=sys.stderr)
    sys.exit(1)
sys.exit(1 if missed else 0)
PY
