#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop's dpdk (af_xdp PMD) at its defaults, on both lab queues, fed by the generator as fast as it can: rxtop doctor
# must not find the PMD's fill rings empty. The PMD posts a fixed 2048 frames (DPDK 22.11), so rxtop gives it an rx
# ring of 1024: a full rx ring still leaves frames on the fill ring, and what the kernel dropped (veth
# rx_queue_N_drops) is all rx-ring-full. With an rx ring of 2048 the fill ring runs dry first and this fails.
# Whether the lcores keep up at all is the machine's business (make bench), so a full rx ring is only printed.
source "${0%/integration/*}/lib.sh"
"$RXTOP_DEV" __stack dpdk 2>&1 | grep -q "unknown stack" && skip "rxtop was built without DPDK"
source "$ROOT/tests/lib/lab_afxdp.sh"
STACK=dpdk

start_stack -q 0,1
d0=$(veth rx_queue_0_drops) d1=$(veth rx_queue_1_drops)
ip netns exec rxtop-gen "$RXTOP" gen -i rxgen0 --src 198.18.0.1 --dst 198.18.0.2 --engine packet --flows 4 \
	--duration 4 >"$TMP/gen.out" 2>&1 &
GEN=$!
OTHER_PIDS+=("$GEN")
sleep 1
"$RXTOP" doctor -i rxlab0 -d 2 >"$TMP/doctor.txt" 2>"$TMP/doctor.err" || fail "rxtop doctor exited $?: $(cat "$TMP/doctor.err")"
"$RXTOP" doctor -i rxlab0 -d 0.5 -o json >"$TMP/doctor.json" 2>>"$TMP/doctor.err" || fail "rxtop doctor -o json exited $?"
wait "$GEN" || fail "the generator failed: $(cat "$TMP/gen.out")"
drops=$(($(veth rx_queue_0_drops) - d0 + $(veth rx_queue_1_drops) - d1))
stop_stack
cat "$TMP/doctor.txt"
tail -n 1 "$TMP/gen.out"
grep '^rxtop: dpdk on' "$TMP/stack.out"
tail -n 1 "$TMP/stack.out"
full=$(tail -n 1 "$TMP/stack.out" | grep -o 'xsk.rx_ring_full=[0-9]*' | cut -d= -f2)
missed=$(tail -n 1 "$TMP/stack.out" | grep -o 'dpdk.imissed=[0-9]*' | cut -d= -f2)
info "veth drops $drops; the PMD's sockets: rx_ring_full $full, imissed (rx_dropped: fill ring empty) $missed"
[ -n "$full" ] && [ -n "$missed" ] || fail "a loss counter is missing from the receiver's output"
[ "$missed" -eq 0 ] || fail "frames lost to an empty fill ring: imissed $missed"
[ "$full" -eq "$drops" ] || fail "veth dropped $drops, the sockets' rx_ring_full says $full"
grep -q 'xsk_fill_ring_empty' "$TMP/doctor.txt" && fail "doctor found a fill ring empty"
grep -q 'rx ring 1024, fill ring 4096 (2048 posted)' "$TMP/stack.out" || fail "the running message does not say the rings"
python3 - "$TMP/doctor.json" <<'PY' || fail "doctor's view of the sockets: see above"
import json, sys
d = json.load(open(sys.argv[1]))
rings = [(s["queue"], s["rx_ring"], s["fill_ring"], s["window"]["fill_ring_empty"]) for s in d["sockets"]]
problems = [f["id"] for f in d["findings"] if f["severity"] == "problem"]
print(f"# sockets (queue, rx ring, fill ring, fill ring empty): {rings}; problems {problems}")
assert sorted(r[0] for r in rings) == [0, 1], rings
assert all(r[1:] == (1024, 4096, 0) for r in rings), rings
assert not set(problems) - {"xsk_rx_ring_full"}, problems
PY
echo PASS
