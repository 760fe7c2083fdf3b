#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# SIGKILL of rxtop __stack running a socket stack leaves no child alive and no socket bound.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/sock.sh"
sock_case_setup
sock_stack_start epoll $SOCK_UDP_PORT
child=$(pgrep -P "$SOCK_STACK_PID")
[ -n "$child" ] || fail "rxtop __stack has no child"
kill -KILL "$SOCK_STACK_PID"
wait "$SOCK_STACK_PID" 2>/dev/null
SOCK_STACK_PID=
for _ in $(seq 20); do
	state=$(awk '/^State:/ { print $2 }' "/proc/$child/status" 2>/dev/null)
	[ -z "$state" ] || [ "$state" = Z ] && break
	sleep 0.1
done
info "child $child state after 2 s: ${state:-gone}"
[ -z "$state" ] || [ "$state" = Z ] || fail "child $child outlived rxtop __stack (state $state)"
ss -Huln "sport = :$SOCK_UDP_PORT" | grep -q . && fail "port $SOCK_UDP_PORT is still bound"
exit 0
