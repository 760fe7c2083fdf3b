#!/bin/bash
# afxdp on 2 queues receives >= 99 % of ~50 kpps sent over both for 3 s; its count matches arecv0's rx_packets.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stack_afxdp_bed.inc"
[ "$(id -u)" -eq 0 ] || skip "needs root"
[ "$(nproc)" -ge 2 ] || skip "traffic on both queues needs senders on 2 CPUs"
trap afx_cleanup EXIT
afx_bed_up || fail "cannot build the veth test bed"

rx_before=$(sysfs_stat "$AFX_RX" rx_packets)
afx_stack_start -q 0,1 -c 0,1 || fail "afxdp did not start: $(cat "$AFX_TMP/stack.err")"
cat "$AFX_TMP/stack.err"
afx_send 0 25000 3 "$AFX_TMP/sent0"
afx_send 1 25000 3 "$AFX_TMP/sent1"
afx_send_wait
sleep 0.3 # the last frames cross the veth
afx_stack_stop || fail "afxdp exited with status $?: $(cat "$AFX_TMP/stack.err")"
rx_delta=$(( $(sysfs_stat "$AFX_RX" rx_packets) - rx_before ))
cat "$AFX_TMP/stack.out"

sent=$(( $(cat "$AFX_TMP/sent0") + $(cat "$AFX_TMP/sent1") ))
got=$(afx_field packets) q0=$(afx_field q0) q1=$(afx_field q1)
info "sent $sent, $AFX_RX rx_packets delta $rx_delta, afxdp $got (q0 $q0, q1 $q1)"
[ "$sent" -ge 120000 ] || fail "the senders managed only $sent frames in 3 s; the machine is too busy"
[ "$q0" -gt 0 ] && [ "$q1" -gt 0 ] || fail "traffic did not reach both queues (q0 $q0, q1 $q1)"
within "$got" "$rx_delta" 0.5 || fail "afxdp counted $got, the interface $rx_delta (more than 0.5 % apart)"
awk -v g="$got" -v s="$sent" 'BEGIN { exit !(g >= s * 0.99) }' || fail "afxdp received $got of $sent (< 99 %)"
grep -q 'copy' "$AFX_TMP/stack.err" || fail "the live mode was not reported"
assert_no_xdp "$AFX_RX"
afx_assert_no_stack
echo PASS
