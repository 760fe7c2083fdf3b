#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `rxtop run epoll,iouring --proto tcp --lab` starts the lab's TCP sender itself, a sender per phase: both stacks
# receive, and each one's bytes equal exactly the bytes its phase's sender got acknowledged (the sender drains
# before the phase's end is marked). The text table shows Gbps and the byte ledger.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/run.sh"
TMP=$(mktemp -d)
at_exit 'rm -rf "$TMP"'
stacks=epoll,iouring

run_rxtop "$TMP/json" "$TMP/err" run $stacks --proto tcp --lab -b -o json -d 1 --duration 3 ||
	{ rc=$?; cat "$TMP/err"; fail "rxtop run --proto tcp (json) exited $rc"; }
python3 - "$TMP/json" "$stacks" <<'PY' || { cat "$TMP/err"; fail "see above"; }
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
summary = [l for l in lines if "summary" in l]
assert len(summary) == 1 and lines[-1] is summary[0], "one summary, on the last line"
assert "stacks" in summary[0], "the last line is also the final reading"
assert summary[0]["format"] == 1
rows = {r["stack"]: r for r in summary[0]["summary"]}
assert sorted(rows) == sorted(sys.argv[2].split(",")), f"summary rows {sorted(rows)}"
for name, r in rows.items():
    sent = r["generator"]["bytes"]
    print(f"# {name}: rx {r['rx_bytes']} bytes, sender acknowledged {sent}, {r['gbps']:.3f} Gbps, "
          f"dup segments {r['dup_segments']}, dropped {r['dropped']}")
    assert r["proto"] == "tcp"
    assert r["rx_bytes"] > 1000000, f"{name} received only {r['rx_bytes']} bytes"
    assert r["rx_bytes"] == sent, f"{name}: received {r['rx_bytes']} bytes, its sender's count is {sent}"
    assert abs(r["gbps"] - r["rx_bytes"] * 8 / r["seconds"] / 1e9) < 1e-3 * max(r["gbps"], 1)
PY

run_rxtop "$TMP/out" "$TMP/err" run $stacks --proto tcp --lab -b -d 1 --duration 2 ||
	{ rc=$?; cat "$TMP/err"; fail "rxtop run --proto tcp (text) exited $rc"; }
sed -n '/^STACK/,$p' "$TMP/out"
grep -q '^STACK.*RX GBPS.*RX BYTES.*SENT BYTES.*UNREAD.*DUP SEGS' "$TMP/out" || fail "no TCP comparison header"
for stack in ${stacks//,/ }; do
	row=$(sed -n '/^STACK/,$p' "$TMP/out" | awk -v s=$stack '$1 == s')
	# RX BYTES = SENT BYTES, UNREAD 0.
	awk '{ exit !($2 > 0 && $3 > 0 && $3 == $4 && $5 == 0) }' <<<"$row" || fail "$stack row looks wrong: $row"
done
exit 0
