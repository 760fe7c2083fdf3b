#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A queue the interface lacks: iouring and iouring-zc both exit 2 naming the queue.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/iouring.sh"
err=$(mktemp)
at_exit 'rm -f "$err"'
iouring_bed_up
for args in "iouring -q 0,7" "iouring-zc -q 7 --proto tcp"; do
	# shellcheck disable=SC2086
	timeout 10 "$RXTOP" __stack $args -i "$BED_RECV" --duration 1 >/dev/null 2>"$err"
	rc=$?
	info "$args: status $rc: $(cat "$err")"
	[ $rc -eq 2 ] || fail "$args: exit status $rc, want 2"
	grep -q "queue 7 does not exist" "$err" || fail "$args: reason does not name queue 7"
	[ "$(wc -l <"$err")" -eq 1 ] || fail "$args: want one stderr line"
done
