#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# With --queues 2 and 2 flows, both rx queues of rxlab0 carry traffic, and the rows add up to sysfs.
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup

"$RXTOP" lab up --queues 2 >/dev/null || fail "lab up --queues 2"
out=$(timeout 30 "$RXTOP" --lab -b -o json -n 2 -d 1 --gen-rate 50000 --gen-flows 2) || fail "rxtop exited $?"
last=$(tail -n 1 <<<"$out")
python3 - "$last" <<'PY' || fail "queue rows wrong: $last"
import json, sys
s = json.loads(sys.argv[1])
q = {r["queue"]: r["rx_packets"] for r in s["queues"] if r["iface"] == "rxlab0"}
print("# per queue:", q)
assert sorted(q) == [0, 1], q
total = sum(q.values())
assert all(v > 0.2 * total for v in q.values()), "a queue got less than 20 % of the traffic"
PY
