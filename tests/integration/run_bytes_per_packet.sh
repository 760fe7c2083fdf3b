#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every UDP stack counts the same bytes per packet: the UDP payload, what a socket hands to the application. rxtop
# run on the lab with 200-byte frames (14 Ethernet + 20 IPv4 + 8 UDP + 158 payload): each stack's rx_bytes is exactly
# 158 x its rx_packets. (afxdp and dpdk used to count the whole 200-byte frame.) STACKS may add dpdk entries.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/run_lab.inc"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

stacks=${STACKS:-recvfrom,recvmmsg,epoll,iouring,afxdp,dpdk:af_xdp,dpdk:af_packet}
payload=$((200 - 42))
for entry in ${stacks//,/ }; do
	stack=${entry%%:*}
	pmd=
	[ "$entry" != "$stack" ] && pmd="--dpdk-pmd ${entry#*:}"
	if [ "$stack" = dpdk ] && "$RXTOP" run dpdk --help 2>&1 | grep -q "unknown or unavailable stack"; then
		info "$entry: rxtop was built without DPDK"
		continue
	fi
	run_rxtop "$TMP/out" "$TMP/err" run "$stack" $pmd --lab -b -o json -d 1 --duration 2 --gen-rate 20000 \
		--gen-size 200 --gen-engine packet --rcvbuf 8388608 || { rc=$?; cat "$TMP/err"; fail "rxtop run $entry exited $rc"; }
	python3 - "$(tail -n 1 "$TMP/out")" "$stack" "$entry" "$payload" <<'PY' || fail "$entry: see above"
import json, sys
s = json.loads(sys.argv[1]); name, entry, payload = sys.argv[2], sys.argv[3], int(sys.argv[4])
st = [x for x in s["stacks"] if x["stack"] == name][0]
packets, nbytes = st["rx_packets"], st["rx_bytes"]
print(f"# {entry}: {packets} packets, {nbytes} bytes, {nbytes / max(packets, 1):.2f} bytes per packet")
assert packets > 1000, f"{entry} received only {packets}"
if entry == "dpdk:af_packet":
    # A packet socket also sees the kernel's own frames on rxlab0 (the ICMP port-unreachable replies to the
    # datagrams no socket takes, outgoing): packets with no UDP payload, 0 bytes each.
    other = packets - nbytes // payload
    print(f"# {entry}: {other} frames that are not the generator's datagrams")
    assert nbytes % payload == 0 and 0 <= other <= packets // 100, f"{entry}: {nbytes} bytes, {packets} packets"
else:
    assert nbytes == payload * packets, f"{entry}: {nbytes} bytes for {packets} packets, want {payload} each"
PY
done
exit 0
