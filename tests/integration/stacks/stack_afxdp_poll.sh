#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# afxdp --poll sleeps in poll() on an empty rx ring instead of spinning. On 2 queues, 20 kpps sent to queue 0 only
# for 2 s, once spinning and once with --poll: with --poll every frame is still accounted for (received +
# rx_dropped + rx_ring_full = the device's rx_packets delta, exactly), the running message says so, and the
# receiver gives its cores back: its CPU time since ready (cpu_ns) under half the spinning run's, where the idle
# queue's worker alone spins a core, and more context switches than it (it sleeps). No rate bound.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/afxdp.sh"
afx_bed_up

run_mode() { # NAME [stack options]: one run; leaves NAME.out, NAME.err and the device's delta in NAME.rx
	local name=$1 rx_before
	shift
	rx_before=$(sysfs_stat "$BED_RECV" rx_packets)
	afx_stack_start -q 0,1 -c 0,1 "$@" || fail "afxdp $* did not start: $(cat "$AFX_TMP/stack.err")"
	afx_send 0 20000 2 "$AFX_TMP/$name.sent"
	afx_send_wait
	echo $(( $(settled 10 sysfs_stat "$BED_RECV" rx_packets) - rx_before )) >"$AFX_TMP/$name.rx"
	sleep 0.3 # the receiver takes the last frames off its rings
	afx_stack_stop || fail "afxdp $* exited with status $?: $(cat "$AFX_TMP/stack.err")"
	cp "$AFX_TMP/stack.out" "$AFX_TMP/$name.out"
	cp "$AFX_TMP/stack.err" "$AFX_TMP/$name.err"
}
run_mode spin
run_mode poll --poll

for name in spin poll; do
	info "$name: sent $(cat "$AFX_TMP/$name.sent"), $BED_RECV rx_packets delta $(cat "$AFX_TMP/$name.rx");" \
		"$(tail -n 1 "$AFX_TMP/$name.out")"
done
got=$(field packets "$AFX_TMP/poll.out") dropped=$(field xsk.rx_dropped "$AFX_TMP/poll.out")
full=$(field xsk.rx_ring_full "$AFX_TMP/poll.out") rx_delta=$(cat "$AFX_TMP/poll.rx")
[ "$got" -gt 0 ] || fail "--poll received nothing"
[ $((got + dropped + full)) -eq "$rx_delta" ] ||
	fail "--poll: received $got + dropped $dropped + ring full $full != $rx_delta seen by $BED_RECV"
grep -q 'poll() when empty' "$AFX_TMP/poll.err" || fail "--poll: the running message does not say so"
grep -q 'spinning' "$AFX_TMP/spin.err" || fail "without --poll: the running message does not say spinning"
spin_cpu=$(field cpu_ns "$AFX_TMP/spin.out") poll_cpu=$(field cpu_ns "$AFX_TMP/poll.out")
spin_sw=$(field switches "$AFX_TMP/spin.out") poll_sw=$(field switches "$AFX_TMP/poll.out")
info "cpu_ns spinning $spin_cpu, --poll $poll_cpu; switches spinning $spin_sw, --poll $poll_sw"
[ "$((poll_cpu * 2))" -lt "$spin_cpu" ] || fail "--poll took $poll_cpu ns of CPU, spinning $spin_cpu: not under half"
[ "$poll_sw" -gt "$spin_sw" ] || fail "--poll switched $poll_sw times, spinning $spin_sw: it does not sleep"
assert_no_xdp "$BED_RECV"
afx_assert_no_stack
echo PASS
