#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop gen --count N sends exactly N frames: the generator says so and the receiver's sysfs agrees.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/gen.sh"
gen_bed_up

for engine in xdp packet; do
	before=$(sysfs_stat "$BED_RECV" rx_packets)
	out=$(timeout 30 "$RXTOP" gen "${GEN_ARGS[@]}" --engine "$engine" --count 123457) || fail "$engine: gen failed"
	got=$(($(settled 10 sysfs_stat "$BED_RECV" rx_packets) - before))
	info "$engine: $(tail -n 1 <<<"$out"); receiver +$got"
	[ "$(field sent <<<"$out")" = 123457 ] || fail "$engine: generator says sent=$(field sent <<<"$out")"
	[ "$got" = 123457 ] || fail "$engine: receiver got $got frames, not 123457"
done
