#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A paced generator never sends more in one millisecond than 150 % of what the millisecond earns plus two bursts per
# thread, on any machine (a late thread repays at most that fast, in bursts of at most 64 frames, and forgets a long
# stall), and it reports that burstiness; auto picks the packet engine when a rate is set. A tight smoothness budget (p99/mean) is tests/bench/gen.sh's, not this case's.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/gen.sh"
gen_bed_up
BUCKET=64 # GEN_PACER_BURST (src/gen/gen_rate.h)


for engine in auto xdp; do
	out=$(timeout 30 "$RXTOP" gen "${GEN_ARGS[@]}" --engine "$engine" --rate 100k --duration 2) ||
		fail "$engine: gen failed"
	line=$(tail -n 1 <<<"$out")
	info "$engine: $(sed -n 2p <<<"$out")"
	[ "$engine" = auto ] && { [ "$(field engine <<<"$line")" = packet ] || fail "auto with a rate chose $(field engine <<<"$line")"; }
	threads=$(field threads <<<"$line") ms=$(field burst_ms <<<"$line") max=$(field burst_max <<<"$line")
	p99=$(field burst_p99 <<<"$line") sent=$(field sent <<<"$line") late=$(field late <<<"$line")
	[ -n "$ms" ] && [ -n "$max" ] && [ -n "$late" ] || fail "$engine: no burstiness in '$line'"
	# 2 s minus the first and last partial milliseconds; a busy host may leave a few unfolded, not hundreds.
	[ "$ms" -ge 1500 ] && [ "$ms" -le 2001 ] || fail "$engine: burstiness over $ms ms of a 2 s run"
	# A millisecond earns 100 frames, a late thread may send 150; each thread may add a burst it had and one in
	# flight.
	bound=$((150 + threads * (2 * BUCKET + 1)))
	awk -v m="$max" -v p="$p99" -v b="$bound" 'BEGIN { exit !(m <= b && p <= m) }' ||
		fail "$engine: $max frames in one millisecond (p99 $p99), more than $bound at 100 kpps with $threads threads"
	[ "$sent" -gt 0 ] || fail "$engine: sent nothing"
done
exit 0
