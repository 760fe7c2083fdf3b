#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# q and SIGTERM both end rxtop with the shell's screen back (no alternate screen) and no XDP program left.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/tui.sh"
at_exit tui_cleanup

# Runs rxtop from a shell in the pane, so after it ends the pane shows what the shell prints.
run_in_shell() {
	[ -x "$RXTOP" ] || fail "./rxtop is not built: make build"
	tui_start "$1" "bash --norc --noprofile"
	$TUI_TMUX send-keys -t "$1" "$RXTOP --lab --gen-rate $TUI_RATE; echo RXTOP_EXIT=\$?" Enter
	tui_wait_for "$1" "$TUI_HEADER" 20 ||
		fail "rxtop --lab did not draw the live view header within 20 s: $(tui_screen "$1" | head -n 3)"
}

check_left_clean() { # session how expected-status-regex
	tui_wait_for "$1" "^RXTOP_EXIT=$3\$" 30 || fail "$2: rxtop did not end with status $3: $(tui_screen "$1" | tail -n 5)"
	[ "$($TUI_TMUX display -p -t "$1" '#{alternate_on}')" = 0 ] || fail "$2: the alternate screen is still on"
	tui_screen "$1" | grep -Eq "$TUI_HEADER" && fail "$2: the live view is still on the shell's screen"
	assert_no_xdp rxlab0
	info "$2: clean"
}

run_in_shell byq
$TUI_TMUX send-keys -t byq q
check_left_clean byq "q" 0

run_in_shell byterm
shell=$(tui_pane_pid byterm)
pid=$(pgrep -P "$shell" -x rxtop | head -n 1)
[ -n "$pid" ] || fail "cannot find rxtop under the pane's shell $shell"
kill -TERM "$pid"
# SPEC leaves the status after SIGTERM open: any, as long as everything is undone.
check_left_clean byterm "SIGTERM" "[0-9]+"

run_in_shell byint
$TUI_TMUX send-keys -t byint C-c
check_left_clean byint "SIGINT (Ctrl-C)" "[0-9]+"

# The fatal path: the interface vanishes under the live view; rxtop restores the terminal, says so in one
# line and exits 1. Deleted behind rxtop's back: 'rxtop lab down' refuses while the lab is in use (exit 2).
run_in_shell bygone
ip link del rxlab0 || fail "ip link del rxlab0"
check_left_clean bygone "interface vanished" 1
tui_screen bygone | grep -q '^rxtop: interface rxlab0 vanished$' || fail "no one-line reason: $(tui_screen bygone)"
[ "$(tui_screen bygone | grep -c '^rxtop:')" = 1 ] || fail "more than one line of complaint: $(tui_screen bygone)"
