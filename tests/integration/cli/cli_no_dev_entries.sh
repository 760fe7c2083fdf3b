#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The product binary carries no developer entry: rxtop refuses each "__" name as bad input (exit 2), its --help
# lists none and the binary holds none of their names; rxtop-dev (never installed) still runs each of them.
source "${0%/integration/*}/lib.sh"
[ -x "$RXTOP" ] || fail "no $RXTOP: run make"
[ -x "$RXTOP_DEV" ] || fail "no $RXTOP_DEV: run make"

entries="__stack __bpf __overhead __tui-demo __tcpsend"
for entry in $entries; do
	err=$(timeout 5 "$RXTOP" "$entry" 2>&1 </dev/null >/dev/null)
	rc=$?
	[ $rc -eq 2 ] || fail "rxtop $entry exited $rc, not 2 (bad input)"
	[ "$(wc -l <<<"$err")" -eq 1 ] && grep -q -- "$entry" <<<"$err" || fail "rxtop $entry says: $err"
	# "__stack" as a word: the C library's __stack_chk_fail is not an entry.
	n=$(strings "$RXTOP" | grep -cE -- "$entry(\$|[^_a-z])")
	[ "$n" -eq 0 ] || fail "the rxtop binary holds '$entry' $n times"
	# The dev binary dispatches it: its --help names it, or its usage line does.
	timeout 5 "$RXTOP_DEV" --help | grep -q -- "^  $entry " || fail "rxtop-dev --help does not list $entry"
done
! "$RXTOP" --help | grep -q ' __' || fail "rxtop --help lists a developer entry: $("$RXTOP" --help | grep ' __')"
timeout 5 "$RXTOP_DEV" __tcpsend 2>&1 | grep -q 'usage: rxtop-dev __tcpsend' || fail "rxtop-dev __tcpsend gives no usage"
timeout 5 "$RXTOP_DEV" __no-such 2>/dev/null
[ $? -eq 2 ] || fail "rxtop-dev __no-such did not exit 2"
# make install puts rxtop only: nothing of rxtop-dev in a staged install.
stage=$(mktemp -d)
at_exit 'rm -rf "$stage"'
timeout 120 make -C "$ROOT" --no-print-directory -s install DESTDIR="$stage" PREFIX=/usr >/dev/null || fail "make install failed"
[ -x "$stage/usr/sbin/rxtop" ] || fail "make install put no rxtop"
found=$(find "$stage" -name 'rxtop-dev*')
[ -z "$found" ] || fail "make install put $found"
info "rxtop refuses $entries (exit 2), holds none; rxtop-dev runs them; make install leaves it out"
