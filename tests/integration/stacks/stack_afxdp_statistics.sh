#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The kernel's XDP_STATISTICS show up as afxdp's xsk losses: with the receiver frozen (SIGSTOP) its tiny rings
# overflow, and received + xsk drops account for every frame arecv0 saw. The drop kind: the fill ring is twice the
# rx ring with every frame of the UMEM posted (like xdpsock and DPDK's PMD), so a full rx ring still leaves frames
# on the fill ring and overload shows as rx_ring_full, never as an empty fill ring (rx_dropped).
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/afxdp.sh"
worker=
afx_bed_up
# Registered after the bed's: a frozen worker is thawed before the receiver is stopped.
at_exit 'kill -CONT $worker 2>/dev/null'

rx_before=$(sysfs_stat "$BED_RECV" rx_packets)
afx_stack_start -q 0,1 --ring-size 64 || fail "afxdp did not start: $(cat "$AFX_TMP/stack.err")"
worker=$(pgrep -P "$AFX_STACK" | head -n 1)
[ -n "$worker" ] || fail "no afxdp child process under $AFX_STACK"
kill -STOP "$worker"
afx_send 0 10000 1 "$AFX_TMP/sent0"
afx_send_wait
kill -CONT "$worker"
sleep 0.5 # a few statistics reads (every 100 ms)
afx_stack_stop || fail "afxdp exited with status $?: $(cat "$AFX_TMP/stack.err")"
rx_delta=$(( $(sysfs_stat "$BED_RECV" rx_packets) - rx_before ))
cat "$AFX_TMP/stack.out"

sent=$(cat "$AFX_TMP/sent0")
got=$(field packets "$AFX_TMP/stack.out")
dropped=$(field xsk.rx_dropped "$AFX_TMP/stack.out") full=$(field xsk.rx_ring_full "$AFX_TMP/stack.out")
empty=$(field xsk.rx_fill_ring_empty_descs "$AFX_TMP/stack.out") invalid=$(field xsk.rx_invalid_descs "$AFX_TMP/stack.out")
info "sent $sent, rx_packets delta $rx_delta, afxdp $got, rx_dropped $dropped, rx_ring_full $full," \
	"rx_fill_ring_empty_descs $empty, rx_invalid_descs $invalid"
[ -n "$dropped" ] && [ -n "$full" ] && [ -n "$empty" ] && [ -n "$invalid" ] || fail "an xsk loss counter is missing"
[ "$full" -gt 0 ] || fail "rx_ring_full stayed 0 although the receiver was frozen"
[ "$empty" -eq 0 ] || fail "the fill ring ran dry $empty times: not all of the UMEM was posted"
[ "$dropped" -eq 0 ] || fail "rx_dropped $dropped: frames lost to an empty fill ring instead of a full rx ring"
[ "$got" -le $((64 * 2)) ] || fail "a frozen receiver with 64-entry rings cannot have received $got"
# Copy mode counts a dry fill ring in both rx_dropped and rx_fill_ring_empty_descs: add rx_dropped + rx_ring_full.
[ $((got + dropped + full)) -eq "$rx_delta" ] ||
	fail "received $got + dropped $dropped + ring full $full != $rx_delta seen by $BED_RECV"
assert_no_xdp "$BED_RECV"
afx_assert_no_stack
echo PASS
