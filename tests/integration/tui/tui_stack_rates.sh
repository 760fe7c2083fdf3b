#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The stacks table of `rxtop run epoll --lab` agrees (rx pps within 10 %) with the JSON line of the same
# interval: `w` writes the snapshot on screen with the -b -o json writer; the screen is captured before and
# after it, and a tick in between means try again.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/tui.sh"
at_exit 'tui_cleanup; rm -rf "$dir"'
dir=$(mktemp -d)

ROW='^epoll +[0-9]+ +[0-9.]+[kM] +[0-9.]+ '

attempt() { # 0 passed, 3 the shared lab vanished, else fail
	local s=$1 before after file
	[ -x "$RXTOP" ] || fail "./rxtop is not built: make build"
	# -d 3: capture, w and capture again fit between two ticks even on a busy machine (at -d 1 they did not,
	# 5 times in a row, with two test runs and a CPU hog beside it).
	tui_start "$s" "cd $dir && $RXTOP run epoll --lab -d 3 --duration 40 --gen-rate $TUI_RATE; sleep 30"
	tui_expect "$s" "$ROW" 20 "no epoll row with its numbers" || return
	sleep 2
	for i in $(seq 10); do
		rm -f "$dir"/rxtop-*.json
		before=$(tui_screen "$s" | grep -E "$ROW")
		$TUI_TMUX send-keys -t "$s" w
		for _ in $(seq 100); do compgen -G "$dir/rxtop-*.json" >/dev/null && break; sleep 0.1; done
		if ! tui_wait_for "$s" 'wrote rxtop-' 10; then
			tui_lab_lost "$s" && return 3
			fail "w did not write the snapshot: $(tui_screen "$s" | tail -n 2)"
		fi
		after=$(tui_screen "$s" | grep -E "$ROW")
		[ "$before" = "$after" ] && break
		sleep 0.3
	done
	[ "$before" = "$after" ] || fail "the stacks table changed between every capture and w"
	tui_lab_lost "$s" && return 3
	file=$(ls "$dir"/rxtop-*.json | head -n 1)
	info "screen: $after"
	python3 - "$after" "$file" <<'PY' || fail "the stacks table disagrees with the JSON of the same interval"
import json, re, sys
row, snap = sys.argv[1], json.load(open(sys.argv[2]))
unit = {"": 1, "k": 1e3, "M": 1e6, "G": 1e9}
m = re.match(r"^epoll\s+(\d+)\s+([0-9.]+)([kMG]?)\s", row)
pid, shown = int(m.group(1)), float(m.group(2)) * unit[m.group(3)]
st = [x for x in snap["stacks"] if x["pid"] == pid]
assert st, f"pid {pid} not in the JSON stacks"
pps = st[0]["rx_pps"]
print(f"# screen {shown:.0f} pps, json {pps:.0f} pps (pid {pid})")
assert pps > 0, "epoll idle in the JSON"
assert abs(shown - pps) <= 0.10 * pps, f"screen {shown:.0f} vs json {pps:.0f}"
PY
	$TUI_TMUX send-keys -t "$s" q
	return 0
}

tui_attempts rates
