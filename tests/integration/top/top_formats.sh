#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The three batch formats: JSON lines with SPEC's keys, CSV with a header once, readable text.
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup

"$RXTOP" lab up >/dev/null || fail "lab up"
json=$(timeout 20 "$RXTOP" --lab -b -o json -n 2 -d 0.5 --gen-rate 20000) || fail "json run"
python3 - "$json" <<'PY' || fail "JSON lines lack SPEC keys"
import json, sys
for line in sys.argv[1].splitlines():
    s = json.loads(line)
    for k in ("ts", "interval", "queues", "stacks", "processes", "drops", "ledger"):
        assert k in s, k
    for q in s["queues"]:
        for k in ("iface", "queue", "rx_packets", "rx_pps", "rx_bytes", "rx_bps", "drops", "drops_ps"):
            assert k in q, k
    for k in ("sent", "received", "dropped", "unexplained"):
        assert k in s["ledger"], k
    assert s["ledger"]["sent"] is not None
    assert abs(s["interval"] - 0.5) < 0.1, s["interval"]
PY
csv=$(timeout 20 "$RXTOP" --lab -b -o csv -n 2 -d 0.5 --gen-rate 20000) || fail "csv run"
[ "$(grep -c '^ts,interval,kind' <<<"$csv")" -eq 1 ] || fail "CSV header must appear exactly once"
grep -q ',queue,rxlab0,0,' <<<"$csv" || fail "CSV has no queue row for rxlab0: $csv"
text=$(timeout 20 "$RXTOP" --lab -b -o text -n 1 -d 0.5 --gen-rate 20000) || fail "text run"
grep -q 'RX PPS' <<<"$text" || fail "text has no header"
grep -q 'rxlab0' <<<"$text" || fail "text has no rxlab0 row"
# Without the lab generator, the ledger's sent is null.
plain=$(timeout 20 "$RXTOP" -b -o json -n 1 -d 0.3 -i rxlab0) || fail "plain run"
python3 -c 'import json,sys; s=json.loads(sys.argv[1]); assert s["ledger"]["sent"] is None' "$plain" ||
	fail "ledger.sent must be null without rxtop's generator"
