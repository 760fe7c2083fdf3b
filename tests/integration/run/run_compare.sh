#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `rxtop run afxdp,epoll,recvfrom --lab` prints the comparison table, one row per stack with its rx rate and Gbps;
# with -b -o json every interval names the stack running in it, the phases come in order, and the last line (the
# final reading) also holds the summary; with -o csv the summary is CSV rows of kind "summary" and the whole output stays valid CSV.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/run.sh"
TMP=$(mktemp -d)
at_exit 'rm -rf "$TMP"'
stacks=afxdp,epoll,recvfrom

run_rxtop "$TMP/out" "$TMP/err" run $stacks --lab -b -d 1 --duration 2 --gen-rate 20000 --rcvbuf 8388608 ||
	{ rc=$?; cat "$TMP/err"; fail "rxtop run (text) exited $rc"; }
sed -n '/^STACK/,$p' "$TMP/out"
head -1 <(sed -n '/^STACK/,$p' "$TMP/out") | grep -q 'RX PPS.*RX GBPS.*LOSS %.*USR %.*SYS %.*SYSC/PKT.*CPU NS/PKT.*RCVBUF' ||
	fail "no comparison table header"
for stack in ${stacks//,/ }; do
	row=$(sed -n '/^STACK/,$p' "$TMP/out" | awk -v s=$stack '$1 == s')
	[ -n "$row" ] || fail "no table row for $stack"
	# 20 kpps offered: a working receiver shows a rate (how much of it depends on the machine: make bench).
	# RX GBPS is the payload's: 22 bytes per 64-byte frame.
	awk '{ exit !($2 > 0 && $4 >= 0 && $4 < 1 && $5 ~ /%$/ && ($9 == "-" || $9 + 0 >= 0)) }' <<<"$row" ||
		fail "$stack row looks wrong: $row"
done

run_rxtop "$TMP/json" "$TMP/err" run $stacks --lab -b -o json -d 0.5 --duration 2 --gen-rate 20000 ||
	{ rc=$?; cat "$TMP/err"; fail "rxtop run (json) exited $rc"; }
grep -q '^STACK' "$TMP/json" && fail "a text table in JSON output"
python3 - "$TMP/json" "$stacks" <<'PY' || fail "see above"
import json, sys
order = sys.argv[2].split(",")
seen = []
lines = open(sys.argv[1]).readlines()
summary = json.loads(lines[-1])
assert summary.get("format") == 1 and "summary" in summary, "the last line carries no summary"
assert lines[-1].count('"format"') == 1, "the last line has two format keys"
assert not any('"summary"' in l for l in lines[:-1]), "a summary before the last line"
rows = summary["summary"]
assert [r["stack"] for r in rows] == order, f"summary rows {[r['stack'] for r in rows]}"
for r in rows:
    assert r["rx_packets"] > 0 and r["rx_bytes"] > 0 and r["gbps"] > 0, r
    assert 0 <= r["loss_pct"] <= 100 and r["generator"]["sent"] > 0, r
for n, line in enumerate(lines, 1):
    s = json.loads(line)
    running = [st["stack"] for st in s["stacks"] if st["alive"]]
    assert len(running) == 1, f"line {n}: running stacks {running}, expected exactly one"
    assert all(st["pid"] > 0 for st in s["stacks"]), f"line {n}: a stack without a pid"
    if not seen or seen[-1] != running[0]:
        seen.append(running[0])
print(f"# {n} lines, phases {seen}")
assert seen == order, f"phases ran as {seen}, expected {order}"
PY

run_rxtop "$TMP/csv" "$TMP/err" run $stacks --lab -b -o csv -d 1 --duration 1 --gen-rate 20000 ||
	{ rc=$?; cat "$TMP/err"; fail "rxtop run (csv) exited $rc"; }
python3 - "$TMP/csv" "$stacks" <<'PY' || fail "see above"
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
header = rows[0]
assert header[:3] == ["ts", "interval", "kind"], f"header {header}"
bad = [r for r in rows if len(r) != len(header)]
assert not bad, f"rows with another column count (a text table in the CSV?): {bad[:3]}"
summary = [r for r in rows[1:] if r[2] == "summary"]
assert [r[3] for r in summary] == sys.argv[2].split(","), f"summary rows {summary}"
assert rows[-len(summary):] == summary, "the summary rows come last"
for r in summary:
    assert int(r[5]) > 0 and int(r[7]) > 0 and float(r[8]) > 0, r
print(f"# {len(rows)} CSV rows, {len(summary)} summary rows")
PY
exit 0
