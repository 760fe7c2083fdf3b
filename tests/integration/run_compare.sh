#!/bin/bash
# `rxtop run afxdp,epoll,recvfrom --lab` prints the comparison table, one row per stack with its rx rate; with
# -b -o json every interval names the stack running in it, and the phases come in order.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/run_lab.inc"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
stacks=afxdp,epoll,recvfrom

run_rxtop "$TMP/out" "$TMP/err" run $stacks --lab -b -d 1 --duration 2 --gen-rate 20000 --rcvbuf 8388608 ||
	{ rc=$?; cat "$TMP/err"; fail "rxtop run (text) exited $rc"; }
sed -n '/^STACK/,$p' "$TMP/out"
head -1 <(sed -n '/^STACK/,$p' "$TMP/out") | grep -q 'RX PPS.*LOSS %.*USR %.*SYS %.*SYSC/PKT.*CPU NS/PKT' ||
	fail "no comparison table header"
for stack in ${stacks//,/ }; do
	row=$(sed -n '/^STACK/,$p' "$TMP/out" | awk -v s=$stack '$1 == s')
	[ -n "$row" ] || fail "no table row for $stack"
	# 20 kpps offered: a working receiver shows a rate (how much of it depends on the machine: make bench).
	awk '{ exit !($2 > 0 && $4 ~ /%$/ && ($8 == "-" || $8 + 0 >= 0)) }' <<<"$row" ||
		fail "$stack row looks wrong: $row"
done

run_rxtop "$TMP/json" "$TMP/err" run $stacks --lab -b -o json -d 0.5 --duration 2 --gen-rate 20000 ||
	{ rc=$?; cat "$TMP/err"; fail "rxtop run (json) exited $rc"; }
grep -q '^STACK' "$TMP/json" && fail "a text table in JSON output"
python3 - "$TMP/json" "$stacks" <<'PY' || fail "see above"
import json, sys
order = sys.argv[2].split(",")
seen = []
for n, line in enumerate(open(sys.argv[1]), 1):
    s = json.loads(line)
    running = [st["stack"] for st in s["stacks"] if st["alive"]]
    assert len(running) == 1, f"line {n}: running stacks {running}, expected exactly one"
    assert all(st["pid"] > 0 for st in s["stacks"]), f"line {n}: a stack without a pid"
    if not seen or seen[-1] != running[0]:
        seen.append(running[0])
print(f"# {n} lines, phases {seen}")
assert seen == order, f"phases ran as {seen}, expected {order}"
PY
exit 0
