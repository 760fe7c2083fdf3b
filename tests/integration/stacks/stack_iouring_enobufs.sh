#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# iouring with --buffers 16: a burst empties the provided-buffer ring; iouring.enobufs and the re-arms show it, nothing is lost.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/iouring.sh"
out=$(mktemp)
at_exit 'kill $rx 2>/dev/null; wait $rx 2>/dev/null; rm -f "$out"'
iouring_bed_up
"$RXTOP" __stack iouring -i "$BED_RECV" -q 0 -c 0 --buffers 16 --rcvbuf 8388608 --duration 60 >"$out" 2>&1 &
rx=$!
wait_listening udp 9000 || fail "iouring did not bind UDP port 9000: $(cat "$out")"
# rxtop's generator flat out (a Python sender's ~25 kpps let the receiver keep up with 16 buffers on a fast host).
sent=$("$RXTOP" gen -i "$BED_SEND" --netns "$BED_NS" --src "$BED_SEND_IP" --dst "$BED_RECV_IP" --engine packet --threads 1 \
	--count 20000 | sed -n 's/^sent=\([0-9]*\) .*/\1/p')
[ "${sent:-0}" -eq 20000 ] || fail "the generator sent '$sent' of 20000"
stop_receiver $rx || fail "iouring exited with $?: $(cat "$out")"
line=$(cat "$out")
info "$line"
enobufs=$(field iouring.enobufs <<<"$line")
rearms=$(field iouring.rearms <<<"$line")
drops=$(field socket.rcvbuf_drops <<<"$line")
got=$(field packets <<<"$line")
[ "${enobufs:-0}" -gt 0 ] || fail "no enobufs with 16 buffers under a burst of $sent"
[ "${rearms:-0}" -ge "$enobufs" ] || fail "enobufs=$enobufs but only $rearms re-arms"
[ $((got + drops)) -eq "$sent" ] || fail "received $got + dropped $drops != sent $sent"
