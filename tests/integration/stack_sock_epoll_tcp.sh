#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# epoll stack, TCP: receives exactly the bytes tcp_sender sent over 4 connections in 2 s.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/stack_sock_bed.inc"
sock_case_setup
"$RXTOP_DEV" __tcpsend 2>&1 | grep -q usage || fail "rxtop-dev has no __tcpsend entry"
sock_stack_start epoll $SOCK_TCP_PORT --proto tcp
out=$(ip netns exec "$SOCK_NS" "$RXTOP_DEV" __tcpsend "$SOCK_RX_IP" $SOCK_TCP_PORT 4 2) || fail "__tcpsend failed: $out"
sent=$(grep -o 'bytes=[0-9]*' <<<"$out" | cut -d= -f2)
tcp_drained $SOCK_TCP_PORT || fail "epoll did not read its connections' queues within 10 s"
sock_stack_stop
got=$(sock_stack_value bytes)
info "tcp_sender sent $sent bytes, epoll read $got"
[ "$sent" -gt 0 ] || fail "nothing was sent"
[ "$got" -eq "$sent" ] || fail "epoll read $got bytes of $sent"
