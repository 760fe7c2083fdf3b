#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A stack child killed with SIGKILL during `rxtop run`: one stderr line names the stack, pid and signal, rxtop
# exits non-zero before the next phase, and nothing stays attached or alive.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/run.sh"
TMP=$(mktemp -d)
at_exit 'kill -9 $RUN_PID 2>/dev/null; rm -rf "$TMP"'

for attempt in 1 2 3; do
	run_start_bg "$TMP/out" "$TMP/err" run afxdp,epoll --lab -b -o json -d 0.5 --duration 20 --gen-rate 20000
	children=$(pgrep -P $RUN_PID | tr '\n' ' ')
	child=$(run_stack_pids "$TMP/out")
	info "rxtop $RUN_PID, children: $children, afxdp child: $child"
	[ -n "$child" ] || fail "no afxdp pid in the JSON output"
	xdp_ids=$(run_xdp_id)
	kill -KILL "$child"
	timeout 10 tail --pid=$RUN_PID -f /dev/null
	wait $RUN_PID; rc=$?
	cat "$TMP/err"
	# Another case took the lab down under this run before the kill: not what is tested here.
	grep -Eq "$RUN_CONTENTION" "$TMP/err" || break
done
[ $rc -ne 0 ] || fail "rxtop run exited 0 after its stack was killed"
[ $rc -ne 137 ] || fail "rxtop itself was killed"
lines=$(grep -c "stack afxdp (pid $child) was killed by signal 9 (SIGKILL)" "$TMP/err")
[ "$lines" = 1 ] || fail "expected one line naming afxdp, pid $child and SIGKILL on stderr, got $lines"
[ "$(grep -c . "$TMP/err")" = 1 ] || fail "more than one line on stderr"
grep -q '"stack":"epoll"' "$TMP/out" && fail "the run went on to epoll after afxdp died"
run_assert_no_xdp $xdp_ids
run_assert_gone $children
exit 0
