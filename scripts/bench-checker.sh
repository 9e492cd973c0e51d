#!/usr/bin/env bash
# bench-checker.sh: time `tmpguard check`, Ruff (its WebAssembly build, rules
# S108, S306, SIM115) and bandit (-t B108,B306) side by side on one Python
# tree, by default this machine's standard library without site-packages.
#
# Usage: scripts/bench-checker.sh [TREE]
#   RUNS=10         timed runs of tmpguard and Ruff (after one warm-up)
#   BANDIT_RUNS=3   timed runs of bandit (slow)
#   SCRATCH=DIR     where tools, builds and reports go (default $TMPDIR/bench-checker)
#   BASELINE=REV    also time tmpguard built at git revision REV, in the same
#                   hyperfine run (the before of a before/after table)
#
# Installs what it lacks: bandit, hyperfine and time from Debian, Ruff's
# wasm package from npm into SCRATCH. Prints a Markdown table for
# docs/CHECKER.md; reports stay in SCRATCH (tmpguard.json, ruff.json,
# bandit.json) for the precision review.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TREE=${1:-/root/.pyenv/versions/3.11.7/lib/python3.11}
RUNS=${RUNS:-10}
BANDIT_RUNS=${BANDIT_RUNS:-3}
SCRATCH=${SCRATCH:-${TMPDIR:-/tmp}/bench-checker}
RUFF_VERSION=0.17.4

[ -d "$TREE" ] || { echo "bench-checker: no such tree: $TREE" >&2; exit 2; }
mkdir -p "$SCRATCH"
SCRATCH=$(cd "$SCRATCH" && pwd)

apt_updated=
need() { # need COMMAND DEBIAN-PACKAGE
	command -v "$1" >/dev/null 2>&1 && return
	if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need bandit bandit
need hyperfine hyperfine
need /usr/bin/time time
need node nodejs
need npm npm

if [ ! -d "$SCRATCH/node_modules/@astral-sh/ruff-wasm-nodejs" ]; then
	(cd "$SCRATCH" && { [ -f package.json ] || npm init -y >/dev/null; } &&
		npm install --silent "@astral-sh/ruff-wasm-nodejs@$RUFF_VERSION" >/dev/null)
fi
cp "$ROOT/scripts/bench-checker.js" "$SCRATCH/"
(cd "$ROOT" && go build -o "$SCRATCH/tmpguard" ./cmd/tmpguard)
BASELINE=${BASELINE:-}
if [ -n "$BASELINE" ]; then
	rm -rf "$SCRATCH/baseline-src" && mkdir -p "$SCRATCH/baseline-src"
	(cd "$ROOT" && git archive "$BASELINE") | tar -x -C "$SCRATCH/baseline-src"
	(cd "$SCRATCH/baseline-src" && go build -o "$SCRATCH/tmpguard-baseline" ./cmd/tmpguard)
fi

files=$(find "$TREE" -name site-packages -prune -o -name __pycache__ -prune -o -type f -name '*.py' -print | wc -l)
lines=$(find "$TREE" -name site-packages -prune -o -name __pycache__ -prune -o -type f -name '*.py' -print0 | xargs -0 cat | wc -l)

TG="$SCRATCH/tmpguard check --format json --output $SCRATCH/tmpguard.json $TREE"
TG1="$SCRATCH/tmpguard check --jobs 1 --format json --output $SCRATCH/tmpguard-1.json $TREE"
RUFF="node $SCRATCH/bench-checker.js $TREE --list --output $SCRATCH/ruff.json"
BANDIT="bandit -q -r -t B108,B306 -f json -o $SCRATCH/bandit.json -x $TREE/site-packages $TREE"

echo "== tree: $TREE ($files files, $lines lines; site-packages and __pycache__ excluded)" >&2
echo "== machine: $(nproc) cores, $(uname -sr); tmpguard $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?'), ruff-wasm $RUFF_VERSION, $(bandit --version 2>/dev/null | head -1)" >&2

TGB="$SCRATCH/tmpguard-baseline check --format json --output $SCRATCH/tmpguard-baseline.json $TREE"
baseline_cmd=()
[ -z "$BASELINE" ] || baseline_cmd=(-n "tmpguard-baseline" "$TGB")
hyperfine --style basic --warmup 1 --runs "$RUNS" -i --export-json "$SCRATCH/time-fast.json" \
	-n "tmpguard" "$TG" -n "tmpguard --jobs 1" "$TG1" "${baseline_cmd[@]}" -n "ruff-wasm" "$RUFF" >&2
hyperfine --style basic --runs "$BANDIT_RUNS" -i --export-json "$SCRATCH/time-bandit.json" \
	-n "bandit" "$BANDIT 2>/dev/null" >&2

rss() { # peak resident set in MB of one run
	/usr/bin/time -f '%M' -o "$SCRATCH/rss.txt" sh -c "$1" >/dev/null 2>&1 || true
	echo $(($(tail -1 "$SCRATCH/rss.txt") / 1024))
}
rss_tg=$(rss "$TG")
rss_tg1=$(rss "$TG1")
rss_ruff=$(rss "$RUFF")
rss_bandit=$(rss "$BANDIT")
rss_base=
[ -z "$BASELINE" ] || rss_base=$(rss "$TGB")

node - "$SCRATCH" "$rss_tg" "$rss_tg1" "$rss_ruff" "$rss_bandit" "$BASELINE" "$rss_base" <<'EOF'
const fs = require("fs");
const [dir, rssTg, rssTg1, rssRuff, rssBandit, baseline, rssBase] = process.argv.slice(2);
const times = {};
for (const f of ["time-fast.json", "time-bandit.json"]) {
  for (const r of JSON.parse(fs.readFileSync(`${dir}/${f}`)).results) times[r.command] = r;
}
const count = (items, key) => items.reduce((m, x) => ((m[x[key]] = (m[x[key]] || 0) + 1), m), {});
const fmt = (m) => Object.keys(m).sort().map((k) => `${k} ${m[k]}`).join(", ") || "none";
const tg = JSON.parse(fs.readFileSync(`${dir}/tmpguard.json`));
const ruff = JSON.parse(fs.readFileSync(`${dir}/ruff.json`));
const bandit = JSON.parse(fs.readFileSync(`${dir}/bandit.json`));
const rows = [
  ["tmpguard check", "tmpguard", tg.files_checked + tg.diagnostics.length, rssTg, `${tg.findings.length}: ${fmt(count(tg.findings, "rule"))}; ${tg.diagnostics.length} files not checked`],
  ["tmpguard check --jobs 1", "tmpguard --jobs 1", tg.files_checked + tg.diagnostics.length, rssTg1, "same"],
  ...(baseline ? [[`tmpguard check at ${baseline}`, "tmpguard-baseline", tg.files_checked + tg.diagnostics.length, rssBase,
    (() => { const b = JSON.parse(fs.readFileSync(`${dir}/tmpguard-baseline.json`)); return `${b.findings.length}: ${fmt(count(b.findings, "rule"))}`; })()]] : []),
  ["Ruff (wasm) S108, S306, SIM115", "ruff-wasm", ruff.files, rssRuff, `${Object.values(ruff.counts).reduce((a, b) => a + b, 0)}: ${fmt(ruff.counts)}; ${ruff.syntax_errors} syntax errors`],
  ["bandit -t B108,B306", "bandit", Object.keys(bandit.metrics).length - 1, rssBandit, `${bandit.results.length}: ${fmt(count(bandit.results, "test_id"))}; ${bandit.errors.length} errors`],
];
const cpu = (t) => t.user + t.system;
const tgt = times["tmpguard"];
console.log("| tool | files | wall time, mean ± sd | wall time, best | best vs tmpguard | CPU time (user+sys) | CPU vs tmpguard | peak RSS | findings |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const [label, name, files, rss, findings] of rows) {
  const t = times[name];
  console.log(`| ${label} | ${files} | ${t.mean.toFixed(2)} s ± ${(t.stddev || 0).toFixed(2)} | ${t.min.toFixed(2)} s | ${(t.min / tgt.min).toFixed(1)}x | ` +
    `${cpu(t).toFixed(2)} s | ${(cpu(t) / cpu(tgt)).toFixed(1)}x | ${rss} MB | ${findings} |`);
}
console.log(`\nload average at the end: ${require("os").loadavg().map((x) => x.toFixed(2)).join(", ")} on ${require("os").cpus().length} cores`);
EOF
