#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A socket stack asked for a queue the interface lacks, or for TCP it cannot do, exits 2 and says why.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/sock.sh"
sock_case_setup
for stack in recvfrom recvmmsg epoll; do
	"$RXTOP" __stack $stack -i "$BED_RECV" -q 0,2 --duration 1 2>"$TMP/err"; rc=$?
	info "$stack -q 0,2: status $rc: $(cat "$TMP/err")"
	[ $rc -eq 2 ] || fail "$stack with queue 2 on a 2-queue interface exited $rc, not 2"
	grep -q "queue 2 does not exist" "$TMP/err" || fail "$stack did not say which queue is missing"
done
for stack in recvfrom recvmmsg; do
	"$RXTOP" __stack $stack -i "$BED_RECV" --proto tcp --duration 1 2>"$TMP/err"; rc=$?
	info "$stack --proto tcp: status $rc: $(cat "$TMP/err")"
	[ $rc -eq 2 ] || fail "$stack --proto tcp exited $rc, not 2"
done
