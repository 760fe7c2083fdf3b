#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `rxtop run iouring-zc --proto tcp --lab` on veth exits 2 with the kernel's reason on one stderr line, prints no
# table, and leaves nothing attached.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/run.sh"
TMP=$(mktemp -d)
at_exit 'rm -rf "$TMP"'

run_rxtop "$TMP/out" "$TMP/err" run iouring-zc --proto tcp --lab -b --duration 2; rc=$?
cat "$TMP/err"
[ $rc -eq 2 ] || fail "exit status $rc, not 2"
[ "$(grep -c . "$TMP/err")" = 1 ] || fail "not exactly one line on stderr"
grep -q "iouring-zc: rxlab0 (driver veth) rx queue 0: .*(IORING_REGISTER_ZCRX_IFQ: Operation not supported)" \
	"$TMP/err" || fail "the line does not name the interface, driver, queue and the kernel's errno"
grep -q '^STACK' "$TMP/out" && fail "a comparison table was printed for a stack that never ran"
run_assert_no_xdp
exit 0
