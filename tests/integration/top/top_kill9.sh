#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kill -9 of rxtop while its counting program is attached leaves no program and no generator behind: at XDP
# (--counter xdp) and at tc ingress (the default on veth when rxtop only watches, a tcx link). The programs checked
# are those the killed rxtop held (another rxtop on this machine may load the same names).
source "${0%/integration/*}/lib.sh"
at_exit 'kill -9 $pid 2>/dev/null; lab_cleanup'
pid=

# Children get SIGKILL when their parent dies (PR_SET_PDEATHSIG); tearing down their sockets and BPF links can
# take a moment, and an exited child stays a zombie until init reaps it.
alive() { [ -r /proc/$1/stat ] && [ "$(awk '{ print $3 }' /proc/$1/stat 2>/dev/null)" != Z ]; }
# The ids of the watching rxtop's own tc counting programs.
own_tc_counters() {
	local id
	for id in $(bpf_programs_of "$pid"); do
		bpftool prog show id "$id" 2>/dev/null | grep -q "name rx_count_tc" && echo "$id"
	done
}

# kill9_case ATTACHED-CHECK [rxtop options]: starts the watching rxtop, waits for ATTACHED-CHECK, kills it -9
kill9_case() {
	local attached=$1 children
	shift
	"$RXTOP" --lab -b -o json -d 0.2 --gen-rate 10000 "$@" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		$attached && break
		sleep 0.1
	done
	$attached || fail "rxtop $* never attached its counting program"
	held=$(bpf_programs_of "$pid")
	children=$(pgrep -P $pid | tr '\n' ' ')
	kill -9 $pid
	wait $pid 2>/dev/null
	sleep 0.5
	for c in $children; do
		for _ in $(seq 50); do alive "$c" || break; sleep 0.1; done
		alive "$c" && fail "child $c of rxtop ($(tr '\0' ' ' </proc/$c/cmdline)) survived kill -9 by 5 s"
	done
	bpf_programs_gone "kill -9 of rxtop $*" $held
	info "rxtop $*: held BPF programs $held, none remains after kill -9"
}

"$RXTOP" lab up >/dev/null || fail "lab up"
xdp_attached() { ip -d link show dev rxlab0 | grep -q 'prog/xdp'; }
kill9_case xdp_attached --counter xdp
assert_no_xdp rxlab0

tc_attached() { [ -n "$(own_tc_counters)" ]; }
kill9_case tc_attached
assert_no_xdp rxlab0
exit 0
