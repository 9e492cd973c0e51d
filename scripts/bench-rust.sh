#!/usr/bin/env bash
# bench-rust.sh measures Rust's tempfile crate against its floor, beside
# this library against its floor, in one run: the issue-2 goals cite Rust's
# crate at 1.00-1.04x of the bare system calls, and this says what it is on
# the machine at hand and where the difference to Go comes from.
#
#   scripts/bench-rust.sh            # 8 rounds, about 8 minutes
#   COUNT=6 scripts/bench-rust.sh
#
# Needs: Rust (rustc, cargo) and Debian's librust-tempfile-dev (the crate
# and its dependencies, built offline; see scripts/bench-rust/.cargo).
# Each round runs every implementation once, one process each, in a new
# random order, on tmpfs (/dev/shm) and, as root, on a freshly made
# journaled ext4 (loop-mounted). Output: docs/bench/rust.txt (raw, Go
# benchmark format, benchstat input) and docs/bench/rust-summary.md.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/docs/bench
COUNT=${COUNT:-8}

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-rust.XXXXXX")
mnt=""
cleanup() {
	[ -z "$mnt" ] || umount "$mnt" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

(cd "$repo/scripts/bench-rust" && cargo build --release --offline --quiet --target-dir "$work/target")
rust=$work/target/release/tempfile-bench-rust
(cd "$repo" && go test -c -o "$work/bench.test" .)

filesystems=("tmpfs /dev/shm")
if [ "$(id -u)" = 0 ]; then
	mkdir "$work/mnt"
	if truncate -s 1G "$work/ext4.img" && mkfs.ext4 -q -F "$work/ext4.img" && mount -o loop "$work/ext4.img" "$work/mnt"; then
		mnt=$work/mnt
		filesystems+=("ext4 $mnt")
	fi
fi

go_impls=(floor-createexcl floor-createexcl-osfile newfile floor-tmpfile floor-tmpfile-osfile new)
go_dir_impls=(floor-mkdir newdir)
rust_impls=(floor-createexcl floor-tmpfile floor-mkdir rust-named rust-anon rust-dir)

raw=$out/rust.txt
{
	echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$repo" describe --always --dirty), $(go version | cut -d' ' -f3), $(rustc --version | cut -d' ' -f1-2), tempfile crate $(ls -d /usr/share/cargo/registry/tempfile-* | sed 's/.*tempfile-//')"
	echo "# $(uname -srm), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') x $(nproc)"
} >"$raw"
for i in $(seq "$COUNT"); do
	echo "== round $i/$COUNT (load $(cut -d' ' -f1 /proc/loadavg))"
	for entry in "${filesystems[@]}"; do
		read -r fs dir <<<"$entry"
		runs=()
		for impl in "${go_impls[@]}"; do runs+=("go File $impl"); done
		for impl in "${go_dir_impls[@]}"; do runs+=("go Dir $impl"); done
		for impl in "${rust_impls[@]}"; do runs+=("rust - $impl"); done
		printf '%s\n' "${runs[@]}" | shuf | while read -r lang bench impl; do
			d=$(mktemp -d "$dir/bench-rust.XXXXXX")
			if [ "$lang" = go ]; then
				(cd "$work" && env "BENCH_$(echo "$fs" | tr a-z A-Z)_DIR=$d" ./bench.test -test.run='^$' -test.count=1 \
					-test.bench="^Benchmark$bench\$/^fs=$fs\$/^impl=$impl\$" -test.benchtime=1s) | grep -E '^Benchmark' || true
			else
				"$rust" "$fs" "$d" "$impl" 1
			fi
			rm -rf "$d"
		done | tee -a "$raw"
	done
done

# Medians of cpu-ns/op, and each library against its own floor.
grep -E '^Benchmark' "$raw" | awk '{
	split($1, p, "/"); lang = (p[1] == "BenchmarkRust") ? "rust" : "go"
	sub(/^fs=/, "", p[2]); sub(/^impl=/, "", p[3]); sub(/-[0-9]+$/, "", p[3])
	for (i = 3; i < NF; i++) if ($(i + 1) == "cpu-ns/op") print lang, p[2], p[3], $i
}' | sort -k1,1 -k2,2 -k3,3 -k4,4g | awk '
	{ k = $1 " " $2 " " $3; v[k, ++n[k]] = $4 }
	END {
		for (k in n) { c = n[k]; med[k] = (c % 2) ? v[k, (c + 1) / 2] : (v[k, c / 2] + v[k, c / 2 + 1]) / 2 }
		print "Medians of CPU time per operation (cpu-ns/op), each library against the floor written in its own language."
		print ""
		print "| fs | operation | Rust floor | Rust tempfile | Rust / its floor | Go floor | Go floor with *os.File | this library | ours / Go floor | ours / Go floor with *os.File |"
		print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
		split("tmpfs ext4", fss, " ")
		for (i = 1; i <= 2; i++) {
			fs = fss[i]
			row(fs, "named file", "floor-createexcl", "rust-named", "floor-createexcl", "floor-createexcl-osfile", "newfile")
			row(fs, "anonymous file", "floor-tmpfile", "rust-anon", "floor-tmpfile", "floor-tmpfile-osfile", "new")
			row(fs, "empty directory", "floor-mkdir", "rust-dir", "floor-mkdir", "", "newdir")
		}
	}
	function fmt(x) { return (x == "") ? "-" : sprintf("%.2f µs", x / 1e3) }
	function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2fx", a / b) }
	function row(fs, op, rf, rl, gf, go, gl,   a, b, c, d, e) {
		a = med["rust " fs " " rf]; b = med["rust " fs " " rl]; c = med["go " fs " " gf]; e = med["go " fs " " gl]
		d = (go == "") ? "" : med["go " fs " " go]
		if (b == "" && e == "") return
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", fs, op, fmt(a), fmt(b), ratio(b, a), fmt(c), fmt(d), fmt(e), ratio(e, c), ratio(e, d)
	}' >"$out/rust-summary.md"
cat "$out/rust-summary.md"
