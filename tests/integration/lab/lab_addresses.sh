#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# lab up gives both ends their addresses, brings them (and lo in rxtop-gen) up, with static neighbours and GRO on rxlab0.
source "${0%/integration/*}/lib.sh"
at_exit lab_cleanup
lab_cleanup

timeout 20 "$RXTOP" lab up --queues 2 || fail "lab up exited $?"
in_ns() { ip netns exec rxtop-gen "$@"; }

ip -4 -br addr show dev rxlab0 | grep -q '198\.18\.0\.2/24' || fail "rxlab0 lacks 198.18.0.2/24: $(ip -br addr show dev rxlab0)"
in_ns ip -4 -br addr show dev rxgen0 | grep -q '198\.18\.0\.1/24' || fail "rxgen0 lacks 198.18.0.1/24"
[ "$(cat /sys/class/net/rxlab0/operstate)" = up ] || fail "rxlab0 is not up"
[ "$(in_ns cat /sys/class/net/rxgen0/operstate)" = up ] || fail "rxgen0 is not up"
in_ns ip link show lo | grep -q '<.*UP.*>' || fail "lo is not up in rxtop-gen"

gen_mac=$(in_ns cat /sys/class/net/rxgen0/address)
lab_mac=$(cat /sys/class/net/rxlab0/address)
ip neigh show dev rxlab0 198.18.0.1 | grep -q "$gen_mac PERMANENT" || fail "no permanent neighbour 198.18.0.1 -> $gen_mac on rxlab0"
in_ns ip neigh show dev rxgen0 198.18.0.2 | grep -q "$lab_mac PERMANENT" || fail "no permanent neighbour 198.18.0.2 -> $lab_mac on rxgen0"

ethtool -k rxlab0 | grep -q '^generic-receive-offload: on' || fail "GRO is off on rxlab0"
if [ -e /proc/sys/net/ipv6 ]; then
	[ "$(cat /proc/sys/net/ipv6/conf/rxlab0/disable_ipv6)" = 1 ] || fail "IPv6 is on for rxlab0"
fi

out=$("$RXTOP" lab status) || fail "lab status exited $?"
info "$out"
grep -q '^lab: up' <<<"$out" || fail "status does not say the lab is up"
grep -q '198\.18\.0\.2/24' <<<"$out" || fail "status lacks rxlab0's address"
grep -q '198\.18\.0\.1/24' <<<"$out" || fail "status lacks rxgen0's address"
grep -q 'no xdp program' <<<"$out" || fail "status does not report the absent XDP program"

# An attached XDP program shows by id (only when this iproute2 can load the lab's own object).
obj=$ROOT/.output/rx_xdp.bpf.o
if [ -f "$obj" ] && ip link set dev rxlab0 xdpgeneric obj "$obj" sec xdp 2>/dev/null; then
	id=$(ip -d link show dev rxlab0 | grep -o 'prog/xdp id [0-9]*' | head -n1 | grep -o '[0-9]*$')
	[ -n "$id" ] || fail "ip does not show the XDP program it attached"
	"$RXTOP" lab status | grep -q "xdp prog id $id" || fail "status does not show XDP program $id"
	ip link set dev rxlab0 xdpgeneric off
	info "status showed XDP program $id"
fi
exit 0
