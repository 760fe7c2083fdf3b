#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A queue the interface lacks is refused before anything is attached: exit 2, one line saying which queues exist.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/stack_afxdp_bed.inc"
[ "$(id -u)" -eq 0 ] || skip "needs root"
trap afx_cleanup EXIT
afx_bed_up || fail "cannot build the veth test bed"

timeout 20 "$RXTOP_DEV" __stack afxdp -i "$AFX_RX" -q 0,5 --duration 1 >"$AFX_TMP/out" 2>"$AFX_TMP/err"
rc=$?
cat "$AFX_TMP/err"
[ "$rc" -eq 2 ] || fail "exit status $rc, want 2"
grep -q "$AFX_RX has 2 rx queues (0-1); queue 5 does not exist" "$AFX_TMP/err" || fail "unclear reason"
assert_no_xdp "$AFX_RX"
afx_assert_no_stack
echo PASS
