#!/bin/bash
# Runs the unit test binaries and the integration cases; ends with "N passed, N failed".
# Usage: tests/run.sh [PATTERN]   (PATTERN filters integration case names)
set -u
cd "$(dirname "$0")/.."
pattern=${1:-}
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

# Unit tests: each binary prints "ok NAME" or "FAIL NAME: why" per case.
for bin in .output/tests/*; do
	[ -x "$bin" ] || continue
	[ -n "$pattern" ] && continue
	out=$(timeout 60 "$bin" 2>&1); rc=$?
	while read -r word name rest; do
		case $word in
		ok) record "unit/$(basename "$bin")/$name" 0 ;;
		FAIL) record "unit/$(basename "$bin")/${name%:}" 1; echo "      $rest" ;;
		esac
	done <<<"$out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL' <<<"$out"; then
		record "unit/$(basename "$bin")" $rc
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

# Integration cases: one script each, run as root on the real lab, bounded in time.
for t in tests/integration/*.sh; do
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
