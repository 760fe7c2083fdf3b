#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kill -9 of rxtop while its XDP program and traces are attached leaves nothing behind (BPF links die with it).
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/bpf.sh"
bed_need_debug_cmd
out=$(mktemp)
at_exit 'kill -9 "$pid" 2>/dev/null; rm -f "$out"'
bpf_bed_up 2

bpf_debug_start -t 60
ip -d link show dev "$BED_RECV" | grep -q 'prog/xdp' || fail "no XDP program on $BED_RECV while attached"
held=$(bpf_programs_of "$pid")
[ -n "$held" ] || fail "rxtop-dev __bpf holds no BPF program while attached"
kill -9 "$pid"
wait "$pid" 2>/dev/null
# Link release is asynchronous in the kernel; allow it a moment.
for _ in $(seq 30); do ip -d link show dev "$BED_RECV" | grep -q 'prog/xdp' || break; sleep 0.1; done
assert_no_xdp "$BED_RECV"
bpftool link show 2>/dev/null | grep -q "ifindex $(cat /sys/class/net/$BED_RECV/ifindex)" &&
	fail "a BPF link on $BED_RECV survived"
# The programs it held (its own, not another rxtop's on this machine) are freed once their last link goes, after
# an RCU grace period: on a busy host later than the XDP detach.
bpf_programs_gone "kill -9 of rxtop-dev __bpf" $held
info "held BPF programs $held, none remains"
echo "PASS"
