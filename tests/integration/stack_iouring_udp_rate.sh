#!/bin/bash
# iouring UDP: ~50 kpps for 3 s over two queues; receives >= 99 % of what was sent and matches urecv0's rx_packets delta within 0.5 %.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/stack_iouring_bed.sh.inc"
out=$(mktemp)
trap 'kill $rx 2>/dev/null; wait $rx 2>/dev/null; bed_down; rm -f "$out"' EXIT
bed_up
rx_before=$(sysfs_stat "$BED_RX" rx_packets)
"$RXTOP" __stack iouring -i "$BED_RX" -q 0,1 -c 0,1 --rcvbuf 4194304 --duration 60 >"$out" 2>&1 &
rx=$!
wait_listening udp 9000 || fail "iouring did not bind UDP port 9000: $(cat "$out")"
sent=$(udp_send 9000 50000 3) || fail "sender failed"
rx_after=$(sysfs_stat "$BED_RX" rx_packets)
stop_receiver $rx || fail "iouring exited with $?: $(cat "$out")"
line=$(cat "$out")
info "$line"
got=$(field packets "$line")
delta=$((rx_after - rx_before))
info "sent=$sent sysfs_delta=$delta received=$got"
[ -n "$got" ] || fail "no packet count in: $line"
awk -v g="$got" -v s="$sent" 'BEGIN { exit !(g >= s * 0.99) }' || fail "received $got of $sent (< 99 %)"
within "$got" "$delta" 0.5 || fail "received $got but $BED_RX counted $delta (> 0.5 % apart)"
