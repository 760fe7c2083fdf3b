#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# UDP datagrams larger than 2048 bytes reach the application whole or are counted as cut short:
#  1. MTU 9000 on both veths, 4000-byte datagrams: iouring and recvmmsg get every byte (bytes = 4000 x packets), and
#     nothing is counted as truncated (io_uring's buffers follow the MTU, not a fixed 2048 bytes).
#  2. MTU 1500, 4000-byte datagrams (IP fragments, reassembled): longer than the buffers (2048 bytes); each one
#     counts as truncated (iouring.truncated, socket.truncated from MSG_TRUNC), and bytes = 2048 x packets.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/iouring.sh"
out=$(mktemp)
rx=
at_exit 'kill $rx 2>/dev/null; wait $rx 2>/dev/null; rm -f "$out"'
iouring_bed_up

# run_case STACK MTU: receives 1 s of 4000-byte datagrams at 5000/s; prints "sent packets bytes truncated drops"
run_case() {
	local stack=$1 mtu=$2 line sent
	ip link set dev "$BED_RECV" mtu "$mtu" || fail "cannot set $BED_RECV's MTU to $mtu"
	ip -n "$BED_NS" link set dev "$BED_SEND" mtu "$mtu" || fail "cannot set $BED_SEND's MTU to $mtu"
	"$RXTOP" __stack "$stack" -i "$BED_RECV" -q 0,1 --rcvbuf 16777216 --duration 60 >"$out" 2>&1 &
	rx=$!
	wait_listening udp 9000 || fail "$stack did not bind UDP port 9000: $(cat "$out")"
	sent=$(udp_send 9000 5000 1 4000 2) || fail "sender failed"
	stop_receiver $rx || fail "$stack exited with $?: $(cat "$out")"
	rx=
	line=$(tail -n 1 "$out")
	echo "# $stack, MTU $mtu: $line" >&2
	echo "$sent $(field packets <<<"$line") $(field bytes <<<"$line") $(sed -n 's/.*\.truncated=\([0-9]*\).*/\1/p' <<<"$line") $(field loss <<<"$line")"
}

for stack in iouring recvmmsg; do
	read -r sent got bytes truncated loss <<<"$(run_case "$stack" 9000)"
	info "$stack MTU 9000: sent $sent, received $got, bytes $bytes, truncated $truncated, lost $loss"
	[ -n "$truncated" ] || fail "$stack prints no truncation counter"
	[ "$got" -gt 0 ] && [ $((got + loss)) -eq "$sent" ] || fail "$stack: $got received + $loss lost != $sent sent"
	[ "$bytes" -eq $((got * 4000)) ] || fail "$stack: $bytes bytes for $got 4000-byte datagrams (cut short?)"
	[ "$truncated" -eq 0 ] || fail "$stack counted $truncated truncated datagrams under a 9000-byte MTU"

	read -r sent got bytes truncated loss <<<"$(run_case "$stack" 1500)"
	info "$stack MTU 1500: sent $sent, received $got, bytes $bytes, truncated $truncated, lost $loss"
	[ "$got" -gt 0 ] && [ $((got + loss)) -eq "$sent" ] || fail "$stack: $got received + $loss lost != $sent sent"
	[ "$truncated" -eq "$got" ] || fail "$stack: $got reassembled 4000-byte datagrams, $truncated counted as truncated"
	[ "$bytes" -eq $((got * 2048)) ] || fail "$stack: $bytes bytes for $got datagrams cut to 2048"
done
echo PASS
