#!/bin/bash
# rxtop gen --flows 2 on a 2-queue veth: each receiver rx queue gets traffic, with both engines.
source "$(dirname "$0")/gen_bed.sh"
trap gen_bed_down EXIT
gen_bed_up
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs to drive 2 queues"

for engine in xdp packet; do
	q0=$(gen_rx_queue 0) q1=$(gen_rx_queue 1)
	out=$(timeout 30 "$RXTOP" gen "${GEN_ARGS[@]}" --engine "$engine" --flows 2 --count 200000) ||
		fail "$engine: gen failed"
	sleep 0.3
	d0=$(($(gen_rx_queue 0) - q0)) d1=$(($(gen_rx_queue 1) - q1))
	info "$engine: $(tail -n 1 <<<"$out"); queue 0 +$d0, queue 1 +$d1"
	[ "$(gen_key "$out" threads)" = 2 ] || fail "$engine: not 2 threads"
	# One flow per thread per queue: an even split, give or take the scheduler.
	within "$d0" 100000 5 || fail "$engine: rx queue 0 got $d0 of 200000"
	within "$d1" 100000 5 || fail "$engine: rx queue 1 got $d1 of 200000"
done
