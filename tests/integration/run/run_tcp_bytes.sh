#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# TCP stacks receive exactly the bytes rxtop's TCP sender got acknowledged (epoll and iouring, through the lab).
source "${0%/integration/*}/lib.sh"
at_exit 'kill $rx 2>/dev/null; lab_cleanup'

"$RXTOP" lab up >/dev/null || fail "lab up"
for stack in epoll iouring; do
	out=$(mktemp)
	"$RXTOP" __stack $stack -i rxlab0 --proto tcp --duration 6 >"$out" 2>&1 &
	rx=$!
	sleep 1
	sent=$("$RXTOP" --lab gen --proto tcp --flows 3 --duration 2 | sed -n 's/^proto=tcp bytes=\([0-9]*\).*/\1/p')
	# The sender's count is what the kernel acknowledged; the receiver reads the last of it from its socket
	# buffers before it is stopped (however long that takes on a busy machine).
	tcp_drained 9000 || fail "$stack did not read its connections' queues within 10 s"
	kill -TERM $rx
	wait $rx
	got=$(sed -n 's/.* bytes=\([0-9]*\) .*/\1/p' "$out")
	info "$stack: sent $sent received $got"
	rm -f "$out"
	[ -n "$sent" ] && [ "$sent" -gt 1000000 ] || fail "$stack: the sender sent too little ($sent)"
	[ "$sent" = "$got" ] || fail "$stack: received $got bytes, sender's count is $sent"
done
