#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop gen --rate 100k for 3 s, each engine: the receiver counts exactly what the generator says it sent, the
# generator's pps is its sent over its duration, and it never runs ahead of the rate (sent <= 100k/s x duration,
# plus 1 % and one 1000-frame burst of slack). How close it gets to the rate on a given machine is a benchmark
# (make bench: tests/bench/gen.sh), not a test: a generator starved by other work falls behind.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/gen.sh"
gen_bed_up

for engine in packet xdp; do
	before=$(sysfs_stat "$BED_RECV" rx_packets)
	out=$(timeout 30 "$RXTOP" gen "${GEN_ARGS[@]}" --engine "$engine" --rate 100k --duration 3) ||
		fail "$engine: gen failed"
	got=$(($(settled 10 sysfs_stat "$BED_RECV" rx_packets) - before))
	sent=$(field sent <<<"$out") failed=$(field failed <<<"$out")
	pps=$(field pps <<<"$out") duration=$(field duration <<<"$out")
	info "$engine: $(tail -n 1 <<<"$out"); receiver +$got"
	[ "$sent" -gt 0 ] || fail "$engine: sent nothing"
	# XDP_DROP behind grecv0 counts every frame that crossed the veth; refused frames are the generator's failed.
	[ "$got" -eq "$sent" ] || fail "$engine: receiver got $got, generator says sent $sent (failed $failed)"
	awk -v p="$pps" -v s="$sent" -v d="$duration" 'BEGIN { x = p - s / d; exit !(d > 0 && x * x <= (0.001 * p + 1) ^ 2) }' ||
		fail "$engine: pps $pps is not sent $sent / duration $duration"
	awk -v s="$sent" -v d="$duration" 'BEGIN { exit !(s <= 100000 * d * 1.01 + 1000) }' ||
		fail "$engine: sent $sent in $duration s, ahead of 100 kpps"
	awk -v d="$duration" 'BEGIN { exit !(d >= 2.99) }' || fail "$engine: stopped after $duration s, asked 3"
done
