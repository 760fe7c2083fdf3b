#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The live view's per-queue rates for rxlab0 are those of the JSON snapshot of the same interval (within the
# display's rounding, 1 %): `w` writes the snapshot on screen with the -b -o json writer; the screen is captured
# before and after it, and a tick in between means try again. (It compared with a second, later run within 10 %
# before: two runs' rates differ on a busy machine.)
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/tui.sh"
dir=$(mktemp -d)
at_exit 'tui_cleanup; rm -rf "$dir"'
ROWS='^rxlab0 +[0-9]+ +[0-9.]+[kM]'

[ -x "$RXTOP" ] || fail "./rxtop is not built: make build"
# -d 3: capture, w and capture again fit between two ticks even on a busy machine (at -d 1 they did not, 5 times
# in a row, with two test runs and a CPU hog beside it).
tui_start live "cd $dir && exec $RXTOP --lab --gen-rate $TUI_RATE --gen-flows 2 -d 3"
tui_wait_for live "$TUI_HEADER" 20 || fail "rxtop --lab did not draw the live view header within 20 s"
# Wait for two readings with rates, then let the sparklines and rates settle a little.
tui_wait_for live "$ROWS" 20 || fail "no per-queue rates on screen: $(tui_screen live)"
sleep 2
for i in $(seq 10); do
	rm -f "$dir"/rxtop-*.json
	before=$(tui_screen live | grep -E "$ROWS")
	$TUI_TMUX send-keys -t live w
	for _ in $(seq 100); do compgen -G "$dir/rxtop-*.json" >/dev/null && break; sleep 0.1; done
	tui_wait_for live 'wrote rxtop-' 10 || fail "w did not write the snapshot: $(tui_screen live | tail -n 2)"
	screen=$(tui_screen live)
	after=$(grep -E "$ROWS" <<<"$screen")
	[ "$before" = "$after" ] && break
	sleep 0.3
done
[ "$before" = "$after" ] || fail "the queue rows changed between every capture and w"
info "screen:"; sed 's/^/#   /' <<<"$screen"
$TUI_TMUX send-keys -t live q
tui_wait_gone live 10 || fail "rxtop did not quit on q"

python3 - "$after" "$(ls "$dir"/rxtop-*.json | head -n 1)" <<'PY' || fail "the live view disagrees with the JSON of the same interval"
import json, re, sys
rows, snap = sys.argv[1], json.load(open(sys.argv[2]))
unit = {"": 1, "k": 1e3, "M": 1e6, "G": 1e9}
shown = {}
for m in re.finditer(r"^rxlab0\s+(\d+)\s+([0-9.]+)([kMG]?)\s", rows, re.M):
    shown[int(m.group(1))] = float(m.group(2)) * unit[m.group(3)]
batch = {q["queue"]: q["rx_pps"] for q in snap["queues"] if q["iface"] == "rxlab0"}
print("# screen:", shown)
print("# json:  ", batch)
assert shown and sorted(shown) == sorted(batch), "different queues"
assert any(pps > 0 for pps in batch.values()), "no traffic in the JSON snapshot"
for q, pps in batch.items():
    assert abs(shown[q] - pps) <= 0.01 * pps + 1, f"queue {q}: screen {shown[q]:.0f} vs json {pps:.0f}"
PY
assert_no_xdp rxlab0
