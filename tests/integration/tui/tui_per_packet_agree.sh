#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The live view, the JSON and the comparison table give each per-packet figure the same value: they all read
# what the cost module (src/model/cost.c) put in the snapshot. One recorded `rxtop run recvfrom -b -o json` is replayed
# in the live view (rxtop --replay) and paused on one of its readings; on screen the stack row's SYSC/PKT and
# NS/PKT and the overhead bar's usr, sys, softirq and total ns/pkt equal that JSON line's syscalls_per_pkt,
# softirq_ns_per_pkt and breakdown (user, syscall, softirq, cpu), to the screen's rounding. The run's summary (its
# last line) and the text comparison table of a second run show CPU NS/PKT as the other metric, /proc's
# (utime + stime) per packet: equal to their own CPU shares over their packet rate.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/tui.sh"
source "$ROOT/tests/lib/run.sh"
dir=$(mktemp -d)
trap 'tui_cleanup; rm -rf "$dir"' EXIT
run=(run recvfrom --lab -b -d 1 --duration 3 --gen-rate 20000)

run_rxtop "$dir/run.jsonl" "$dir/err" "${run[@]}" -o json || { rc=$?; cat "$dir/err"; fail "rxtop ${run[*]} -o json exited $rc"; }
lines=$(wc -l <"$dir/run.jsonl")
[ "$lines" -ge 3 ] || fail "the recording has $lines lines, want at least 3"

# The summary's CPU NS/PKT is the /proc figure over the phase: (utime + stime) per packet.
python3 - "$dir/run.jsonl" <<'PY' || fail "the summary's per-packet figures disagree with its own shares"
import json, sys
r = json.loads(open(sys.argv[1]).readlines()[-1])["summary"][0]
proc = (r["cpu_user_pct"] + r["cpu_sys_pct"]) * 1e7 / r["rx_pps"]
print(f"# summary: cpu_ns_per_pkt {r['cpu_ns_per_pkt']}, from its shares {proc:.3f}, "
      f"syscalls_per_pkt {r['syscalls_per_pkt']}, softirq_ns_per_pkt {r['softirq_ns_per_pkt']}")
assert r["rx_packets"] > 0, r
assert abs(r["cpu_ns_per_pkt"] - proc) <= 1e-4 * proc + 0.01, "summary cpu_ns_per_pkt is not (user + sys) per packet"
assert r["syscalls_per_pkt"] is not None and r["syscalls_per_pkt"] > 0, r
PY

tui_start replay "cd $dir && exec $RXTOP --replay run.jsonl"
$TUI_TMUX resize-window -t replay -x 160 -y 45 2>/dev/null
tui_wait_for replay "REPLAY run.jsonl  line [0-9]+/$lines" 10 || fail "no replay header: $(tui_screen replay | head -n 3)"
$TUI_TMUX send-keys -t replay Space
tui_wait_for replay 'paused: \. steps' 5 || fail "space did not pause: $(tui_screen replay | head -n 2)"
# The first reading has no interval yet (no rates): step to a later one.
at() { tui_screen replay | sed -nE "s/.*REPLAY run.jsonl  line ([0-9]+)\/$lines.*/\1/p"; }
for _ in 1 2 3; do
	[ "$(at)" -ge 2 ] && break
	$TUI_TMUX send-keys -t replay .
	sleep 0.5
done
sleep 0.5
line=$(at)
screen=$(tui_screen replay)
sed 's/^/#   /' <<<"$screen" | grep -E 'REPLAY|STACK|recvfrom|OVERHEAD'
python3 - "$screen" "$dir/run.jsonl" "$line" <<'PY' || fail "the live view and the JSON disagree on line $line"
import json, re, sys
screen, line = sys.argv[1], int(sys.argv[3])
k = next(s for s in json.loads(open(sys.argv[2]).readlines()[line - 1])["stacks"] if s["stack"] == "recvfrom")
assert k["rx_pps"] > 0, f"no traffic on line {line}: {k}"
unit = {"": 1, "k": 1e3, "M": 1e6, "G": 1e9}
def human(t):
    m = re.fullmatch(r"([0-9]+)(?:\.([0-9]+))?([kMG]?)", t)
    decimals = len(m.group(2) or "")
    return float(t.rstrip("kMG")) * unit[m.group(3)], 0.5 * 10**-decimals * unit[m.group(3)]
head = next(l.split() for l in screen.splitlines() if l.startswith("STACK/PROC"))
row = next(l.split() for l in screen.splitlines() if l.startswith("recvfrom "))
cell = dict(zip(reversed(head), reversed(row)))  # from the right: "RX PPS" is two words
# "n/a": nothing (0) of that part in the interval, e.g. no /proc utime tick
bar = re.search(r"usr (\d+|n/a) sys (\d+|n/a) softirq (\d+|n/a) = (\d+)", screen)
assert bar, "no overhead bar for recvfrom"
want = {
    "SYSC/PKT": k["syscalls_per_pkt"],
    "NS/PKT": k["softirq_ns_per_pkt"],
}
for col, value in want.items():
    shown, tol = human(cell[col])
    print(f"# {col}: screen {cell[col]}, JSON {value}")
    assert abs(shown - value) <= tol + 1e-9, f"{col}: screen {cell[col]} vs JSON {value}"
b = k["breakdown"]
for name, shown, value in (("usr", bar.group(1), b["user"]), ("sys", bar.group(2), b["syscall"]),
                           ("softirq", bar.group(3), b["softirq"]), ("total", bar.group(4), b["cpu"])):
    print(f"# overhead {name}: screen {shown}, JSON {value:.3f}")
    assert abs((0 if shown == "n/a" else int(shown)) - value) <= 0.5 + 1e-6 * value, \
        f"overhead {name}: screen {shown} vs JSON {value:.3f}"
PY
$TUI_TMUX send-keys -t replay q

# The text table shows the same /proc figure: CPU NS/PKT = (USR % + SYS %) * 1e7 / RX PPS, to the rounding of
# its percent columns (one decimal each).
run_rxtop "$dir/run.txt" "$dir/err" "${run[@]}" || { rc=$?; cat "$dir/err"; fail "rxtop ${run[*]} exited $rc"; }
sed -n '/^STACK/,/^recvfrom/p' "$dir/run.txt" | sed 's/^/#   /'
awk '$1 == "recvfrom" && NF >= 11 { pps = $2; usr = $7; sys = $8; cpu = $10
	want = (usr + sys) * 1e7 / pps; tol = 0.1 * 1e7 / pps + 1
	printf "# table: CPU NS/PKT %s, from USR %% and SYS %% %.0f (+-%.0f)\n", cpu, want, tol
	found = 1; bad = (pps <= 0 || cpu == "-" || $9 == "-" || $11 == "-" || cpu - want > tol || want - cpu > tol) }
	END { exit !(found && !bad) }' "$dir/run.txt" ||
	fail "the table's CPU NS/PKT is not (user + sys) per packet: $(grep '^recvfrom' "$dir/run.txt")"
exit 0
