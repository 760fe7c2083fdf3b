#!/bin/bash
# rxtop's own CPU (self.cpu_ns, self.cpu_pct) against the scheduler's run time of its threads,
# /proc/PID/task/*/schedstat, read as each JSON line arrives (rxtop idles between readings, so little runs in
# between): from 1 ms below to 5 ms above (measured 0.1-1.3 ms above). The 10 ms ticks of /proc/PID/stat, which
# rxtop used before, fail this (7 lines of 8 off) and read 0 % or 1 % for its few milliseconds a second.
source "$(dirname "$0")/../lib.sh"
trap 'kill $TOP 2>/dev/null; wait 2>/dev/null; lab_cleanup; rm -f "$FIFO"' EXIT
[ "$(id -u)" = 0 ] || skip "needs root"
[ -r /proc/self/schedstat ] || skip "no /proc/PID/schedstat (CONFIG_SCHED_INFO)"
FIFO=$(mktemp -u)
mkfifo "$FIFO"
"$RXTOP" --lab --gen-rate 100000 -b -o json -d 0.5 -n 8 >"$FIFO" 2>/dev/null &
TOP=$!
oncpu() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ ns += $1 } END { print ns + 0 }'; }
while IFS= read -r line; do
	echo "$(oncpu "$TOP") $line"
done <"$FIFO" | python3 -c '
import json, sys
rows = []
for l in sys.stdin:
    ns, doc = l.split(" ", 1)
    rows.append((int(ns), json.loads(doc)["self"]))
assert len(rows) == 8, f"{len(rows)} lines"
bad = 0
for ns, self in rows:
    diff = ns - self["cpu_ns"]
    mine, pct = self["cpu_ns"], self["cpu_pct"]
    print(f"# schedstat {ns / 1e6:.1f} ms, rxtop self.cpu_ns {mine / 1e6:.1f} ms, cpu_pct {pct:.2f}")
    bad += not (-1e6 <= diff <= 5e6)
assert bad == 0, f"{bad} lines off"
pcts = [s["cpu_pct"] for _, s in rows[1:]]
assert any(p > 0 for p in pcts) and all(0 <= p < 50 for p in pcts), pcts
' || fail "see above"
wait "$TOP" || fail "rxtop exited $?"
