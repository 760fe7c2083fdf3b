#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop --replay plays a real recording (rxtop --lab -b -o json, its last line cut as a kill leaves it) in the
# live view: the header counts "line i/N" over the complete lines; space stops the count, . steps it by one and
# the screen then shows that line's per-queue packets and rates; - and + set the speed; it plays to the end, and
# q ends it with status 0 and a note that the cut line was not played. The recording is read back as written too
# (tests/helpers/replay_rewrite): every key of every line, as output_json wrote it.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/tui.sh"
dir=$(mktemp -d)
at_exit 'tui_cleanup; rm -rf "$dir"'
ROWS='^rxlab0 +[0-9]+ +[0-9.]+[kM]? '
REWRITE=$ROOT/.output/helpers/replay_rewrite

[ -x "$RXTOP" ] || fail "./rxtop is not built: make build"
[ -x "$REWRITE" ] || fail "tests/helpers/replay_rewrite is not built (make unit-bins)"
timeout 30 "$RXTOP" --lab -b -o json -n 8 -d 0.5 --gen-rate $TUI_RATE --gen-flows 2 >"$dir/full.jsonl" ||
	fail "the recording (rxtop --lab -b -o json -n 8) failed"
lab_cleanup
[ "$(wc -l <"$dir/full.jsonl")" -eq 8 ] || fail "the recording has $(wc -l <"$dir/full.jsonl") lines, want 8"

python3 - "$dir/full.jsonl" "$REWRITE" <<'PY' || fail "the recording does not read back as written"
import json, subprocess, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
back = subprocess.run([sys.argv[2], sys.argv[1]], capture_output=True, text=True, check=True).stdout
back = [json.loads(l) for l in back.splitlines()]
assert len(back) == len(lines), f"{len(back)} readings back of {len(lines)}"
for i, (a, b) in enumerate(zip(lines, back)):
    a.pop("summary", None)
    assert a == b, f"line {i + 1} differs: {json.dumps(a)[:200]} vs {json.dumps(b)[:200]}"
print(f"# {len(lines)} lines read back key for key")
PY

# As rxtop leaves it when killed mid-write: 7 whole lines and the start of the 8th.
{ head -n 7 "$dir/full.jsonl"; tail -n 1 "$dir/full.jsonl" | head -c 900; } >"$dir/run.jsonl"
tui_shell_run replay "cd $dir && $RXTOP --replay run.jsonl"
tui_wait_for replay 'REPLAY run.jsonl  line [0-9]+/7' 10 || fail "no replay header: $(tui_screen replay | head -n 3)"
# Slow down first (0.25x: 2 s a line), so the pause below lands before the end even on a busy machine.
$TUI_TMUX send-keys -t replay - -
tui_wait_for replay 'speed 0.25x' 5 || fail "- - did not slow the replay to 0.25x: $(tui_screen replay | head -n 2)"
tui_screen replay | grep -q 'last line was cut off' || fail "the cut-off last line is not mentioned on screen"
$TUI_TMUX send-keys -t replay Space
tui_wait_for replay 'paused: \. steps' 5 || fail "space did not pause: $(tui_screen replay | head -n 2)"
at() { tui_screen replay | sed -nE 's/.*REPLAY run.jsonl  line ([0-9]+)\/7.*/\1/p'; }
paused_at=$(at)
[ -n "$paused_at" ] && [ "$paused_at" -lt 7 ] || fail "paused at line '$paused_at', want one before the last"
sleep 2.5 # longer than a line's gap at 0.25x
[ "$(at)" = "$paused_at" ] || fail "paused at line $paused_at, but the counter moved on to $(at)"
$TUI_TMUX send-keys -t replay .
want=$((paused_at + 1))
tui_wait_for replay "line $want/7" 5 || fail ". did not step from line $paused_at to $want: $(tui_screen replay | head -n 2)"
sleep 1
[ "$(at)" = "$want" ] || fail "after one step the counter went on from $want to $(at)"
screen=$(tui_screen replay)
info "screen at line $want:"; sed 's/^/#   /' <<<"$screen" | head -n 12
python3 - "$screen" "$dir/run.jsonl" "$want" <<'PY' || fail "the screen does not show line $want of the recording"
import json, re, sys
screen, line = sys.argv[1], json.loads(open(sys.argv[2]).readlines()[int(sys.argv[3]) - 1])
unit = {"": 1, "k": 1e3, "M": 1e6, "G": 1e9}
shown = {}
for m in re.finditer(r"^rxlab0\s+(\d+)\s+([0-9.]+)([kMG]?)\s+(\S+\s+){4}(\d+)\s", screen, re.M):
    shown[int(m.group(1))] = (float(m.group(2)) * unit[m.group(3)], int(m.group(5)))
rec = {q["queue"]: (q["rx_pps"], q["rx_packets"]) for q in line["queues"] if q["iface"] == "rxlab0"}
print("# screen:", shown)
print("# line:  ", rec)
assert shown and sorted(shown) == sorted(rec), "different queues"
assert any(pps > 0 for pps, _ in rec.values()), "no traffic in the recorded line"
for q, (pps, packets) in rec.items():
    assert abs(shown[q][0] - pps) <= 0.01 * pps + 1, f"queue {q}: screen {shown[q][0]:.0f} pps vs {pps:.0f}"
    assert shown[q][1] == packets, f"queue {q}: screen {shown[q][1]} packets vs {packets}"
PY

# Faster (16x at most) and playing again: it reaches the end and stays there.
$TUI_TMUX send-keys -t replay + + + + + + + +
tui_wait_for replay 'speed 16x' 5 || fail "+ did not reach 16x: $(tui_screen replay | head -n 2)"
tui_screen replay | grep -q '0.25x to 16x' || fail "+ beyond 16x was not refused on screen"
$TUI_TMUX send-keys -t replay Space
tui_wait_for replay 'line 7/7 \(end\)' 10 || fail "the replay did not reach its end: $(tui_screen replay | head -n 2)"
$TUI_TMUX send-keys -t replay q
tui_wait_for replay '^RXTOP_EXIT=0$' 10 || fail "q did not end rxtop with status 0: $(tui_screen replay | tail -n 4)"
tui_screen replay | grep -q 'its last line was cut off and was not played' ||
	fail "no note about the cut-off line after the replay: $(tui_screen replay | tail -n 4)"
