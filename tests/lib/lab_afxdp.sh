# SPDX-License-Identifier: GPL-2.0-only
# Helpers for cases that run rxtop's afxdp receiver on the lab as "an AF_XDP application" that rxtop then watches
# or diagnoses (sourced after tests/lib.sh; not a case itself). Sets up the lab with 2 queues and a scratch
# directory TMP, and removes both on exit.
TMP=$(mktemp -d)
STACK_PID=
HOLDER=
OTHER_PIDS=() # the case's own background processes, ended on exit too
at_exit 'kill -CONT $HOLDER 2>/dev/null; kill -TERM $STACK_PID "${OTHER_PIDS[@]}" 2>/dev/null; wait 2>/dev/null
	lab_cleanup; rm -rf "$TMP"'
"$RXTOP" lab up --queues 2 >/dev/null || fail "lab up"
ethtool -S rxlab0 2>/dev/null | grep -q rx_queue_0_xdp_redirect || skip "ethtool -S rxlab0 has no per-queue counters"

# veth COUNTER: one of rxlab0's own counters (ethtool -S), e.g. rx_queue_0_xdp_redirect
veth() { ethtool -S rxlab0 | awk -v k="$1:" '$1 == k { print $2 }'; }

# gen ARGS...: the packet generator from the lab's namespace, in the foreground
gen() { ip netns exec rxtop-gen "$RXTOP" gen -i rxgen0 --src 198.18.0.1 --dst 198.18.0.2 --engine packet "$@" \
	>"$TMP/gen.out" 2>&1 || fail "the generator failed: $(cat "$TMP/gen.out")"; }

# start_stack ARGS...: rxtop's afxdp receiver (STACK=dpdk: the dpdk one) on rxlab0 in the background, its output in
# $TMP/stack.out; sets STACK_PID (its runner) and HOLDER (the runner's child, the process with the sockets). DPDK's
# EAL set-up took over 4 s beside a CPU hog, so it is given 30 s.
start_stack() {
	local stack=${STACK:-afxdp}
	"$RXTOP" __stack "$stack" -i rxlab0 --duration 60 "$@" >"$TMP/stack.out" 2>&1 &
	STACK_PID=$!
	for _ in $(seq 300); do
		HOLDER=$(pgrep -P "$STACK_PID" | head -n 1)
		[ -n "$HOLDER" ] && grep -q "^rxtop: $stack on" "$TMP/stack.out" && return 0
		kill -0 "$STACK_PID" 2>/dev/null || break
		sleep 0.1
	done
	fail "$stack did not start: $(cat "$TMP/stack.out")"
}

# stop_stack: SIGTERM, and its exit status must be 0
stop_stack() {
	kill -TERM "$STACK_PID"
	wait "$STACK_PID" || fail "${STACK:-afxdp} exited $?: $(cat "$TMP/stack.out")"
	STACK_PID=
}
