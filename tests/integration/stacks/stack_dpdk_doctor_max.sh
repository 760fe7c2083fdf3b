#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop's dpdk (af_xdp PMD) at its defaults, on both lab queues, fed by the generator as fast as it can: rxtop doctor
# must not find the PMD's fill rings empty. The PMD posts a fixed 2048 frames (DPDK 22.11), so rxtop gives it an rx
# ring of 1024: a full rx ring still leaves frames on the fill ring, and what the kernel dropped (veth
# rx_queue_N_drops) is all rx-ring-full. With an rx ring of 2048 the fill ring runs dry first and this fails.
# Whether the lcores keep up at all is the machine's business (make bench), so a full rx ring is only printed.
source "${0%/integration/*}/lib.sh"
"$RXTOP_DEV" __stack dpdk 2>&1 | grep -q "unknown stack" && skip "rxtop was built without DPDK"
source "$ROOT/tests/lib/lab_afxdp.sh"
STACK=dpdk

doctor_under_flood
grep '^rxtop: dpdk on' "$TMP/stack.out"
tail -n 1 "$TMP/stack.out"
full=$(tail -n 1 "$TMP/stack.out" | grep -o 'xsk.rx_ring_full=[0-9]*' | cut -d= -f2)
missed=$(tail -n 1 "$TMP/stack.out" | grep -o 'dpdk.imissed=[0-9]*' | cut -d= -f2)
info "veth drops $DROPS; the PMD's sockets: rx_ring_full $full, imissed (rx_dropped: fill ring empty) $missed"
[ -n "$full" ] && [ -n "$missed" ] || fail "a loss counter is missing from the receiver's output"
[ "$missed" -eq 0 ] || fail "frames lost to an empty fill ring: imissed $missed"
[ "$full" -eq "$DROPS" ] || fail "veth dropped $DROPS, the sockets' rx_ring_full says $full"
grep -q 'xsk_fill_ring_empty' "$TMP/doctor.txt" && fail "doctor found a fill ring empty"
grep -q 'rx ring 1024, fill ring 4096 (2048 posted)' "$TMP/stack.out" || fail "the running message does not say the rings"
doctor_sockets_ok 1024
echo PASS
