#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# An overloaded AF_XDP ring (rxtop run afxdp, ring 64, generator flat out): every frame it refuses fails its
# redirect, which xdp:xdp_redirect_err sees and the socket's XDP_STATISTICS count (rx_ring_full).
# - --event-probes always: the probe stays attached and counts in per-CPU slots (bpf/rx_trace.bpf.c). On the last
#   line the drop row "redirect_err:ENOBUFS map=xskmap" agrees within 1 % with the sockets' own rx_ring_full.
# - By default rxtop's own XDP program is the device's only one and redirects only to its own sockets, so the
#   probe stands down (src/top/collector_drops.c): its row says covered_by XDP_STATISTICS, and the kernel's run
#   count of its program (--bpf-stats always) stays 0 while the ring refuses thousands of frames. The ledger keeps
#   balancing from the sockets' counters (tests/integration/ledger/ledger_overload.sh).
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup

# run_afxdp OPTIONS...: the last JSON line of a 2-s overloaded run, or "" when the lab was disturbed three times
run_afxdp() {
	local out
	for attempt in 1 2 3; do
		"$RXTOP" lab up >/dev/null 2>&1
		out=$(timeout 60 "$RXTOP" run afxdp --lab --ring-size 64 -b -o json -d 1 --duration 2 --bpf-stats always "$@" \
			2>"$ROOT/tests/out/bpf_redirect_errors.err")
		[ -n "$out" ] && break
		info "no output (lab disturbed?): $(head -c 200 "$ROOT/tests/out/bpf_redirect_errors.err"), rerun"
		sleep 2
	done
	tail -n 1 <<<"$out"
}

check='
import json, sys
s = json.load(sys.stdin)
mode = sys.argv[1]
redirect = sum(d["packets"] for d in s["drops"] if d["where"] == "xdp" and d["reason"] == "redirect_err:ENOBUFS map=xskmap")
ring_full = sum(q["xsk"]["rx_ring_full"] for q in s["queues"] if q.get("xsk"))
(probe,) = [p for p in s["probes"] if p["name"] == "xdp:xdp_redirect_err"]
(prog,) = [p for p in s["self"]["programs"] if p["name"] == "xdp:xdp_redirect_err"]
runs = prog["run_cnt"]
print(f"# {mode}: redirect_err:ENOBUFS map=xskmap {redirect}, the sockets'"'"' rx_ring_full {ring_full}, "
      f"probe {probe}, its program ran {runs} times")
if ring_full < 1000:
    sys.exit("the ring refused too few packets to compare")
if mode == "always":
    assert "covered_by" not in probe, probe
    if abs(redirect - ring_full) > 0.01 * ring_full:
        sys.exit("xdp_redirect_err differs from XDP_STATISTICS by more than 1 %")
else:
    assert probe.get("covered_by") == "XDP_STATISTICS", probe
    assert runs == 0, f"a covered probe ran {runs} times"
'
out=$(run_afxdp --event-probes always)
[ -n "$out" ] || fail "rxtop run afxdp --event-probes always wrote nothing three times"
python3 -c "$check" always <<<"$out" || fail "see above"
out=$(run_afxdp)
[ -n "$out" ] || fail "rxtop run afxdp wrote nothing three times"
python3 -c "$check" default <<<"$out" || fail "see above"
echo PASS
