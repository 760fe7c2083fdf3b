#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# iouring TCP: multishot accept into fixed files + multishot recv; the byte count equals what 3 connections sent.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/iouring.sh"
out=$(mktemp)
at_exit 'kill $rx 2>/dev/null; wait $rx 2>/dev/null; rm -f "$out"'
iouring_bed_up
"$RXTOP" __stack iouring -i "$BED_RECV" -q 0,1 -c 0,1 --proto tcp --duration 60 >"$out" 2>&1 &
rx=$!
wait_listening tcp 9000 || fail "iouring did not listen on TCP port 9000: $(cat "$out")"
sent=$(tcp_send 9000 7000001 3) || fail "sender failed"
stop_receiver $rx || fail "iouring exited with $?: $(cat "$out")"
line=$(cat "$out")
info "$line"
got=$(field bytes <<<"$line")
info "sent=$sent received=$got"
[ "$got" = "$sent" ] || fail "received $got bytes, sent $sent"
