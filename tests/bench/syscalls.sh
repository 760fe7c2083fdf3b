#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Not a test (make bench): what rxtop's syscall probes add to each system call of a process it observes (issue 19).
# A getppid loop on CPU 1 prints its own CPU time per call (CLOCK_THREAD_CPUTIME_ID: time other tasks take on that
# CPU is not in it) every 100000 calls; `rxtop -p PID -i lo` (default options, on CPU 0) observes it in every other
# phase, each observed phase against the unobserved phases either side. With RXTOP_BEFORE=another build, the two
# builds observe in turn, so a before and an after come from one invocation. Then the same with --bpf-stats always,
# for the ns per run of raw_syscalls:sys_enter and sys_exit (whose statistics' clock reads are in the figure; the
# sys_enter figure is over every task's syscalls, the tracked loop's most of them). With default options the
# statistics windows fall inside the sample windows, where sys_enter also times each syscall: those ns per run are
# the sampled path's, not the usual one.
# Usage: [RXTOP_BEFORE=path] [RXTOP_BIN=path] tests/bench/syscalls.sh [ROUNDS]
source "${0%/bench*}/lib.sh"
RXTOP=${RXTOP_BIN:-$RXTOP}
rounds=${1:-11}
[ "$(nproc)" -ge 2 ] || skip "needs two CPUs: one for the loop, one for rxtop"
DIR=$(mktemp -d /tmp/rxtop-syscalls.XXXXXX)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
	rm -rf "$DIR"
}
at_exit cleanup
builds=(after)
declare -A bin=([after]=$RXTOP)
[ -n "${RXTOP_BEFORE:-}" ] && builds=(before after) && bin[before]=$RXTOP_BEFORE

cat >"$DIR/loop.c" <<'CEOF'
#include <stdio.h>
#include <time.h>
#include <unistd.h>
static double now(clockid_t c) { struct timespec t; clock_gettime(c, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		double c0 = now(CLOCK_THREAD_CPUTIME_ID);
		for (int i = 0; i < 100000; i++)
			getppid();
		printf("%.6f %.1f\n", now(CLOCK_REALTIME), (now(CLOCK_THREAD_CPUTIME_ID) - c0) / 100000 * 1e9);
	}
}
CEOF
gcc -O2 -o "$DIR/loop" "$DIR/loop.c" || fail "cannot compile the loop (gcc)"

# measure LABEL RXTOP-OPTIONS...: phases off / each build observing, ROUNDS times; prints the added ns per call.
measure() {
	local label=$1 loop
	shift
	taskset -c 1 "$DIR/loop" >"$DIR/loop.out" &
	loop=$!
	PIDS+=("$loop")
	sleep 1
	: >"$DIR/spans"
	: >"$DIR/progs"
	for _ in $(seq "$rounds"); do
		for b in "${builds[@]}"; do
			echo "off $EPOCHREALTIME" >>"$DIR/spans"
			sleep 2
			echo "start $EPOCHREALTIME" >>"$DIR/spans"
			# Observed from its first reading (probes attached) until it exits.
			timeout 20 taskset -c 0 "${bin[$b]}" -p "$loop" -i lo "$@" -b -o json -d 1 -n 4 2>/dev/null |
				{ read -r _ && echo "$b $EPOCHREALTIME" >>"$DIR/spans"; tail -n 1 >"$DIR/last.json"; }
			echo "end $EPOCHREALTIME" >>"$DIR/spans"
			python3 -c '
import json, sys
for p in json.load(open(sys.argv[2]))["self"]["programs"]:
    if p["name"].startswith("raw_syscalls:"):
        print(sys.argv[1], p["name"], p["ns_per_run"])' "$b" "$DIR/last.json" >>"$DIR/progs" 2>/dev/null
			sleep 0.5
		done
	done
	echo "off $EPOCHREALTIME" >>"$DIR/spans"
	sleep 2
	echo "end $EPOCHREALTIME" >>"$DIR/spans"
	kill "$loop"
	wait "$loop" 2>/dev/null
	python3 - "$label" "$DIR/loop.out" "$DIR/spans" "$DIR/progs" <<'PY'
import statistics, sys
label = sys.argv[1]
samples = [tuple(map(float, l.split())) for l in open(sys.argv[2]) if len(l.split()) == 2]
marks = [l.split() for l in open(sys.argv[3])]
spans = [(k, float(t), float(u)) for (k, t), (_, u) in zip(marks, marks[1:]) if k not in ("start", "end")]
def ns(a, b):
    v = [s[1] for s in samples if a <= s[0] <= b]
    return statistics.median(v) if v else None
phases = [(k, ns(a, b)) for k, a, b in spans]
added = {}
for i, (k, v) in enumerate(phases):
    if k == "off" or v is None:
        continue
    around = [x for kk, x in phases[max(i - 1, 0):i + 2] if kk == "off" and x]
    if around:
        added.setdefault(k, []).append(v - statistics.mean(around))
off = [v for k, v in phases if k == "off" and v]
print(f"{label}: getppid alone {statistics.median(off):.0f} ns (range {min(off):.0f}-{max(off):.0f})")
for k, d in added.items():
    print(f"{label}: {k}: rxtop -p adds {statistics.median(d):.0f} ns per syscall, median of {len(d)} phases, "
          f"range {min(d):.0f}-{max(d):.0f}")
runs = {}
for l in open(sys.argv[4]):
    k, name, v = l.split()
    runs.setdefault((k, name), []).append(float(v))
for (k, name), v in sorted(runs.items()):
    print(f"{label}: {k}: {name} {statistics.median(v):.0f} ns per run (range {min(v):.0f}-{max(v):.0f})")
PY
}

measure "default options"
measure "--bpf-stats always" --bpf-stats always
