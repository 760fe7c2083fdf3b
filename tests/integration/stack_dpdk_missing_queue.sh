# SPDX-License-Identifier: GPL-2.0-only
# dpdk refuses a queue the interface lacks: exit status 2, one line naming the queue, nothing left.
source "$(dirname "$0")/stack_dpdk_bed.inc"

dbed_need
trap dbed_down EXIT
dbed_up
out=$(timeout 20 "$RXTOP_DEV" __stack dpdk -i "$DBED_RX" -q 0,7 --duration 1 2>&1); rc=$?
echo "$out"
[ $rc -eq 2 ] || fail "exit status $rc, expected 2"
grep -q "queue 7" <<<"$out" || fail "the message does not name queue 7"
dbed_assert_clean
exit 0
