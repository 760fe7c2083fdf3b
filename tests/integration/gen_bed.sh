#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The generator's own test bed until the lab lands: netns gsend with gsend0 198.18.1.1 <-> grecv0 198.18.1.2 here,
# 2 queues, XDP_DROP on grecv0. Sourced by the gen_* cases; run alone, it checks that it comes up and goes away.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

GEN_NS=gsend
GEN_TX=gsend0
GEN_RX=grecv0
GEN_ARGS=(-i "$GEN_TX" --netns "$GEN_NS" --src 198.18.1.1 --dst 198.18.1.2)
GEN_TMP=

gen_bed_down() {
	ip link del "$GEN_RX" 2>/dev/null || true
	ip netns del "$GEN_NS" 2>/dev/null || true
	[ -n "$GEN_TMP" ] && rm -rf "$GEN_TMP"
	GEN_TMP=
}

gen_bed_up() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
	[ -x "$RXTOP" ] || skip "build rxtop first"
	command -v clang-19 >/dev/null || command -v clang >/dev/null || skip "needs clang for the XDP_DROP program"
	gen_bed_down
	GEN_TMP=$(mktemp -d)
	cat >"$GEN_TMP/drop.c" <<'C'
#include <linux/bpf.h>
__attribute__((section("xdp"), used)) int drop(struct xdp_md *ctx) { return XDP_DROP; }
char _license[] __attribute__((section("license"), used)) = "GPL";
C
	"$(command -v clang-19 || command -v clang)" -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
		-c "$GEN_TMP/drop.c" -o "$GEN_TMP/drop.o" || fail "cannot compile the XDP_DROP program"
	ip netns add "$GEN_NS" &&
		ip link add "$GEN_RX" numrxqueues 2 numtxqueues 2 type veth peer "$GEN_TX" numrxqueues 2 numtxqueues 2 &&
		ip link set "$GEN_TX" netns "$GEN_NS" &&
		# No IPv6 autoconfiguration chatter: the receiver must count only the generator's frames.
		sysctl -qw net.ipv6.conf."$GEN_RX".disable_ipv6=1 &&
		ip netns exec "$GEN_NS" sysctl -qw net.ipv6.conf."$GEN_TX".disable_ipv6=1 &&
		ip addr add 198.18.1.2/24 dev "$GEN_RX" && ip link set "$GEN_RX" up &&
		ip -n "$GEN_NS" addr add 198.18.1.1/24 dev "$GEN_TX" && ip -n "$GEN_NS" link set "$GEN_TX" up &&
		ip -n "$GEN_NS" neigh replace 198.18.1.2 lladdr "$(cat /sys/class/net/$GEN_RX/address)" dev "$GEN_TX" \
			nud permanent &&
		ip link set dev "$GEN_RX" xdpdrv obj "$GEN_TMP/drop.o" sec xdp || fail "cannot build the gsend/grecv0 bed"
}

# XDP packets seen by rx queue Q of grecv0.
gen_rx_queue() { ethtool -S "$GEN_RX" | awk -v k="rx_queue_$1_xdp_packets:" '$1 == k { print $2 }'; }
# A key of the generator's machine-readable line: gen_key "$out" sent
gen_key() { sed -n 's/.*\b'"$2"'=\([^ ]*\).*/\1/p' <<<"$1" | tail -n 1; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	trap gen_bed_down EXIT
	gen_bed_up
	ip -n "$GEN_NS" link show "$GEN_TX" >/dev/null || fail "$GEN_TX missing"
	ip -d link show "$GEN_RX" | grep -q prog/xdp || fail "no XDP_DROP on $GEN_RX"
	gen_bed_down
	ip link show "$GEN_RX" >/dev/null 2>&1 && fail "$GEN_RX still there"
	exit 0
fi
