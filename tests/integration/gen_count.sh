#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop gen --count N sends exactly N frames: the generator says so and the receiver's sysfs agrees.
source "$(dirname "$0")/gen_bed.sh"
trap gen_bed_down EXIT
gen_bed_up

for engine in xdp packet; do
	before=$(sysfs_stat "$GEN_RX" rx_packets)
	out=$(timeout 30 "$RXTOP" gen "${GEN_ARGS[@]}" --engine "$engine" --count 123457) || fail "$engine: gen failed"
	got=$(($(settled 10 sysfs_stat "$GEN_RX" rx_packets) - before))
	info "$engine: $(tail -n 1 <<<"$out"); receiver +$got"
	[ "$(gen_key "$out" sent)" = 123457 ] || fail "$engine: generator says sent=$(gen_key "$out" sent)"
	[ "$got" = 123457 ] || fail "$engine: receiver got $got frames, not 123457"
done
