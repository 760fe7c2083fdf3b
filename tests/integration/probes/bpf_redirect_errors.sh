#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# An overloaded AF_XDP ring (rxtop run afxdp, ring 64, generator flat out): every packet it refuses fails its
# redirect, and xdp:xdp_redirect_err counts it (per-CPU slots, bpf/rx_trace.bpf.c). On the last line the drop row
# "redirect_err:ENOBUFS map=xskmap" agrees within 1 % with the sockets' own rx_ring_full (XDP_STATISTICS), which the
# kernel counts for the same packets.
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup
for attempt in 1 2 3; do
	"$RXTOP" lab up >/dev/null 2>&1
	out=$(timeout 60 "$RXTOP" run afxdp --lab --ring-size 64 -b -o json -d 1 --duration 2 2>"$ROOT/tests/out/bpf_redirect_errors.err")
	[ -n "$out" ] && break
	info "no output (lab disturbed?): $(head -c 200 "$ROOT/tests/out/bpf_redirect_errors.err"), rerun"
	sleep 2
done
[ -n "$out" ] || fail "rxtop run afxdp wrote nothing three times"
tail -n 1 <<<"$out" | python3 -c '
import json, sys
s = json.load(sys.stdin)
redirect = sum(d["packets"] for d in s["drops"] if d["where"] == "xdp" and d["reason"] == "redirect_err:ENOBUFS map=xskmap")
ring_full = sum(q["xsk"]["rx_ring_full"] for q in s["queues"] if q.get("xsk"))
print(f"# redirect_err:ENOBUFS map=xskmap {redirect}, the sockets'"'"' rx_ring_full {ring_full}")
if ring_full < 1000:
    sys.exit("the ring refused too few packets to compare")
if abs(redirect - ring_full) > 0.01 * ring_full:
    sys.exit("xdp_redirect_err differs from XDP_STATISTICS by more than 1 %")
' || fail "see above"
