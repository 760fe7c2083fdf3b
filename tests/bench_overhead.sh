#!/bin/bash
# Observer overhead benchmark (make bench, not a test): a receiver's max pps with rxtop's full probe set attached
# (rxtop run NAME: XDP counter, trace and overhead probes, BPF statistics sampled as by default) divided by its max
# pps alone (rxtop __stack NAME, with only the XDP program afxdp needs), generator flat out on a private veth bed;
# each side counts its own packets over the same --duration. Alternating runs, the median ratio printed per stack;
# target >= 0.98.
# Placement is fixed, as in any receive benchmark: one generator thread on CPU 0 (veth runs the receive NAPI on
# the sending CPU, so softirq work lands there too) and the receiver on CPU 1. Left to the scheduler, the two
# placements differ 4x and the ratio says nothing.
# Socket receivers get an 8 MB SO_RCVBUF, as any max-rate UDP receiver would: with the default 208 KB (about 270
# 64-byte packets, 0.4 ms at 700 kpps) the socket overflows whenever the receiver is slow to wake, its rate is set
# by wake-up latency rather than by work, and every probe on the wake-up path (sched, softirq, the kfree_skb of
# each overflow) counts several times over. That case is printed too, for information, not against the target.
# Usage: tests/bench_overhead.sh [SECONDS] [REPEATS]
source "$(dirname "$0")/lib.sh"
source "$ROOT/tests/overhead_lib.sh"
seconds=${1:-3}
repeats=${2:-11}
[ "$(nproc)" -ge 2 ] || skip "needs two CPUs: one for the generator, one for the receiver"
# CASE: STACK[:OPTION...] with options joined by '+', e.g. epoll:--rcvbuf+8388608
cases=${CASES:-afxdp epoll:--rcvbuf+8388608 epoll}
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

alone() { # STACK OPTIONS...: pps the receiver counted alone
	flood taskset -c 1 "$RXTOP" __stack "$@" -i "$OVH_RX" -q 0,1 --duration "$seconds" 2>/dev/null |
		sed -n 's/.* packets=\([0-9]*\) .*elapsed=\([0-9.]*\).*/\1 \2/p' | awk '{ printf "%.0f\n", $1 / $2 }'
}

observed() { # STACK OPTIONS...: pps the receiver counted under rxtop run (its last line, over the phase's duration)
	flood "$RXTOP" run "$@" -i "$OVH_RX" -q 0,1 -c 1 -b -o json --duration "$seconds" -d 1 2>/dev/null |
		tail -n 1 | python3 -c "import json, sys; s = json.load(sys.stdin)['stacks'][0]; print(round(s['rx_packets'] / $seconds))"
}

for case in $cases; do
	stack=${case%%:*}
	opts=()
	[ "$case" = "$stack" ] || { joined=${case#*:} && read -r -a opts <<<"${joined//+/ }"; }
	name=$stack
	[ ${#opts[@]} = 0 ] || name="$stack ${opts[*]}"
	target=1
	[ "$stack" = epoll ] && [ ${#opts[@]} = 0 ] && target=0
	ratios=()
	for r in $(seq "$repeats"); do
		if [ $((r % 2)) = 1 ]; then a=$(alone "$stack" "${opts[@]}") o=$(observed "$stack" "${opts[@]}")
		else o=$(observed "$stack" "${opts[@]}") a=$(alone "$stack" "${opts[@]}"); fi
		[ -n "$a" ] && [ -n "$o" ] && [ "$a" -gt 0 ] || { echo "$name: run $r gave no count (alone '$a', observed '$o')"; continue; }
		ratio=$(awk -v o="$o" -v a="$a" 'BEGIN { printf "%.3f", o / a }')
		ratios+=("$ratio")
		echo "$name run $r: alone $a pps, under rxtop $o pps, ratio $ratio"
	done
	[ ${#ratios[@]} -gt 0 ] || continue
	median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
	verdict=$(awk -v m="$median" 'BEGIN { print (m >= 0.98) ? "meets" : "misses" }')
	[ "$target" = 1 ] && verdict="$verdict the 0.98 target" || verdict="default SO_RCVBUF, for information"
	spread=$(printf '%s\n' "${ratios[@]}" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }')
	echo "$name observer overhead: median ratio $median over ${#ratios[@]} runs, range $spread ($verdict)"
done
