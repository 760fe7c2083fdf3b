#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The live view's header names the hook rxtop counts at: "tc ingress (tcx)" by default on veth, "(clsact)" with
# the pre-6.6 fallback forced (RXTOP_FORCE_COUNTER_HOOK=tc-clsact), "XDP native" with the XDP one, and what is
# read instead under --counter none ("hands-off", veth has no NIC queue counters); q leaves no filter behind.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/tui.sh"
at_exit tui_cleanup

# header_case NAME FORCED-HOOK REGEX: the header of `rxtop --lab` counting at FORCED-HOOK matches REGEX
header_case() {
	[ -x "$RXTOP" ] || fail "./rxtop is not built: make build"
	tui_start "$1" "RXTOP_FORCE_COUNTER_HOOK=$2 exec $RXTOP --lab --gen-rate $TUI_RATE"
	tui_wait_for "$1" "$3" 10 || fail "$2: the header does not say '$3': $(tui_screen "$1" | head -n 1)"
	info "$2: $(tui_screen "$1" | head -n 1 | tr -s ' ')"
	$TUI_TMUX send-keys -t "$1" q
	tui_wait_gone "$1" 10 || fail "$2: rxtop did not quit on q"
	[ -z "$(tc filter show dev rxlab0 ingress 2>/dev/null)" ] || fail "$2: a tc filter is left at ingress of rxlab0"
	assert_no_xdp rxlab0
}

header_case tcx tcx '^rxtop .*rxlab0.*counting at tc ingress \(tcx\)'
header_case clsact tc-clsact '^rxtop .*rxlab0.*counting at tc ingress \(clsact\)'
header_case xdp xdp '^rxtop .*rxlab0.*XDP native attached'

tui_start none "exec $RXTOP --lab --counter none --gen-rate $TUI_RATE"
tui_wait_for none '^rxtop .*rxlab0.*hands-off: no NIC queue counters, totals sysfs' 10 ||
	fail "--counter none: the header does not say hands-off: $(tui_screen none | head -n 1)"
info "none: $(tui_screen none | head -n 1 | tr -s ' ')"
$TUI_TMUX send-keys -t none q
tui_wait_gone none 10 || fail "--counter none: rxtop did not quit on q"
assert_no_xdp rxlab0
exit 0
