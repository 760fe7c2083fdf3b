#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# iouring UDP: ~50 kpps for 3 s over two queues. Once drained, every datagram urecv0 counted was received or
# dropped and counted by the stack (packets + loss = rx_packets delta, exactly), and the two workers' counts add up.
# No rate or loss bound: a receiver starved by other work drops, and must say so (make bench measures rates).
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/iouring.sh"
out=$(mktemp)
at_exit 'kill $rx 2>/dev/null; wait $rx 2>/dev/null; rm -f "$out"'
iouring_bed_up
rx_before=$(sysfs_stat "$BED_RECV" rx_packets)
"$RXTOP" __stack iouring -i "$BED_RECV" -q 0,1 -c 0,1 --rcvbuf 4194304 --duration 60 >"$out" 2>&1 &
rx=$!
wait_listening udp 9000 || fail "iouring did not bind UDP port 9000: $(cat "$out")"
sent=$(udp_send 9000 50000 3) || fail "sender failed"
rx_after=$(settled 10 sysfs_stat "$BED_RECV" rx_packets)
udp_drained 9000 || fail "iouring did not read its socket queues within 10 s"
stop_receiver $rx || fail "iouring exited with $?: $(cat "$out")"
line=$(cat "$out")
info "$line"
got=$(field packets <<<"$line") loss=$(field loss <<<"$line") q0=$(field q0 <<<"$line") q1=$(field q1 <<<"$line")
delta=$((rx_after - rx_before))
info "sent=$sent sysfs_delta=$delta received=$got loss=$loss q0=$q0 q1=$q1"
[ -n "$got" ] && [ -n "$loss" ] || fail "no packet or loss count in: $line"
[ "$delta" -gt 0 ] && [ "$delta" -le "$sent" ] || fail "$BED_RECV counted $delta of $sent sent"
[ $((${q0:-0} + ${q1:-0})) -eq "$got" ] || fail "the workers' counts $q0 + $q1 do not add up to $got"
[ $((got + loss)) -eq "$delta" ] || fail "received $got + lost $loss != $delta counted by $BED_RECV"
