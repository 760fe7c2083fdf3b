#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A wrong AF_XDP setup: lab with 2 queues, the socket only on queue 0, traffic on both. Queue 1's packets fall
# back to XDP_PASS and the kernel stack drops them as NO_SOCKET: the output names the queue without a socket
# (xsk/no_xsk_on_queue:1, not added) and the stage (stack/NO_SOCKET, added), and the ledger balances.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/ledger.sh"
at_exit lab_cleanup
passed=
for attempt in 1 2 3; do
	"$RXTOP" lab up --queues 2 >/dev/null 2>&1
	out=$(timeout 60 "$RXTOP" run afxdp -q 0 --lab --gen-flows 2 -b -o json -d 1 --duration 3 2>&1)
	ledger_check afxdp "stack:NO_SOCKET" <<<"$out"
	case $? in
	0) passed=1; break ;;
	3) info "lab disturbed, rerun"; sleep 2; continue ;;
	*) fail "wrong-queue ledger check failed" ;;
	esac
done
[ -n "$passed" ] || fail "the lab was disturbed three times"
python3 - "$(grep '^{' <<<"$out" | tail -n 1)" <<'PY' || fail "see above"
import json, sys
s = json.loads(sys.argv[1])
rows = {(d["where"], d["reason"]): d for d in s["drops"]}
q1 = [q for q in s["queues"] if q["queue"] == 1][0]
fallback = rows.get(("xsk", "no_xsk_on_queue:1 passed_to_stack"))
no_socket = rows.get(("stack", "NO_SOCKET"))
assert fallback and not fallback["in_ledger"], f"no xsk/no_xsk_on_queue:1 cross-check row: {list(rows)}"
assert no_socket and no_socket["in_ledger"], "queue 1's loss is not stack/NO_SOCKET"
assert q1["xdp_actions"]["pass"] > 0 and q1["xdp_actions"]["redirect"] == 0, f"queue 1 actions {q1['xdp_actions']}"
assert ("xsk", "no_xsk_on_queue:0 passed_to_stack") not in rows, "queue 0 has its socket"
# Everything queue 1 carried was passed and then dropped for want of a socket.
assert abs(fallback["packets"] - q1["rx_packets"]) <= 0.001 * q1["rx_packets"], (fallback, q1["rx_packets"])
assert abs(no_socket["packets"] - q1["rx_packets"]) <= 0.001 * q1["rx_packets"], (no_socket, q1["rx_packets"])
print(f"# queue 1: {q1['rx_packets']} packets, passed {fallback['packets']}, NO_SOCKET {no_socket['packets']}")
PY
