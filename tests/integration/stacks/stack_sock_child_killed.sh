#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# SIGKILL of a socket stack's child: rxtop-dev __stack reports it, exits 1, and nothing stays behind.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/sock.sh"
sock_kill_case recvmmsg
kill -KILL "$CHILD"
wait "$SOCK_STACK_PID"; rc=$?
SOCK_STACK_PID=
cat "$TMP/stack.out"
[ $rc -eq 1 ] || fail "rxtop-dev __stack exited $rc after its child was killed, not 1"
grep -q "died" "$TMP/stack.out" || fail "rxtop-dev __stack did not report the death"
[ -d "/proc/$CHILD" ] && fail "the killed child $CHILD is still there"
sock_port_unbound
