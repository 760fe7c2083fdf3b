#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Bad values for rxtop gen: one line on stderr, exit status 2, nothing sent.
source "${0%/integration/*}/lib.sh"
[ -x "$RXTOP" ] || fail "build rxtop first"

check() { # expect exit 2 and exactly one line on stderr
	err=$("$RXTOP" gen "$@" 2>&1 >/dev/null); rc=$?
	[ "$rc" = 2 ] || fail "rxtop gen $*: exit $rc, want 2"
	[ "$(wc -l <<<"$err")" = 1 ] || fail "rxtop gen $*: stderr is not one line: $err"
	info "rxtop gen $*: $err"
}
check -i lo --size 59
check -i lo --size 1515
check -i lo --size abc
check -i lo --rate -5
check -i lo --flows 0
check -i lo --engine nope
check -i lo --duration 0
check -i lo --dst 300.1.1.1
check -i lo --dst-mac 12:34
check --size 64
check -i lo --bogus
check -i no-such-iface0 --count 1
# rxtop --lab gen reads its line before it claims or builds the lab: bad input and --help create nothing.
lab_before=$(ip netns list 2>/dev/null | grep -cw rxtop-gen)
err=$("$RXTOP" --lab gen --size 59 2>&1 >/dev/null); rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <<<"$err")" = 1 ] || fail "rxtop --lab gen --size 59: exit $rc, stderr: $err"
"$RXTOP" --lab gen --help | grep -q -- '--iface IFACE' || fail "rxtop --lab gen --help lists no --iface"
[ "$(ip netns list 2>/dev/null | grep -cw rxtop-gen)" = "$lab_before" ] || fail "bad input or --help created the lab"
"$RXTOP" gen --help | grep -q 'without the 4-byte FCS' -i || fail "--help does not say the size excludes the FCS"
