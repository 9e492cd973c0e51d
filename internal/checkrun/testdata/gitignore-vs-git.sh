#!/bin/sh
# gitignore-vs-git.sh TMPGUARD [TMPGUARD_OLD]
#
# Times the walk of tmpguard check (with .gitignore files full of "**"
# patterns) against git status --ignored on the same trees, in the same
# run: a tree of 1,000 files with one such .gitignore, and a tree of
# 50,000 files with two. The .py files are empty, so tmpguard reads them
# but parses none: what is timed is the walk and the pattern matching.
# Each figure is the best of 3 runs; a run over 120 s is stopped.
# Needs git and python3. The trees go in a temporary directory, removed.
set -eu
new=$1
old=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_tree() { # DIR NFILES NIGNORE
	python3 - "$@" <<'PY'
import os, sys
root, nfiles, nign = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(root)
for i in range(nfiles):
    d = os.path.join(root, "d%d" % (i % 50), "e%d" % (i % 7), "f%d" % (i % 13))
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "m%d.py" % i), "w").close()
def patterns(seed):
    out = []
    for i in range(300):
        k = seed * 1000 + i
        out.append("**/**/d%d/**/**/e%d*/**/**/x%d_*.py" % (k % 50, k % 7, k))
        if i % 3 == 0:
            out.append("**/**/**/f%d/**/**/**/*.tmp%d" % (k % 13, k))
        if i % 5 == 0:
            out.append("!**/**/keep%d/**/**/*.py" % k)
    return "\n".join(out) + "\n"
open(os.path.join(root, ".gitignore"), "w").write(patterns(1))
if nign > 1:
    open(os.path.join(root, "d1", ".gitignore"), "w").write(patterns(2))
PY
	git -C "$1" init -q
}

best() { # COMMAND... : prints the best wall time of 3 runs, in seconds
	b=
	for _ in 1 2 3; do
		s=$(date +%s.%N)
		set +e
		timeout 120 "$@" >/dev/null 2>&1
		rc=$?
		set -e
		# tmpguard exits 1 when it has findings or diagnostics.
		case $rc in 0 | 1) ;; 124) echo ">120"; return ;; *) echo "exit $rc"; return ;; esac
		e=$(date +%s.%N)
		t=$(echo "$e - $s" | bc)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
	done
	printf '%.3f\n' "$b"
}

printf '%-28s %10s %10s %10s\n' tree git tmpguard tmpguard-old
for spec in "1000 1" "50000 2"; do
	set -- $spec
	dir=$work/t$1
	make_tree "$dir" "$1" "$2"
	g=$(cd "$dir" && best git -c core.excludesFile=/dev/null status --ignored --porcelain -uall)
	n=$(cd "$dir" && best "$new" check --select TF001 .)
	o=-
	[ -n "$old" ] && o=$(cd "$dir" && best "$old" check --select TF001 .)
	printf '%-28s %10s %10s %10s\n' "$1 files, $2 .gitignore" "$g" "$n" "$o"
done
