#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Not a test (make bench): rxtop's own cost, every figure of issue 19 but the observer ratio (tests/bench/overhead.sh):
#  1. ns per run of each of its BPF programs (bpf_prog_info run_time_ns / run_cnt, statistics always on, which
#     add their own two clock reads to every figure), with the counter at XDP and at tc;
#  2. its own process CPU at -d 1 and -d 0.1 with the default probes (sum of /proc/PID/task/*/schedstat, the
#     scheduler's nanoseconds, not 10-ms ticks), alternating;
#  3. the time to its first sample: `rxtop -b -n 1 -d 0.01 -i IFACE`, median of several starts.
# Traffic: the generator's packet engine at RATE (default 100 kpps) into a private veth bed, to a port no socket
# has, so every packet is also one skb:kfree_skb drop. Usage: [RATE=pps] [SECONDS=s] tests/bench/cost.sh
source "${0%/bench*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
RXTOP=${RXTOP_BIN:-$RXTOP} # another build to compare, e.g. the one before a change
rate=${RATE:-100000}
seconds=${SECONDS_MEASURED:-8}
starts=${STARTS:-7}
ovh_bed_up

taskset -c 0 "$RXTOP" gen "${OVH_GEN[@]}" --engine packet --threads 1 --rate "$rate" --duration 600 >/dev/null 2>&1 &
gen=$!
OVH_PIDS+=("$gen")
sleep 1

# 1. Per program: cumulative ns/run over 5 s, statistics and event probes always on.
for counter in xdp tc; do
	timeout 30 "$RXTOP" -i "$BED_RECV" --counter "$counter" --bpf-stats always --event-probes always -b -o json -d 1 \
		-n 5 2>/dev/null | tail -n 1 | python3 -c '
import json, sys
s = json.load(sys.stdin)["self"]
for p in sorted(s["programs"], key=lambda p: -p["run_cnt"]):
    if p["run_cnt"]:
        ns = p["run_time_ns"] / p["run_cnt"]
        print("bpf program (%s counter): %-24s %-10s %7.1f ns/run %10d runs" % (sys.argv[1], p["name"], p["attach"], ns, p["run_cnt"]))
' "$counter" || echo "bpf programs ($counter counter): no reading"
done

# 2. rxtop's own CPU, from the first sample on, default options otherwise.
task_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
cpu_pct() { # INTERVAL: % of one core rxtop used over $seconds
	local out=$OVH_DIR/cpu.out pid c0 c1 t0 t1
	: >"$out"
	"$RXTOP" -i "$BED_RECV" -b -o json -d "$1" --duration $((seconds + 5)) >"$out" 2>/dev/null &
	pid=$!
	for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.1; done
	c0=$(task_ns "$pid") t0=$EPOCHREALTIME
	sleep "$seconds"
	c1=$(task_ns "$pid") t1=$EPOCHREALTIME
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	awk -v c="$((c1 - c0))" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", c / 1e9 / (b - a) * 100 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
slow=() fast=()
for _ in 1 2; do
	slow+=("$(cpu_pct 1)")
	fast+=("$(cpu_pct 0.1)")
done
echo "rxtop process CPU at -d 1: ${slow[*]} % of a core (median $(printf '%s\n' "${slow[@]}" | median); target <= 0.3)"
echo "rxtop process CPU at -d 0.1: ${fast[*]} % of a core (median $(printf '%s\n' "${fast[@]}" | median); target <= 2)"

# 3. Time to the first sample: from exec to rxtop's first JSON line (its first sample), the whole run (it
# detaches on exit) and the CPU it used. The machine's other load stretches wall time, not CPU time.
firsts=() wholes=() cpus=()
for _ in $(seq "$starts"); do
	t0=$EPOCHREALTIME
	first=$(timeout 10 /usr/bin/time -f '%U %S' -o "$OVH_DIR/time" "$RXTOP" -b -o json -n 1 -d 0.01 -i "$BED_RECV" \
		2>/dev/null | { read -r _ && echo "$EPOCHREALTIME"; cat >/dev/null; })
	t1=$EPOCHREALTIME
	[ -n "$first" ] || { echo "first sample: rxtop printed none"; continue; }
	firsts+=("$(awk -v a="$t0" -v b="$first" 'BEGIN { printf "%.3f", b - a }')")
	wholes+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
	cpus+=("$(awk '{ printf "%.2f", $1 + $2 }' "$OVH_DIR/time")")
done
if [ ${#firsts[@]} -gt 0 ]; then
	echo "time to first sample: ${firsts[*]} s (median $(printf '%s\n' "${firsts[@]}" | median); target <= 0.3)"
	echo "whole run to exit: ${wholes[*]} s (median $(printf '%s\n' "${wholes[@]}" | median))"
	echo "CPU of the run (user+system): ${cpus[*]} s (median $(printf '%s\n' "${cpus[@]}" | median))"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (wall times stretch with it)"
