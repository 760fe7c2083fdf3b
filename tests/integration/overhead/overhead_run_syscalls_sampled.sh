#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop run samples its syscall counts by default (--syscall-counts auto: no -p process) and scales a stack's by
# its own packets. Where it matters: a recvfrom receiver bound by its own core (veth's NAPI threaded and held on
# that core, the sender's TSO off so veth's NAPI takes the frames, the generator flat out on the other core), which
# the syscall probe slows inside the window. Scaled by time that read 0.57-0.90 syscalls per packet; scaled by
# packets every interval with traffic must read 0.98..1.03 (recvfrom makes one per datagram, 1.001 counted
# exactly), and the probe row must say sys_enter is sampled. The same with --syscall-counts exact: not sampled,
# 0.99..1.02. The last line carries the run's summary. Three sources of skew each once read outside (1.03-1.05 sampled, 0.983-0.987 in a first
# interval): window edges at attach and detach instead of where counting starts and stops, packets and
# syscalls read apart, and a first interval taken from 0; all three now read 0.997-1.002.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
[ "$(nproc)" -ge 2 ] || skip "needs two CPUs: the generator's and the receive path's"
ovh_bed_up
ip netns exec "$BED_NS" ethtool -K "$BED_SEND" tso off >/dev/null || skip "cannot turn TSO off on the sender"
echo 1 >"/sys/class/net/$BED_RECV/threaded" 2>/dev/null || skip "$BED_RECV: no threaded NAPI"
# Attaching rxtop's programs may make new NAPI threads: hold every one on CPU 1 while the case runs.
while :; do
	for t in $(pgrep "^napi/$BED_RECV"); do taskset -pc 1 "$t" >/dev/null 2>&1; done
	sleep 0.2
done &
OVH_PIDS+=($!)

run_case() { # MODE LO HI
	local gen out
	taskset -c 0 "$RXTOP" gen "${OVH_GEN[@]}" --engine packet --threads 1 --duration 12 >"$OVH_DIR/gen.out" 2>&1 &
	gen=$!
	OVH_PIDS+=("$gen")
	out=$(timeout 60 "$RXTOP" run recvfrom --rcvbuf 8388608 --syscall-counts "$1" -i "$BED_RECV" -q 0,1 -c 1 -b \
		-o json --duration 5 -d 1 2>"$OVH_DIR/run.err") || fail "rxtop run exited $?: $(cat "$OVH_DIR/run.err")"
	kill "$gen" 2>/dev/null
	wait "$gen" 2>/dev/null
	printf '%s\n' "$out" >"$OVH_DIR/run.json"
	python3 - "$OVH_DIR/run.json" "$@" <<'PY' || fail "see above"
import json, sys
mode, lo, hi = sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
busy = [l["stacks"][0] for l in lines if l["stacks"] and l["stacks"][0]["alive"] and l["stacks"][0]["rx_pps"] > 1000
        and l["interval"] > 0.5]
per_pkt = [s["syscalls_per_pkt"] for s in busy]
row = next(r for r in lines[-1]["probes"] if r["name"] == "raw_syscalls:sys_enter")
print(f"# {mode}: {len(busy)} intervals, {busy[-1]['rx_pps'] if busy else 0:.0f} pps, syscalls/pkt "
      + " ".join(f"{x:.3f}" for x in per_pkt) + f"; sys_enter sampled {row['sampled']} share {row['share']:.3f}")
ok = len(busy) >= 2 and all(lo <= x <= hi for x in per_pkt)
if not ok:
    print(f"FAIL: {mode}: syscalls per packet outside {lo}..{hi} (or fewer than 2 intervals with traffic)")
# The run's summary rides on its last line with traffic from outside rxtop too (docs/json-schema.md): its one
# phase's rate is that of the busy intervals.
summary = lines[-1].get("summary") or []
if len(summary) != 1 or not busy or not 0.8 <= summary[0]["rx_pps"] / (sum(s["rx_pps"] for s in busy) / len(busy)) <= 1.25:
    print(f"FAIL: {mode}: the last line's summary is {summary[:1]}"); ok = False
if row["sampled"] != (mode != "exact"):
    print(f"FAIL: {mode}: sys_enter's row says sampled={row['sampled']}"); ok = False
sys.exit(0 if ok else 1)
PY
}
run_case auto 0.98 1.03
run_case exact 0.99 1.02
