#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The generator cases' bed comes up (gsend0 in its namespace, XDP_DROP on grecv0) and goes away.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/gen.sh"
[ -x "$RXTOP" ] || fail "build rxtop first"
gen_bed_up
ip -n "$BED_NS" link show "$BED_SEND" >/dev/null || fail "$BED_SEND missing"
ip -d link show "$BED_RECV" | grep -q prog/xdp || fail "no XDP_DROP on $BED_RECV"
bed_down g
ip link show "$BED_RECV" >/dev/null 2>&1 && fail "$BED_RECV still there"
ip netns list | grep -qw "$BED_NS" && fail "netns $BED_NS still there"
exit 0
