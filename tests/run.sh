#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Runs the unit test binaries and the integration cases; ends with "N passed, N failed".
# Usage: tests/run.sh [PATTERN]   (PATTERN filters integration case names)
set -u
cd "$(dirname "$0")/.."
pattern=${1:-}

# One suite at a time on a machine: the cases share fixed names (the lab, the veth beds) and measure. The lock is
# on an open file, so the kernel drops it when this shell ends however it ends (kill -9 too); the cases inherit
# it. A second suite says who runs and exits 2. RXTOP_TEST_LOCK names another lock file (tests of this lock).
lock=${RXTOP_TEST_LOCK:-/run/rxtop-test.lock}
exec 9<>"$lock" || { echo "tests/run.sh: cannot open $lock; run the suite as root" >&2; exit 2; }
if ! flock -n 9; then
	echo "another rxtop test suite is running (pid $(cat "$lock" 2>/dev/null)); wait for it" >&2
	exit 2
fi
echo $$ >"$lock"
passed=0 failed=0 skipped=0
failures=()
logdir=tests/out
mkdir -p "$logdir"

record() { # name status(0 pass, 77 skip, else fail)
	case $2 in
	0) passed=$((passed + 1)); echo "ok    $1" ;;
	77) skipped=$((skipped + 1)); echo "skip  $1" ;;
	*) failed=$((failed + 1)); failures+=("$1"); echo "FAIL  $1 (status $2, log: $logdir/$1.log)" ;;
	esac
}

# Unit tests: each binary prints "ok NAME" or "FAIL NAME: why" per case. The ASan+UBSan builds (make
# asan-unit-bins, part of make test) run too, as unit-asan/...: a sanitizer report ends the binary non-zero.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for bin in .output/tests/* .output/asan/tests/*; do
	[ -x "$bin" ] || continue
	[ -n "$pattern" ] && continue
	kind=unit
	[[ $bin == .output/asan/* ]] && kind=unit-asan
	out=$(timeout 120 "$bin" 2>&1); rc=$?
	while read -r word name rest; do
		case $word in
		ok) record "$kind/$(basename "$bin")/$name" 0 ;;
		FAIL) record "$kind/$(basename "$bin")/${name%:}" 1; echo "      $rest" ;;
		esac
	done <<<"$out"
	# A crash, or a sanitizer's report, fails the binary as a whole (failed checks alone were counted above).
	if [ $rc -ne 0 ] && { ! grep -q '^FAIL' <<<"$out" || grep -Eq 'Sanitizer|runtime error:' <<<"$out"; }; then
		record "$kind/$(basename "$bin")" $rc
		grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' <<<"$out" | head -n 5 | sed 's/^/      /'
	fi
done

# Fuzz harnesses (tests/fuzz/): a short run of each from its seed corpus; a crash or a broken check fails.
for bin in .output/fuzz/fuzz_*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	[ -n "$pattern" ] && [[ fuzz_$name != *$pattern* ]] && continue
	tests/fuzz/run.sh --smoke "$name" >/dev/null 2>&1
	record "fuzz/$name" $?
done

# Integration cases: one script each (tests/integration/AREA/NAME.sh, or flat), run as root on the real lab, bounded in
# time. A case's name is its file name: PATTERN matches it whatever its area.
shopt -s nullglob
for t in tests/integration/*.sh tests/integration/*/*.sh; do
	name=$(basename "$t" .sh)
	[ -n "$pattern" ] && [[ $name != *$pattern* ]] && continue
	start=$(date +%s)
	timeout -k 10 240 bash "$t" >"$logdir/$name.log" 2>&1; rc=$?
	record "$name" $rc
	[ $rc -ne 0 ] && [ $rc -ne 77 ] && tail -n 15 "$logdir/$name.log" | sed 's/^/      /'
	echo "      ($(( $(date +%s) - start )) s)"
	# A failed case must not poison the next one.
	./rxtop lab down >/dev/null 2>&1 || true
done

[ ${#failures[@]} -gt 0 ] && printf 'failed: %s\n' "${failures[*]}"
if [ $skipped -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
