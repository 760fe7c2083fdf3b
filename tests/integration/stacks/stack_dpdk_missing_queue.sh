# SPDX-License-Identifier: GPL-2.0-only
# dpdk refuses a queue the interface lacks: exit status 2, one line naming the queue, nothing left.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/dpdk.sh"

dbed_need
dbed_up
out=$(timeout 20 "$RXTOP" __stack dpdk -i "$BED_RECV" -q 0,7 --duration 1 2>&1); rc=$?
echo "$out"
[ $rc -eq 2 ] || fail "exit status $rc, expected 2"
grep -q "queue 7" <<<"$out" || fail "the message does not name queue 7"
dbed_assert_clean
exit 0
