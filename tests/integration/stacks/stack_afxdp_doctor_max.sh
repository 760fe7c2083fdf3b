#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop's afxdp at its defaults, on both lab queues, fed by the generator as fast as it can: rxtop doctor must not
# find its fill rings empty (they are twice the rx ring, every UMEM frame posted), the rings are the sizes xdpsock
# and DPDK's PMD use (rx 2048, fill 4096), and what the kernel dropped (veth rx_queue_N_drops) is all rx-ring-full.
# Whether the worker keeps up at all is the machine's business (make bench), so a full rx ring is only printed.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/lab_afxdp.sh"

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
tail -n 1 "$TMP/stack.out"
full=$(tail -n 1 "$TMP/stack.out" | field xsk.rx_ring_full)
dropped=$(tail -n 1 "$TMP/stack.out" | field xsk.rx_dropped)
empty=$(tail -n 1 "$TMP/stack.out" | field xsk.rx_fill_ring_empty_descs)
info "veth drops $drops; receiver's XDP_STATISTICS: rx_ring_full $full, rx_dropped $dropped, fill ring empty $empty"
[ -n "$full" ] && [ -n "$dropped" ] && [ -n "$empty" ] || fail "an xsk counter is missing from the receiver's output"
[ "$empty" -eq 0 ] && [ "$dropped" -eq 0 ] || fail "frames lost to an empty fill ring: rx_dropped $dropped, empty $empty"
[ "$full" -eq "$drops" ] || fail "veth dropped $drops, the sockets' rx_ring_full says $full"
grep -q 'xsk_fill_ring_empty' "$TMP/doctor.txt" && fail "doctor found a fill ring empty"
python3 - "$TMP/doctor.json" <<'PY' || fail "doctor's view of the sockets: see above"
import json, sys
d = json.load(open(sys.argv[1]))
rings = [(s["queue"], s["rx_ring"], s["fill_ring"], s["window"]["fill_ring_empty"]) for s in d["sockets"]]
problems = [f["id"] for f in d["findings"] if f["severity"] == "problem"]
print(f"# sockets (queue, rx ring, fill ring, fill ring empty): {rings}; problems {problems}")
assert sorted(r[0] for r in rings) == [0, 1], rings
assert all(r[1:] == (2048, 4096, 0) for r in rings), rings
assert not set(problems) - {"xsk_rx_ring_full"}, problems
PY
echo PASS
