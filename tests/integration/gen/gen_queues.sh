#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop gen --flows 2 on a 2-queue veth: each receiver rx queue gets traffic, with both engines.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/gen.sh"
gen_bed_up
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs to drive 2 queues"

for engine in xdp packet; do
	q0=$(gen_rx_queue 0) q1=$(gen_rx_queue 1)
	out=$(timeout 30 "$RXTOP" gen "${GEN_ARGS[@]}" --engine "$engine" --flows 2 --count 200000) ||
		fail "$engine: gen failed"
	settled 10 sysfs_stat "$BED_RECV" rx_packets >/dev/null
	d0=$(($(gen_rx_queue 0) - q0)) d1=$(($(gen_rx_queue 1) - q1))
	info "$engine: $(tail -n 1 <<<"$out"); queue 0 +$d0, queue 1 +$d1"
	[ "$(field threads <<<"$out")" = 2 ] || fail "$engine: not 2 threads"
	# Every frame arrived on one of the two queues, and each queue got some (one pinned thread per tx queue).
	# How evenly is not asserted: it depends on which thread the scheduler lets run first.
	[ $((d0 + d1)) -eq 200000 ] || fail "$engine: the rx queues got $d0 + $d1 of 200000"
	[ "$d0" -gt 0 ] && [ "$d1" -gt 0 ] || fail "$engine: a queue got nothing: $d0 / $d1"
done
