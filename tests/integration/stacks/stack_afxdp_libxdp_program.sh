#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# afxdp --xdp-program libxdp runs behind libxdp's own xsk_def_prog, as DPDK's af_xdp PMD does, not rxtop's counter:
# - while it receives, the interface's XDP program is xsk_def_prog, and rxtop's programs are not loaded;
# - every frame arecv0 saw was received or is in a kernel XDP_STATISTICS loss counter (exact, once drained);
# - nothing stays attached after a normal stop, nor after kill -9 of the child that holds the sockets (the janitor
#   detaches the xsk_def_prog that appeared during the run);
# - `rxtop run` says whose program sees the packets; a bad --xdp-program exits 2 with nothing attached.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/afxdp.sh"
afx_bed_up

# xdp_prog_name: the name of the XDP program on arecv0, "" when none
xdp_prog_name() {
	local id
	id=$(ip -d link show dev "$BED_RECV" | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p' | head -n 1)
	[ -n "$id" ] && bpftool prog show id "$id" | sed -n 's/^[0-9]*: xdp *name \([^ ]*\).*/\1/p'
}

# wait_no_xdp: up to 3 s for the link to lose its XDP program (a killed process's sockets close asynchronously)
wait_no_xdp() {
	for _ in $(seq 30); do
		ip -d link show dev "$BED_RECV" | grep -q 'prog/xdp' || return 0
		sleep 0.1
	done
	return 1
}

rx_before=$(sysfs_stat "$BED_RECV" rx_packets)
afx_stack_start -q 0,1 --xdp-program libxdp || fail "afxdp did not start: $(cat "$AFX_TMP/stack.err")"
cat "$AFX_TMP/stack.err"
grep -q "libxdp's xsk_def_prog" "$AFX_TMP/stack.err" || fail "the running line does not name libxdp's program"
prog=$(xdp_prog_name)
info "XDP program on $BED_RECV while afxdp runs: '$prog'; bpftool: $(bpftool net show dev "$BED_RECV" | grep -A1 '^xdp:' | tail -n 1)"
[ "$prog" = xsk_def_prog ] || fail "the XDP program on $BED_RECV is '$prog', not libxdp's xsk_def_prog"
bpftool prog show name rx_count >/dev/null 2>&1 && fail "rxtop's XDP counter is loaded in libxdp mode"
afx_send 0 20000 2 "$AFX_TMP/sent0"
afx_send 1 20000 2 "$AFX_TMP/sent1"
afx_send_wait
rx_delta=$(( $(settled 10 sysfs_stat "$BED_RECV" rx_packets) - rx_before ))
sleep 0.3 # the receiver takes the last frames off its rings
afx_stack_stop || fail "afxdp exited with status $?: $(cat "$AFX_TMP/stack.err")"
cat "$AFX_TMP/stack.out"
sent=$(( $(cat "$AFX_TMP/sent0") + $(cat "$AFX_TMP/sent1") ))
got=$(field packets "$AFX_TMP/stack.out") q0=$(field q0 "$AFX_TMP/stack.out") q1=$(field q1 "$AFX_TMP/stack.out")
dropped=$(field xsk.rx_dropped "$AFX_TMP/stack.out") full=$(field xsk.rx_ring_full "$AFX_TMP/stack.out")
info "sent $sent, $BED_RECV rx_packets delta $rx_delta, afxdp $got (q0 $q0, q1 $q1), rx_dropped $dropped, rx_ring_full $full"
[ "$sent" -gt 0 ] && [ "$rx_delta" -le "$sent" ] || fail "$BED_RECV counted $rx_delta of $sent sent"
[ "$q0" -gt 0 ] && [ "$q1" -gt 0 ] || fail "xsk_def_prog did not redirect both queues (q0 $q0, q1 $q1)"
[ $((got + dropped + full)) -eq "$rx_delta" ] ||
	fail "received $got + dropped $dropped + ring full $full != $rx_delta seen by $BED_RECV"
wait_no_xdp || fail "after a normal stop: $(ip -d link show dev "$BED_RECV" | grep prog/xdp)"

# kill -9 of the child holding the sockets: libxdp never gets to detach; the janitor must.
afx_stack_start -q 0,1 --xdp-program libxdp || fail "afxdp did not start again: $(cat "$AFX_TMP/stack.err")"
[ "$(xdp_prog_name)" = xsk_def_prog ] || fail "no xsk_def_prog on the second run"
child=$(pgrep -P "$AFX_STACK" | head -n 1)
[ -n "$child" ] || fail "no afxdp child under $AFX_STACK"
afx_send 0 20000 1 "$AFX_TMP/sent0"
sleep 0.5
kill -9 "$child"
afx_send_wait
wait "$AFX_STACK" 2>/dev/null
AFX_STACK=
wait_no_xdp || fail "xsk_def_prog outlived kill -9 of the afxdp child: $(ip -d link show dev "$BED_RECV" | grep prog/xdp)"
afx_assert_no_stack

# rxtop run on the lab: the running line names the program; a bad value attaches nothing.
out=$("$RXTOP" run afxdp --lab -q 0 -d 1 -b --xdp-program libxdp 2>&1) || fail "rxtop run afxdp --xdp-program libxdp: $out"
grep -m1 '^rxtop: afxdp on' <<<"$out"
grep -q "^rxtop: afxdp on rxlab0: .*(libxdp's xsk_def_prog, no count at XDP)" <<<"$out" ||
	fail "rxtop run does not say whose XDP program sees the packets: $(grep '^rxtop:' <<<"$out")"
assert_no_xdp rxlab0
expect_usage_error "unknown --xdp-program" "$RXTOP" run afxdp --lab -q 0 -d 1 --xdp-program bpf
assert_no_xdp rxlab0
lab_cleanup
echo PASS
