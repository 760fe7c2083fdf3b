#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# SIGKILL of a socket stack's child: rxtop __stack reports it, exits 1, and nothing stays behind.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/sock.sh"
sock_case_setup
sock_stack_start recvmmsg $SOCK_UDP_PORT
child=$(pgrep -P "$SOCK_STACK_PID")
[ -n "$child" ] || fail "rxtop __stack has no child"
kill -KILL "$child"
wait "$SOCK_STACK_PID"; rc=$?
SOCK_STACK_PID=
cat "$TMP/stack.out"
[ $rc -eq 1 ] || fail "rxtop __stack exited $rc after its child was killed, not 1"
grep -q "died" "$TMP/stack.out" || fail "rxtop __stack did not report the death"
[ -d "/proc/$child" ] && fail "the killed child $child is still there"
ss -Huln "sport = :$SOCK_UDP_PORT" | grep -q . && fail "port $SOCK_UDP_PORT is still bound"
exit 0
