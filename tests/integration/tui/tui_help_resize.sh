#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# h opens the help and any key closes it; shrinking to 60x15, below it, and back keeps the view alive.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/tui.sh"
at_exit tui_cleanup

tui_start_lab live
$TUI_TMUX send-keys -t live h
tui_wait_for live 'any key closes' 10 || fail "h did not open the help: $(tui_screen live)"
$TUI_TMUX send-keys -t live x
tui_wait_for live "$TUI_HEADER" 10 || fail "a key did not close the help: $(tui_screen live)"
tui_screen live | grep -q 'any key closes' && fail "the help is still on screen"

$TUI_TMUX resize-window -t live -x 60 -y 15
tui_wait_for live "$TUI_HEADER" 10 || fail "no header at 60x15: $(tui_screen live)"
$TUI_TMUX resize-window -t live -x 50 -y 12
tui_wait_for live 'terminal too small \(50x12\), need 60x15' 10 || fail "no too-small notice: $(tui_screen live)"
$TUI_TMUX resize-window -t live -x 100 -y 30
tui_wait_for live "$TUI_HEADER" 10 || fail "no header after growing back: $(tui_screen live)"
tui_wait_for live '^IFACE' 10 || fail "no queue table after growing back"

$TUI_TMUX send-keys -t live q
tui_wait_gone live 10 || fail "rxtop did not quit on q"
assert_no_xdp rxlab0
