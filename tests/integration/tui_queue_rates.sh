#!/bin/bash
# The live view's per-queue rates for rxlab0 agree (10 %) with `rxtop --lab -b -o json` taken right after.
source "$(dirname "$0")/tui_lib.bash"
trap tui_cleanup EXIT

tui_start_lab live
# Wait for two readings with rates, then let the sparklines and rates settle a little.
tui_wait_for live '^rxlab0 +[0-9]+ +[0-9.]+[kM]' 10 || fail "no per-queue rates on screen: $(tui_screen live)"
sleep 3
screen=$(tui_screen live)
info "screen:"; sed 's/^/#   /' <<<"$screen"
$TUI_TMUX send-keys -t live q
tui_wait_gone live 10 || fail "rxtop did not quit on q"

json=$(timeout 30 "$RXTOP" --lab -b -o json -n 2 -d 1 --gen-rate $TUI_RATE --gen-flows 2) || fail "batch rxtop exited $?"
python3 - "$screen" "$json" <<'PY' || fail "the live view disagrees with the JSON output"
import json, re, sys
screen, lines = sys.argv[1], sys.argv[2].splitlines()
unit = {"": 1, "k": 1e3, "M": 1e6, "G": 1e9}
shown = {}
for m in re.finditer(r"^rxlab0\s+(\d+)\s+([0-9.]+)([kMG]?)\s", screen, re.M):
    shown[int(m.group(1))] = float(m.group(2)) * unit[m.group(3)]
# The last of -n readings is taken after the generator stopped: compare with the busiest one.
best = max((json.loads(l) for l in lines), key=lambda s: sum(q["rx_pps"] for q in s["queues"]))
batch = {q["queue"]: q["rx_pps"] for q in best["queues"] if q["iface"] == "rxlab0"}
print("# screen:", shown)
print("# json:  ", batch)
assert shown and sorted(shown) == sorted(batch), "different queues"
for q, pps in batch.items():
    assert pps > 0, f"queue {q} idle in the JSON output"
    assert abs(shown[q] - pps) <= 0.10 * pps, f"queue {q}: screen {shown[q]:.0f} vs json {pps:.0f}"
PY
assert_no_xdp rxlab0
