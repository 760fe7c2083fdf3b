#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `rxtop run epoll,recvfrom --lab` in the live view: the stacks table shows the running stack with its numbers,
# n moves to the next stack, and after the last phase the comparison table is on the normal screen.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/tui.sh"
at_exit tui_cleanup

# name, pid, a packet rate, then GBPS, DROPS/S, SYSC/PKT (GBPS needs a second reading)
NUMBERS=' +[0-9]+ +[0-9.]+[kM] +[0-9.]+ +[0-9.kM]+ +[0-9.]+ '
ROW_EPOLL="^epoll$NUMBERS"
ROW_RECVFROM="^recvfrom$NUMBERS"

# attempt NAME: 0 passed, 3 the shared lab vanished under it (try again), else fail
attempt() {
	local s=$1 screen
	tui_shell_run "$s" "$RXTOP run epoll,recvfrom --lab --duration 10 --gen-rate $TUI_RATE"
	tui_expect "$s" 'stack epoll \(1/2\)' 20 "no epoll phase in the header" || return
	tui_expect "$s" "$ROW_EPOLL" 15 "no epoll row with its numbers" || return
	screen=$(tui_screen "$s")
	info "phase 1:"; head -n 6 <<<"$screen" | sed 's/^/#   /'

	$TUI_TMUX send-keys -t "$s" n
	tui_expect "$s" 'stack recvfrom \(2/2\)' 15 "n did not start the recvfrom phase" || return
	tui_expect "$s" "$ROW_RECVFROM" 15 "no recvfrom row with its numbers" || return
	info "phase 2:"; tui_screen "$s" | head -n 7 | sed 's/^/#   /'

	# The recvfrom phase runs its 10 s, then the live view closes and the comparison is printed.
	if ! tui_wait_for "$s" '^RXTOP_EXIT=' 30; then
		fail "rxtop did not end after the last phase: $(tui_screen "$s" | head -n 5)"
	fi
	tui_lab_lost "$s" && return 3
	screen=$(tui_screen "$s")
	info "after:"; grep -v '^$' <<<"$screen" | sed 's/^/#   /'
	grep -q '^RXTOP_EXIT=0$' <<<"$screen" || fail "rxtop run exited non-zero"
	[ "$($TUI_TMUX display -p -t "$s" '#{alternate_on}')" = 0 ] || fail "the alternate screen is still on"
	grep -Eq '^STACK +RX PPS' <<<"$screen" || fail "no comparison table on the normal screen"
	grep -Eq '^epoll +[1-9][0-9]* ' <<<"$screen" || fail "no epoll line with a rate in the comparison"
	grep -Eq '^recvfrom +[1-9][0-9]* ' <<<"$screen" || fail "no recvfrom line with a rate in the comparison"
	grep -Eq "$TUI_HEADER" <<<"$screen" && fail "the live view is still on the shell's screen"
	tui_assert_no_xdp
	return 0
}

tui_attempts run
