#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# afxdp on 2 queues, ~50 kpps sent over both for 3 s: both queues receive, and once drained every frame arecv0
# counted was received or is in a kernel XDP_STATISTICS loss counter (received + rx_dropped + rx_ring_full =
# rx_packets delta, exactly). No rate or loss bound (a starved receiver drops; make bench measures rates).
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/afxdp.sh"
[ "$(nproc)" -ge 2 ] || skip "traffic on both queues needs senders on 2 CPUs"
afx_bed_up

rx_before=$(sysfs_stat "$BED_RECV" rx_packets)
afx_stack_start -q 0,1 -c 0,1 || fail "afxdp did not start: $(cat "$AFX_TMP/stack.err")"
cat "$AFX_TMP/stack.err"
afx_send 0 25000 3 "$AFX_TMP/sent0"
afx_send 1 25000 3 "$AFX_TMP/sent1"
afx_send_wait
rx_delta=$(( $(settled 10 sysfs_stat "$BED_RECV" rx_packets) - rx_before ))
sleep 0.3 # the receiver takes the last frames off its rings
afx_stack_stop || fail "afxdp exited with status $?: $(cat "$AFX_TMP/stack.err")"
cat "$AFX_TMP/stack.out"

sent=$(( $(cat "$AFX_TMP/sent0") + $(cat "$AFX_TMP/sent1") ))
got=$(field packets "$AFX_TMP/stack.out") q0=$(field q0 "$AFX_TMP/stack.out") q1=$(field q1 "$AFX_TMP/stack.out")
dropped=$(field xsk.rx_dropped "$AFX_TMP/stack.out") full=$(field xsk.rx_ring_full "$AFX_TMP/stack.out")
info "sent $sent, $BED_RECV rx_packets delta $rx_delta, afxdp $got (q0 $q0, q1 $q1), rx_dropped $dropped," \
	"rx_ring_full $full"
[ "$sent" -gt 0 ] && [ "$rx_delta" -le "$sent" ] || fail "$BED_RECV counted $rx_delta of $sent sent"
[ "$q0" -gt 0 ] && [ "$q1" -gt 0 ] || fail "traffic did not reach both queues (q0 $q0, q1 $q1)"
[ $((q0 + q1)) -eq "$got" ] || fail "the queues' counts $q0 + $q1 do not add up to $got"
# Copy mode counts a dry fill ring in both rx_dropped and rx_fill_ring_empty_descs: add rx_dropped + rx_ring_full.
[ $((got + dropped + full)) -eq "$rx_delta" ] ||
	fail "received $got + dropped $dropped + ring full $full != $rx_delta seen by $BED_RECV"
grep -q 'copy' "$AFX_TMP/stack.err" || fail "the live mode was not reported"
assert_no_xdp "$BED_RECV"
afx_assert_no_stack
echo PASS
