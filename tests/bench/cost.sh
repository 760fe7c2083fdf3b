#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Not a test (make bench): rxtop's own cost, every figure of issue 19 but the observer ratio (tests/bench/overhead.sh):
#  1. ns per run of each of its BPF programs (bpf_prog_info run_time_ns / run_cnt, statistics always on), with the
#     counter at XDP and at tc: raw, and net of do-nothing programs at the same hooks (the statistics' own clock
#     reads and the hook's dispatch), alternating in rounds;
#  2. its own process CPU at -d 1 and -d 0.1 with the default probes (sum of /proc/PID/task/*/schedstat, the
#     scheduler's nanoseconds, not 10-ms ticks), alternating;
#  3. the time to its first sample: `rxtop -b -n 1 -d 0.01 -i IFACE`, median of several starts.
# Traffic: the generator's packet engine at RATE (default 100 kpps) into a private veth bed, to a port no socket
# has, so every packet is also one skb:kfree_skb drop.
# Usage: [RATE=pps] [SECONDS_MEASURED=s] [ROUNDS=n] [WINDOW=s] [RXTOP_BASE=other/rxtop] [ONLY_PROGRAMS=1]
#        tests/bench/cost.sh
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

# 1. Per program, raw and net. The kernel's statistics wrap every run in two clock reads (~25 ns each on a VM),
# and the hook's own dispatch counts too: programs that do nothing at the same hooks (rxtop-dev __bpfref) take
# the same traffic in windows alternating with rxtop's, and net = rxtop's ns/run - the reference's, per round.
# RXTOP_BASE=another build adds its figures (the "before") to the same rounds.
rounds=${ROUNDS:-5}
window=${WINDOW:-4}
runs=$OVH_DIR/runs
: >"$runs"
rxtop_window() { # BUILD KIND COUNTER ROUND: its programs' cumulative ns/run over the window, as lines of $runs
	timeout 30 "$1" -i "$BED_RECV" --counter "$3" --bpf-stats always --event-probes always -b -o json -d 1 \
		-n "$window" 2>/dev/null | tail -n 1 | python3 -c '
import json, sys
for p in json.load(sys.stdin)["self"]["programs"]:
    if p["run_cnt"]:
        print(sys.argv[1], sys.argv[2], sys.argv[3], p["name"], p["run_time_ns"] / p["run_cnt"], p["run_cnt"])
' "$2" "$3" "$4" >>"$runs" || echo "bpf programs ($2, $3 counter): no reading"
}
ref_window() { # COUNTER ROUND
	timeout 30 "$RXTOP_DEV" __bpfref -i "$BED_RECV" --counter "$1" -t "$window" 2>/dev/null |
		awk -v c="$1" -v r="$2" '$1 == "program" && $5 > 0 { print "ref", c, r, $2, $4 / $5, $5 }' >>"$runs"
}
kinds=(rxtop ref)
[ -n "${RXTOP_BASE:-}" ] && kinds+=(base)
for round in $(seq "$rounds"); do
	for counter in xdp tc; do
		# Each round starts one kind later (A B C, B C A, ...): a drift of the machine's load, or whatever the
		# window before leaves behind, falls on every kind alike.
		for i in "${!kinds[@]}"; do
			case ${kinds[(i + round) % ${#kinds[@]}]} in
			rxtop) rxtop_window "$RXTOP" rxtop "$counter" "$round" ;;
			ref) ref_window "$counter" "$round" ;;
			base) rxtop_window "$RXTOP_BASE" base "$counter" "$round" ;;
			esac
		done
	done
done
python3 - "$runs" <<'PYEOF'
import collections, statistics, sys
ns = collections.defaultdict(dict)  # (kind, counter, label) -> {round: ns/run}
cnt = collections.defaultdict(list)
for line in open(sys.argv[1]):
    kind, counter, rnd, label, value, runs = line.split()
    ns[kind, counter, label][rnd] = float(value)
    cnt[kind, counter, label].append(int(runs))
def fig(values):
    values = sorted(values)
    return "%6.1f [%5.1f-%5.1f]" % (statistics.median(values), values[0], values[-1]) if values else "     -" + " " * 14
for counter in ("xdp", "tc"):
    labels = sorted({l for k, c, l in ns if k == "rxtop" and c == counter},
                    key=lambda l: -statistics.median(cnt["rxtop", counter, l]))
    print("bpf programs, %s counter: ns/run median [min-max] of %s rounds; net = raw - reference of the same round"
          % (counter, len({r for v in ns.values() for r in v})))
    for label in labels:
        ref = ns.get(("ref", counter, label), {})
        line = "  %-24s reference %s" % (label, fig(ref.values()))
        for kind in ("base", "rxtop"):
            raw = ns.get((kind, counter, label))
            if raw is None:
                continue
            net = [raw[r] - ref[r] for r in raw if r in ref]
            line += "  %s raw %s net %s" % ("before" if kind == "base" else "rxtop", fig(raw.values()),
                                             fig(net) if net else "-")
        print(line + "  %9d runs/window" % statistics.median(cnt["rxtop", counter, label]))
PYEOF

[ -n "${ONLY_PROGRAMS:-}" ] && exit 0

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
