#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# SIGKILL of rxtop-dev __stack running a socket stack leaves no child alive and no socket bound.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/sock.sh"
sock_kill_case epoll
kill -KILL "$SOCK_STACK_PID"
wait "$SOCK_STACK_PID" 2>/dev/null
SOCK_STACK_PID=
for _ in $(seq 20); do
	state=$(awk '/^State:/ { print $2 }' "/proc/$CHILD/status" 2>/dev/null)
	[ -z "$state" ] || [ "$state" = Z ] && break
	sleep 0.1
done
info "child $CHILD state after 2 s: ${state:-gone}"
[ -z "$state" ] || [ "$state" = Z ] || fail "child $CHILD outlived rxtop-dev __stack (state $state)"
sock_port_unbound
