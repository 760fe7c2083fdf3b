#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop killed (SIGKILL, then SIGTERM) during `rxtop run afxdp,epoll --lab`, in each phase: no stack child and no
# generator stay alive and no XDP program stays on rxlab0.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/run.sh"
TMP=$(mktemp -d)
at_exit 'kill -9 $RUN_PID 2>/dev/null; rm -rf "$TMP"'

for sig in KILL TERM; do
	for phase in afxdp epoll; do
		run_start_bg "$TMP/out" "$TMP/err" run afxdp,epoll --lab -b -o json -d 0.3 --duration 2 --gen-rate 20000
		# Wait for the phase's stack to show in a JSON line, then note every child of rxtop.
		for _ in $(seq 100); do
			grep -q "\"stack\":\"$phase\",\"pid\":[0-9]*,\"alive\":true" "$TMP/out" && break
			sleep 0.1
		done
		grep -q "\"stack\":\"$phase\",\"pid\":[0-9]*,\"alive\":true" "$TMP/out" || fail "$phase never ran"
		children="$(pgrep -P $RUN_PID | tr '\n' ' ') $(run_stack_pids "$TMP/out")"
		info "SIG$sig to rxtop $RUN_PID during $phase; children: $children"
		xdp_ids=$(run_xdp_id)
		kill -$sig $RUN_PID
		timeout 10 tail --pid=$RUN_PID -f /dev/null || fail "rxtop still running 10 s after SIG$sig"
		wait $RUN_PID 2>/dev/null
		run_assert_gone $children
		run_assert_no_xdp $xdp_ids
	done
done
exit 0
