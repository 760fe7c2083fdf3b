#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A queue the interface lacks is refused before anything is attached: exit 2, one line saying which queues exist.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/afxdp.sh"
afx_bed_up

timeout 20 "$RXTOP" __stack afxdp -i "$BED_RECV" -q 0,5 --duration 1 >"$AFX_TMP/out" 2>"$AFX_TMP/err"
rc=$?
cat "$AFX_TMP/err"
[ "$rc" -eq 2 ] || fail "exit status $rc, want 2"
grep -q "$BED_RECV has 2 rx queues (0-1); queue 5 does not exist" "$AFX_TMP/err" || fail "unclear reason"
assert_no_xdp "$BED_RECV"
afx_assert_no_stack
echo PASS
