#!/bin/bash
# kill -9 of rxtop while its XDP program is attached leaves no XDP program and no generator behind.
source "$(dirname "$0")/../lib.sh"
trap 'kill -9 $pid 2>/dev/null; lab_cleanup' EXIT

"$RXTOP" lab up >/dev/null || fail "lab up"
"$RXTOP" --lab -b -o json -d 0.2 --gen-rate 10000 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do
	ip -d link show dev rxlab0 | grep -q 'prog/xdp' && break
	sleep 0.1
done
ip -d link show dev rxlab0 | grep -q 'prog/xdp' || fail "rxtop never attached its XDP program"
children=$(pgrep -P $pid | tr '\n' ' ')
kill -9 $pid
wait $pid 2>/dev/null
sleep 0.5
assert_no_xdp rxlab0
# Children get SIGKILL when their parent dies (PR_SET_PDEATHSIG); tearing down their sockets and BPF links can
# take a moment, and an exited child stays a zombie until init reaps it.
alive() { [ -r /proc/$1/stat ] && [ "$(awk '{ print $3 }' /proc/$1/stat 2>/dev/null)" != Z ]; }
for c in $children; do
	for _ in $(seq 50); do alive "$c" || break; sleep 0.1; done
	alive "$c" && fail "child $c of rxtop ($(tr '\0' ' ' </proc/$c/cmdline)) survived kill -9 by 5 s"
done
exit 0
