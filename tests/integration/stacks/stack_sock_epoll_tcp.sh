#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# epoll stack, TCP: receives exactly the bytes tcp_sender sent over 4 connections in 2 s.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/sock.sh"
sock_case_setup
"$RXTOP" __tcpsend 2>&1 | grep -q usage || fail "$RXTOP has no __tcpsend command"
sock_stack_start epoll $SOCK_TCP_PORT --proto tcp
out=$(ip netns exec "$BED_NS" "$RXTOP" __tcpsend "$BED_RECV_IP" $SOCK_TCP_PORT 4 2) || fail "__tcpsend failed: $out"
sent=$(field bytes <<<"$out")
tcp_drained $SOCK_TCP_PORT || fail "epoll did not read its connections' queues within 10 s"
sock_stack_stop
got=$(field bytes "$TMP/stack.out")
info "tcp_sender sent $sent bytes, epoll read $got"
[ "$sent" -gt 0 ] || fail "nothing was sent"
[ "$got" -eq "$sent" ] || fail "epoll read $got bytes of $sent"
