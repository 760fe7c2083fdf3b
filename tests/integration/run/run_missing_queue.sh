#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Each stack asked for a queue the 2-queue lab lacks (-q 5, and -q 0,5) exits 2 with one line naming the queue,
# before anything is attached or started.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/run.sh"
TMP=$(mktemp -d)
at_exit 'rm -rf "$TMP"'

run_wait_lab
nq=$(ls -d /sys/class/net/rxlab0/queues/rx-* | wc -l)
[ "$nq" -le 5 ] || skip "the lab has $nq rx queues; queue 5 exists"
for stack in afxdp dpdk iouring iouring-zc epoll recvmmsg recvfrom; do
	for queues in 5 0,5; do
		extra=
		[ $stack = iouring-zc ] && extra="--proto tcp"
		run_rxtop "$TMP/out" "$TMP/err" run $stack --lab -q $queues $extra -b --duration 1; rc=$?
		if [ $stack = dpdk ] && grep -q "unknown or unavailable stack" "$TMP/err"; then
			fail "rxtop was built without DPDK (make deps)"
		fi
		info "$stack -q $queues: status $rc: $(cat "$TMP/err")"
		[ $rc -eq 2 ] || fail "$stack -q $queues: exit status $rc, not 2"
		[ "$(grep -c . "$TMP/err")" = 1 ] || fail "$stack -q $queues: not exactly one line on stderr"
		grep -q "queue 5 does not exist" "$TMP/err" || fail "$stack -q $queues: the line does not name queue 5"
		[ -s "$TMP/out" ] && fail "$stack -q $queues: printed on stdout: $(head -3 "$TMP/out")"
		run_assert_no_xdp
	done
done
exit 0
