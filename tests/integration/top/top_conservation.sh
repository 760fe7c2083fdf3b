#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# 3 s at 100 kpps through the lab: rxtop's per-queue sum equals the sysfs rx_packets delta and the generator's count
# (within 0.5 %). How much the generator sent is not checked: on a busy machine it falls behind its rate.
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup

"$RXTOP" lab up >/dev/null || fail "lab up"
before=$(sysfs_stat rxlab0 rx_packets)
out=$(timeout 30 "$RXTOP" --lab -b -o json -n 3 -d 1 --gen-rate 100000) || fail "rxtop exited $?"
after=$(sysfs_stat rxlab0 rx_packets)
last=$(tail -n 1 <<<"$out")
read -r queues sent received dropped unexplained < <(python3 -c '
import json, sys
s = json.loads(sys.argv[1])
l = s["ledger"]
print(sum(q["rx_packets"] for q in s["queues"]), l["sent"], l["received"], l["dropped"], l["unexplained"])' "$last")
sysfs=$((after - before))
info "queues=$queues sysfs=$sysfs sent=$sent received=$received dropped=$dropped unexplained=$unexplained"
[ "$sent" -gt 0 ] || fail "the generator sent nothing"
within "$queues" "$sysfs" 0.5 || fail "per-queue sum $queues differs from sysfs delta $sysfs by more than 0.5 %"
within "$queues" "$sent" 0.5 || fail "per-queue sum $queues differs from generator count $sent by more than 0.5 %"
lines=$(wc -l <<<"$out")
[ "$lines" -eq 3 ] || fail "expected 3 JSON lines for -n 3, got $lines"
assert_no_xdp rxlab0
