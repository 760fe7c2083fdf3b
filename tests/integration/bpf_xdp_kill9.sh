#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kill -9 of rxtop while its XDP program and traces are attached leaves nothing behind (BPF links die with it).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/bpf_bed.inc"
bed_need_debug_cmd
out=$(mktemp)
trap 'kill -9 "$pid" 2>/dev/null; bed_down; rm -f "$out"' EXIT
bed_up 2

"$RXTOP_DEV" __bpf -i "$BED_RECV" -t 60 >"$out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q '^ready' "$out" && break; sleep 0.1; done
grep -q '^ready' "$out" || fail "debug command did not attach: $(cat "$out")"
ip -d link show dev "$BED_RECV" | grep -q 'prog/xdp' || fail "no XDP program on $BED_RECV while attached"
kill -9 "$pid"
wait "$pid" 2>/dev/null
# Link release is asynchronous in the kernel; allow it a moment.
for _ in $(seq 30); do ip -d link show dev "$BED_RECV" | grep -q 'prog/xdp' || break; sleep 0.1; done
assert_no_xdp "$BED_RECV"
if command -v bpftool >/dev/null; then
	bpftool link show 2>/dev/null | grep -q "ifindex $(cat /sys/class/net/$BED_RECV/ifindex)" &&
		fail "a BPF link on $BED_RECV survived"
	# Programs are freed after an RCU grace period once their last link goes; on a busy host that took
	# longer than the XDP detach (CI saw the tracing programs still listed right after).
	for _ in $(seq 50); do
		bpftool prog show 2>/dev/null | grep -Eq 'name (rx_count|btf_[a-z_]+)\b' || break
		sleep 0.1
	done
	bpftool prog show 2>/dev/null | grep -Eq 'name (rx_count|btf_[a-z_]+)\b' &&
		fail "rxtop programs still loaded after kill -9: $(bpftool prog show | grep -E 'rx_count|btf_')"
fi
echo "PASS"
