#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop's afxdp at its defaults, on both lab queues, fed by the generator as fast as it can: rxtop doctor must not
# find its fill rings empty (they are twice the rx ring, every UMEM frame posted), the rings are the sizes xdpsock
# and DPDK's PMD use (rx 2048, fill 4096), and what the kernel dropped (veth rx_queue_N_drops) is all rx-ring-full.
# Whether the worker keeps up at all is the machine's business (make bench), so a full rx ring is only printed.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/lab_afxdp.sh"

doctor_under_flood
tail -n 1 "$TMP/stack.out"
full=$(tail -n 1 "$TMP/stack.out" | field xsk.rx_ring_full)
dropped=$(tail -n 1 "$TMP/stack.out" | field xsk.rx_dropped)
empty=$(tail -n 1 "$TMP/stack.out" | field xsk.rx_fill_ring_empty_descs)
info "veth drops $DROPS; receiver's XDP_STATISTICS: rx_ring_full $full, rx_dropped $dropped, fill ring empty $empty"
[ -n "$full" ] && [ -n "$dropped" ] && [ -n "$empty" ] || fail "an xsk counter is missing from the receiver's output"
[ "$empty" -eq 0 ] && [ "$dropped" -eq 0 ] || fail "frames lost to an empty fill ring: rx_dropped $dropped, empty $empty"
[ "$full" -eq "$DROPS" ] || fail "veth dropped $DROPS, the sockets' rx_ring_full says $full"
grep -q 'xsk_fill_ring_empty' "$TMP/doctor.txt" && fail "doctor found a fill ring empty"
doctor_sockets_ok 2048
echo PASS
