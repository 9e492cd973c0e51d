#!/bin/sh
# hostile-corpus.sh TMPGUARD
#
# Builds a corpus of hostile Python inputs in a temporary directory and
# runs tmpguard check over each case, then over CPython's standard library
# (the baseline, in the same run), printing the wall time and the peak
# resident memory of each run (GNU time -v). CPU time (user + system) is
# the figure to compare: on a shared machine the wall time depends on the
# load. Needs python3 and
# /usr/bin/time. The corpus is removed at the end.
set -eu
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import os, sys
w = sys.argv[1]
def write(rel, text):
    p = os.path.join(w, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)
# One 760 KB line of 40,000 mktemp calls (issue 12, defect 1).
write("long-line/a.py", "import tempfile\n" + "; ".join(["tempfile.mktemp()"] * 40000) + "\n")
# Many findings: 9.9 MB, 450,000 lines, one finding each.
write("many-findings/a.py", "import tempfile\n" + "p = tempfile.mktemp()\n" * 450000)
# Many findings on long lines: 200 lines of 2,000 findings.
write("long-lines/a.py", "import tempfile\n" + ("; ".join(["tempfile.mktemp()"] * 2000) + "\n") * 200)
# Deep nesting: 20,000 parentheses, brackets, calls; 100 nested blocks.
d = 20000
write("deep/parens.py", "import tempfile\nx = " + "(" * d + "tempfile.mktemp()" + ")" * d + "\n")
write("deep/calls.py", "import tempfile\nx = " + "f(" * d + "tempfile.mktemp()" + ")" * d + "\n")
write("deep/unclosed.py", "import tempfile\nx = " + "[" * 200000 + "tempfile.mktemp()\n")
write("deep/blocks.py", "import tempfile\n" + "".join("    " * i + "if x:\n" for i in range(100)) + "    " * 100 + "y = tempfile.mktemp()\n")
# Many files: 50,000 small files in 500 directories.
for i in range(50000):
    write("many-files/d%d/m%d.py" % (i % 500, i), "import tempfile\np = tempfile.mktemp()\n")
# Large files: 8 files of 9.9 MB, few findings, long statements.
body = "import tempfile\n" + ("x = [" + ", ".join(str(i) for i in range(200)) + "]\n") * 10000 + "p = tempfile.mktemp()\n"
for i in range(8):
    write("large/f%d.py" % i, body)
# Syntax errors everywhere: 5 MB of broken lines around findings.
write("broken/a.py", "import tempfile\n" + "def f(:\n    tempfile.mktemp()\n" * 150000)
PY

stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
printf '%-16s %7s %8s %8s %8s  %s\n' case files cpu_s wall_s rss_MB result
run() { # NAME DIR [FLAGS]
	name=$1
	dir=$2
	shift 2
	/usr/bin/time -v -o "$work/time" "$bin" check "$@" "$dir" >"$work/out" 2>"$work/err" || true
	rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$work/time")
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.2f", s}' "$work/time")
	cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$work/time")
	files=$(find "$dir" -name '*.py' | wc -l)
	summary=$(tail -n 1 "$work/out")
	[ "$*" = "--format json" ] && summary="(json) $(grep -c '"rule"' "$work/out") findings"
	[ "$*" = "--format sarif" ] && summary="(sarif) $(grep -c '"ruleId"' "$work/out") results"
	printf '%-16s %7s %8s %8s %8s  %s\n' "$name" "$files" "$cpu" "$wall" "$rss" "$summary"
}
run stdlib "$stdlib"
run stdlib-parse-all "$stdlib" --parse-all
for c in long-line many-findings long-lines deep many-files large broken; do
	run "$c" "$work/$c"
done
run many-findings "$work/many-findings" --format json
run many-findings "$work/many-findings" --format sarif
