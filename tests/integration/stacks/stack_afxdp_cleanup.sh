#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Nothing afxdp set up outlives it: no XDP program and no child after a normal stop and after kill -9 of
# `rxtop __stack` while receiving; the queues are free for a new socket afterwards.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/afxdp.sh"
afx_bed_up

# wait_clean: up to 3 s for the kernel to release the link and the sockets of dead processes.
wait_clean() {
	for _ in $(seq 30); do
		! ip -d link show dev "$BED_RECV" | grep -q 'prog/xdp' && ! pgrep -f "rxtop __stack afxdp -i $BED_RECV" >/dev/null &&
			return 0
		sleep 0.1
	done
	return 1
}

afx_stack_start -q 0,1 || fail "afxdp did not start: $(cat "$AFX_TMP/stack.err")"
ip -d link show dev "$BED_RECV" | grep -q 'prog/xdp' || fail "no XDP program while afxdp runs"
afx_stack_stop || fail "afxdp exited with status $? on SIGINT"
wait_clean || fail "after a normal stop: $(ip -d link show dev "$BED_RECV" | grep prog/xdp) $(pgrep -af 'rxtop __stack')"
assert_no_xdp "$BED_RECV"

afx_stack_start -q 0,1 || fail "afxdp did not start a second time (queues still busy?): $(cat "$AFX_TMP/stack.err")"
afx_send 0 20000 1 "$AFX_TMP/sent0"
sleep 0.5
child=$(pgrep -P "$AFX_STACK" | head -n 1)
[ -n "$child" ] || fail "no afxdp child under $AFX_STACK"
{ kill -9 "$AFX_STACK"; wait "$AFX_STACK"; } 2>/dev/null
AFX_STACK=
afx_send_wait
wait_clean || fail "after kill -9: $(ip -d link show dev "$BED_RECV" | grep prog/xdp) $(pgrep -af 'rxtop __stack')"
# A zombie waiting for init to reap it holds nothing; only a running child would.
state=$(awk '/^State:/ { print $2 }' "/proc/$child/status" 2>/dev/null)
[ -z "$state" ] || [ "$state" = Z ] || fail "the afxdp child $child outlived kill -9 of its parent (state $state)"
assert_no_xdp "$BED_RECV"
afx_assert_no_stack

# The sockets of the killed child are gone too: the same queues bind again.
afx_stack_start -q 0,1 || fail "afxdp cannot bind again after kill -9: $(cat "$AFX_TMP/stack.err")"
afx_stack_stop || fail "third run exited with status $?"
wait_clean || fail "after the third run"
echo PASS
