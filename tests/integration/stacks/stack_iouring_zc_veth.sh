#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# iouring-zc on veth: the kernel refuses zero-copy receive; exit 2 with the reason on one stderr line, nothing left behind.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/iouring.sh"
err=$(mktemp)
at_exit 'rm -f "$err"'
iouring_bed_up
timeout 20 "$RXTOP" __stack iouring-zc -i "$BED_RECV" -q 0 --proto tcp --duration 2 >/dev/null 2>"$err"
rc=$?
info "status $rc: $(cat "$err")"
[ $rc -eq 2 ] || fail "exit status $rc, want 2"
[ "$(wc -l <"$err")" -eq 1 ] || fail "want one stderr line, got: $(cat "$err")"
if grep -q "no IORING_OP_RECV_ZC" "$err"; then
	skip "kernel without zcrx: $(cat "$err")"
fi
grep -q "$BED_RECV" "$err" && grep -q "IORING_REGISTER_ZCRX_IFQ" "$err" || fail "reason lacks interface or syscall"
grep -qi "queue management API\|header split\|XDP program\|busy" "$err" || fail "errno not translated into a reason"
# UDP is refused up front with its own reason.
timeout 10 "$RXTOP" __stack iouring-zc -i "$BED_RECV" --duration 1 >/dev/null 2>"$err"
rc=$?
[ $rc -eq 2 ] && grep -q "TCP only" "$err" || fail "UDP not refused (status $rc): $(cat "$err")"
assert_no_xdp "$BED_RECV"
