#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Each worker's socket takes the NAPI id of its own rx queue, even when traffic already flows while rxtop builds the
# group. An unconnected UDP socket keeps the NAPI id of the first packet it queues (sk_mark_napi_id_once): one
# packet of the other queue during set-up, and that worker reported, and busy-polled, the other queue's NAPI for
# good: about 4 runs in 10 per stack then show both sockets with one id (e.g. [3096, 3096]). Here:
# recvfrom, epoll and io_uring, 3 runs each, the packet generator sending on both queues of the bed before the
# receiver starts (counting at XDP: without an XDP program veth hands these skbs to the backlog, no NAPI). The two
# sockets' ids (stacks[].napi_ids) must be non-zero and distinct, and be the bed's own two instances every run.
# Packets the group's set-up gate drops are attributed (drops SOCKET_FILTER, also Udp:InErrors).
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
ovh_bed_up

for round in 1 2 3; do
	for stack in recvfrom epoll iouring; do
		"$RXTOP" gen "${OVH_GEN[@]}" --engine packet --rate 100000 --duration 3 >"$OVH_DIR/gen.out" 2>&1 &
		gen=$!
		OVH_PIDS+=("$gen")
		sleep 0.3 # traffic flows before the receiver's sockets exist
		# RXTOP_DEBUG: the receiver says whether its steering program loaded (printed below if a round fails).
		RXTOP_DEBUG=1 timeout 60 "$RXTOP" run "$stack" -i "$BED_RECV" --counter xdp -b -o json -d 1 --duration 1 \
			>"$OVH_DIR/$stack.json" 2>"$OVH_DIR/$stack.err" ||
			fail "rxtop run $stack exited $?: $(grep -v '^debug:' "$OVH_DIR/$stack.err")"
		grep -h 'steer' "$OVH_DIR/$stack.err" | sed "s/^/# round $round $stack: /" >>"$OVH_DIR/steering"
		kill "$gen" 2>/dev/null
		wait "$gen" 2>/dev/null
		echo "$round $stack $(tail -n 1 "$OVH_DIR/$stack.json")" >>"$OVH_DIR/runs"
	done
done

# A failed round says whether the steering program was in use (no "steer:" line) or its classic fallback.
python3 - "$OVH_DIR/runs" <<'PY' || { cat "$OVH_DIR/steering"; [ -s "$OVH_DIR/steering" ] || echo "# the steering program loaded in every round"; fail "see above"; }
import json, sys
seen, bad = set(), []
for line in open(sys.argv[1]):
    rnd, name, doc = line.split(" ", 2)
    last = json.loads(doc)
    stack = last["stacks"][0]
    ids = stack["napi_ids"]
    gate = sum(d["packets"] for d in last.get("drops", []) if d.get("reason") == "SOCKET_FILTER")
    print(f"# round {rnd} {name}: napi ids {ids}, packets {[q['rx_packets'] for q in last['queues']]}, "
          f"set-up gate drops {gate}")
    if len(ids) != 2 or 0 in ids or len(set(ids)) != 2:
        bad.append(f"round {rnd} {name}: {ids}")
    seen.update(ids)
assert not bad, "sockets without their own queue's NAPI id: " + "; ".join(bad)
assert len(seen) == 2, f"the bed has two NAPI instances, the runs showed {sorted(seen)}"
PY
