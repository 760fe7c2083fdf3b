#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# --zerocopy on veth (copy mode only) exits 2 naming the call, the errno and the fix; nothing stays attached.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/afxdp.sh"
afx_bed_up

timeout 20 "$RXTOP" __stack afxdp -i "$BED_RECV" -q 0 --zerocopy --duration 1 >"$AFX_TMP/out" 2>"$AFX_TMP/err"
rc=$?
cat "$AFX_TMP/err"
[ "$rc" -eq 2 ] || fail "exit status $rc, want 2"
grep -q 'xsk_socket__create(queue 0, zerocopy): Operation not supported' "$AFX_TMP/err" ||
	fail "the reason does not name the call and errno"
grep -q 'no zero-copy support; use --copy' "$AFX_TMP/err" || fail "the reason does not say what to do"
[ "$(wc -l <"$AFX_TMP/err")" -eq 1 ] || fail "more than one line on stderr"
assert_no_xdp "$BED_RECV"
afx_assert_no_stack
echo PASS
