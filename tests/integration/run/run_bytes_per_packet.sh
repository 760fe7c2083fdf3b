#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Every UDP stack counts the same bytes per packet: the UDP payload, what a socket hands to the application. rxtop
# run on the lab with 200-byte frames (14 Ethernet + 20 IPv4 + 8 UDP + 158 payload): each stack's rx_bytes is exactly
# 158 x its rx_packets, not the whole 200-byte frame (an easy slip for afxdp and dpdk, which see the frame).
# STACKS may add dpdk entries.
# The stacks without a DPDK PMD run as phases of one `rxtop run` (one start-up instead of one per stack); each
# dpdk entry runs on its own, as it needs its --dpdk-pmd.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/run.sh"
TMP=$(mktemp -d)
at_exit 'rm -rf "$TMP"'

stacks=${STACKS:-recvfrom,recvmmsg,epoll,iouring,afxdp,dpdk:af_xdp,dpdk:af_packet}
payload=$((200 - 42))
phases='' runs=()
for entry in ${stacks//,/ }; do
	if [ "${entry%%:*}" = dpdk ]; then
		if "$RXTOP" run dpdk --help 2>&1 | grep -q "unknown or unavailable stack"; then
			info "$entry: rxtop was built without DPDK"
			continue
		fi
		runs+=("$entry")
	else
		phases=${phases:+$phases,}$entry
	fi
done
[ -n "$phases" ] && runs=("$phases" "${runs[@]}")

# check_stack LAST_LINE STACK ENTRY: the stack's own counts on the run's last line (it lists every phase's stack).
check_stack() {
	python3 - "$1" "$2" "$3" "$payload" <<'PY' || fail "$3: see above"
import json, sys
s = json.loads(sys.argv[1]); name, entry, payload = sys.argv[2], sys.argv[3], int(sys.argv[4])
st = [x for x in s["stacks"] if x["stack"] == name]
assert len(st) == 1, f"{entry}: {len(st)} entries for {name} on the last line"
packets, nbytes = st[0]["rx_packets"], st[0]["rx_bytes"]
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
}

for run in "${runs[@]}"; do
	pmd=
	[ "${run%%:*}" = dpdk ] && pmd="--dpdk-pmd ${run#*:}"
	run_rxtop "$TMP/out" "$TMP/err" run "${run%%:*}" $pmd --lab -b -o json -d 1 --duration 2 --gen-rate 20000 \
		--gen-size 200 --gen-engine packet --rcvbuf 8388608 || { rc=$?; cat "$TMP/err"; fail "rxtop run $run exited $rc"; }
	if [ -n "$pmd" ]; then
		check_stack "$(tail -n 1 "$TMP/out")" dpdk "$run"
	else
		for stack in ${run//,/ }; do check_stack "$(tail -n 1 "$TMP/out")" "$stack" "$stack"; done
	fi
done
exit 0
