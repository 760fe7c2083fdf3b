# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the live-view cases (tui_*.sh): rxtop in a private tmux server, screens captured as text.
# Sourced, not run: the runner only runs *.sh.

TUI_TMUX="tmux -L rxtop-tui-$$"
TUI_HEADER='^rxtop .*rxlab0.*(XDP|tc ingress)'
TUI_RATE=50000

tui_cleanup() {
	$TUI_TMUX kill-server >/dev/null 2>&1 || true
	lab_cleanup
}

# tui_start NAME COMMAND: a 100x30 session running COMMAND in the repository
tui_start() {
	$TUI_TMUX new-session -d -s "$1" -x 100 -y 30 -c "$ROOT" "$2" || fail "tmux new-session $1"
}

tui_screen() { $TUI_TMUX capture-pane -p -t "$1" 2>/dev/null; }

# tui_wait_for NAME REGEX SECONDS: 0 once the screen matches
tui_wait_for() {
	local end=$((SECONDS + $3))
	while [ $SECONDS -lt "$end" ]; do
		tui_screen "$1" | grep -Eq "$2" && return 0
		sleep 0.2
	done
	return 1
}

# tui_wait_gone NAME SECONDS: 0 once the session's only pane (its command) ended
tui_wait_gone() {
	local end=$((SECONDS + $2))
	while [ $SECONDS -lt "$end" ]; do
		$TUI_TMUX has-session -t "$1" 2>/dev/null || return 0
		sleep 0.2
	done
	return 1
}

# Starts `rxtop --lab` (steady generator rate) in session NAME; fails when the live view's header does not come
# up within 10 s.
tui_start_lab() {
	[ -x "$RXTOP" ] || fail "./rxtop is not built"
	tui_start "$1" "exec $RXTOP --lab --gen-rate $TUI_RATE --gen-flows 2"
	if ! tui_wait_for "$1" "$TUI_HEADER" 20; then
		tui_screen "$1" | head -n 5 | sed 's/^/# screen: /'
		fail "rxtop --lab did not draw the live view header within 20 s"
	fi
}

# The pid of the program a session's pane runs.
tui_pane_pid() { $TUI_TMUX display -p -t "$1" '#{pane_pid}'; }

# CPU ticks (user + system) the process has used itself; children (the generator) are not included.
tui_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# tui_lab_busy NAME: 0 while the session shows the live view with the lab generator sending
tui_lab_busy() { tui_screen "$1" | grep -Eq 'sending [0-9.]*[1-9][0-9.]*[kM]? pps'; }

# tui_shell_run NAME COMMAND: runs COMMAND from a shell in a new session, then prints RXTOP_EXIT=<status>, so the
# pane shows what is left on the normal screen after rxtop ends.
tui_shell_run() {
	[ -x "$RXTOP" ] || fail "./rxtop is not built"
	tui_start "$1" "bash --norc --noprofile"
	$TUI_TMUX send-keys -t "$1" "$2; echo RXTOP_EXIT=\$?" Enter
}

# tui_lab_lost NAME: 0 when rxtop in session NAME ended because the shared lab vanished or was taken (another
# case on this machine brought it down or had its own program on rxlab0): the caller tries again.
tui_lab_lost() {
	tui_screen "$1" | grep -Eq 'interface rxlab0 vanished|already has XDP program|cannot attach to rxlab0|no interface .rxlab0|rxlab0.*No such device|rxtop-gen'
}

# assert_no_xdp, unless another rxtop on this shared machine (another case) may own the program on rxlab0.
tui_assert_no_xdp() {
	if pgrep -x rxtop >/dev/null; then
		info "another rxtop runs on this machine: not checking rxlab0's XDP program"
		return 0
	fi
	assert_no_xdp rxlab0
}

# tui_expect NAME REGEX SECONDS WHAT: 0 once session NAME's screen matches REGEX within SECONDS; 3 when the shared lab
# vanished under it instead (the caller tries again); else fails with WHAT and the screen.
tui_expect() {
	tui_wait_for "$1" "$2" "$3" && return 0
	tui_lab_lost "$1" && return 3
	fail "$4: $(tui_screen "$1")"
}

# tui_attempts PREFIX: runs the case's attempt PREFIX1, PREFIX2, ... (each in a session of that name) until one does
# not return 3 (the shared lab vanished or was taken), and exits with its status; skips after 5 such tries.
tui_attempts() {
	local try rc
	for try in 1 2 3 4 5; do
		attempt "$1$try"
		rc=$?
		[ $rc -eq 3 ] || exit $rc
		info "the shared lab vanished or was taken (try $try): $(tui_screen "$1$try" | grep -m1 -E "^rxtop:")"
		$TUI_TMUX kill-session -t "$1$try" >/dev/null 2>&1
		sleep 5
	done
	skip "the lab did not stay ours in 5 tries"
}
