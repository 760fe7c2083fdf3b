#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs the libFuzzer harnesses (.output/fuzz/fuzz_NAME, built by `make fuzz-bins`); one ok/FAIL line each.
# Usage: tests/fuzz/run.sh [NAME...]              FUZZ_SECONDS each (600), FUZZ_JOBS at a time (2), nice 19
#        tests/fuzz/run.sh --smoke [NAME...]      a few thousand runs each from the seed corpus (make test)
#        tests/fuzz/run.sh --minimize [NAME...]   merge what fuzzing found into a small tests/fuzz/corpus/NAME
# The growing corpus lives in .output/fuzz/corpus/NAME, crashes in .output/fuzz/artifacts/NAME-*.
set -u
cd "$(dirname "$0")/../.."
mode=fuzz
case ${1:-} in
--smoke | --minimize) mode=${1#--}; shift ;;
esac
seconds=${FUZZ_SECONDS:-600}
jobs=${FUZZ_JOBS:-2}
out=.output/fuzz
mkdir -p "$out/corpus" "$out/artifacts"

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for src in tests/fuzz/fuzz_*.c; do
		name=$(basename "$src" .c)
		names+=("${name#fuzz_}")
	done
fi
for name in "${names[@]}"; do
	if [ ! -x "$out/fuzz_$name" ]; then
		echo "FAIL  fuzz/$name (no $out/fuzz_$name; run 'make fuzz-bins')"
		exit 1
	fi
	mkdir -p "tests/fuzz/corpus/$name" "$out/corpus/$name"
done

# Parser refusals print a line each: stdout and stderr of the target are closed (libFuzzer keeps its own).
# An input runs in milliseconds; the 60 s timeout leaves room for a nice-19 process on a loaded machine (a
# 10 s one fired there on a unit that replays in 7 ms).
flags=(-close_fd_mask=3 -timeout=60 -rss_limit_mb=2048 -print_final_stats=1)

fuzz_one() { # name seconds
	local name=$1 seconds=$2 start=$SECONDS rc
	nice -n 19 "$out/fuzz_$name" "${flags[@]}" -max_total_time="$seconds" \
		-artifact_prefix="$out/artifacts/$name-" "$out/corpus/$name" "tests/fuzz/corpus/$name" \
		>"$out/$name.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log")
	if [ $rc -eq 0 ]; then
		echo "ok    fuzz/$name ($((SECONDS - start)) s, ${runs:-?} runs)"
	else
		echo "FAIL  fuzz/$name (status $rc, log: $out/$name.log)"
		grep -m1 -A8 'ERROR:' "$out/$name.log" | sed 's/^/      /'
	fi
	return $rc
}

case $mode in
smoke)
	failed=0
	for name in "${names[@]}"; do
		tmp=$(mktemp -d)
		# New inputs go to the temporary directory, the committed seeds are only read.
		"$out/fuzz_$name" "${flags[@]}" -runs=3000 -max_total_time=20 -artifact_prefix="$tmp/" \
			"$tmp" "tests/fuzz/corpus/$name" >"$out/$name.smoke.log" 2>&1
		rc=$?
		if [ $rc -eq 0 ]; then
			echo "ok    fuzz/$name"
		else
			echo "FAIL  fuzz/$name (status $rc, log: $out/$name.smoke.log)"
			failed=1
		fi
		rm -rf "$tmp"
	done
	exit $failed
	;;
minimize)
	for name in "${names[@]}"; do
		tmp=$(mktemp -d)
		"$out/fuzz_$name" -close_fd_mask=3 -merge=1 "$tmp" "tests/fuzz/corpus/$name" \
			"$out/corpus/$name" >"$out/$name.merge.log" 2>&1 || { echo "FAIL  merge $name"; exit 1; }
		rm -rf "tests/fuzz/corpus/$name"
		mkdir -p "tests/fuzz/corpus/$name"
		# Named by content, so a later merge keeps the names of the inputs it keeps.
		for f in "$tmp"/*; do
			[ -f "$f" ] && cp "$f" "tests/fuzz/corpus/$name/$(sha1sum "$f" | cut -c1-16)"
		done
		rm -rf "$tmp"
		echo "corpus/$name: $(ls "tests/fuzz/corpus/$name" | wc -l) inputs"
	done
	;;
fuzz)
	export out seconds
	export -f fuzz_one
	export FLAGS="${flags[*]}"
	printf '%s\n' "${names[@]}" |
		xargs -P "$jobs" -I{} bash -c 'flags=($FLAGS); fuzz_one {} "$seconds"' >"$out/summary.txt"
	rc=$?
	cat "$out/summary.txt"
	exit $((rc != 0))
	;;
esac
