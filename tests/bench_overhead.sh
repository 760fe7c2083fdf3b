#!/bin/bash
# Observer overhead benchmark (make bench, not a test): a receiver's max pps with rxtop's full probe set attached
# (rxtop run NAME: XDP counter, trace and overhead probes, BPF statistics sampled as by default) divided by its max
# pps alone (rxtop __stack NAME, with only the XDP program afxdp needs), generator flat out on a private veth bed;
# each side counts its own packets over the same --duration. Alternating runs, the median ratio printed per stack;
# target >= 0.98.
# Placement is fixed, as in any receive benchmark: one generator thread on CPU 0 (veth runs the receive NAPI on
# the sending CPU, so softirq work lands there too) and the receiver on CPU 1. Left to the scheduler, the two
# placements differ 4x and the ratio says nothing.
# Usage: tests/bench_overhead.sh [SECONDS] [REPEATS]
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/overhead_lib.sh"
seconds=${1:-3}
repeats=${2:-7}
[ "$(nproc)" -ge 2 ] || skip "needs two CPUs: one for the generator, one for the receiver"
stacks=${STACKS:-afxdp,epoll}
ovh_bed_up

# flood COMMAND...: runs it with the generator flat out around it.
flood() {
	taskset -c 0 "$RXTOP" gen "${OVH_GEN[@]}" --threads 1 --duration $((seconds + 20)) >/dev/null 2>&1 &
	local gen=$!
	sleep 0.5
	"$@"
	kill "$gen" 2>/dev/null
	wait "$gen" 2>/dev/null
}

alone() { # STACK: pps the receiver counted alone
	flood taskset -c 1 "$RXTOP" __stack "$1" -i "$OVH_RX" -q 0,1 --duration "$seconds" 2>/dev/null |
		sed -n 's/.* packets=\([0-9]*\) .*elapsed=\([0-9.]*\).*/\1 \2/p' | awk '{ printf "%.0f\n", $1 / $2 }'
}

observed() { # STACK: pps the receiver counted under rxtop run (its last line, over the phase's duration)
	flood "$RXTOP" run "$1" -i "$OVH_RX" -q 0,1 -c 1 -b -o json --duration "$seconds" -d 1 2>/dev/null |
		tail -n 1 | python3 -c "import json, sys; s = json.load(sys.stdin)['stacks'][0]; print(round(s['rx_packets'] / $seconds))"
}

for stack in ${stacks//,/ }; do
	ratios=()
	for r in $(seq "$repeats"); do
		if [ $((r % 2)) = 1 ]; then a=$(alone "$stack") o=$(observed "$stack"); else o=$(observed "$stack") a=$(alone "$stack"); fi
		[ -n "$a" ] && [ -n "$o" ] && [ "$a" -gt 0 ] || { echo "$stack: run $r gave no count (alone '$a', observed '$o')"; continue; }
		ratio=$(awk -v o="$o" -v a="$a" 'BEGIN { printf "%.3f", o / a }')
		ratios+=("$ratio")
		echo "$stack run $r: alone $a pps, under rxtop $o pps, ratio $ratio"
	done
	[ ${#ratios[@]} -gt 0 ] || continue
	median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	verdict=$(awk -v m="$median" 'BEGIN { print (m >= 0.98) ? "meets" : "misses" }')
	spread=$(printf '%s\n' "${ratios[@]}" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }')
	echo "$stack observer overhead: median ratio $median over ${#ratios[@]} runs, range $spread ($verdict the 0.98 target)"
done
