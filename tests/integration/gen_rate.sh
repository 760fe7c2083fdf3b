#!/bin/bash
# rxtop gen --rate 100k for 3 s: its count matches the receiver within 0.5 %, the rate is within 1 %.
source "$(dirname "$0")/gen_bed.sh"
trap gen_bed_down EXIT
gen_bed_up

before=$(sysfs_stat "$GEN_RX" rx_packets)
out=$(timeout 30 "$RXTOP" gen "${GEN_ARGS[@]}" --rate 100k --duration 3) || fail "gen failed"
sleep 0.3
got=$(($(sysfs_stat "$GEN_RX" rx_packets) - before))
sent=$(gen_key "$out" sent)
pps=$(gen_key "$out" pps)
info "$(tail -n 1 <<<"$out"); receiver +$got"
within "$got" "$sent" 0.5 || fail "receiver got $got, generator says $sent"
within "$pps" 100000 1 || fail "achieved $pps pps, asked 100000"
within "$sent" 300000 1 || fail "sent $sent in 3 s at 100 kpps"
