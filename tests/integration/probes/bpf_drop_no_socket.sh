#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# UDP to a closed port shows up as the kernel's skb drop reason (NO_SOCKET) with exactly the number sent.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/bpf.sh"
bpf_debug_case 2
N=777
# The name comes from the kernel's BTF, like rxtop's: no hard-coded enum.
want=NO_SOCKET
bpftool btf dump file /sys/kernel/btf/vmlinux format c 2>/dev/null | grep -q 'SKB_DROP_REASON_NO_SOCKET' ||
	skip "this kernel has no SKB_DROP_REASON_NO_SOCKET"

# --no-xdp: drops must be seen on the plain stack path too.
bpf_debug_start -t 3 --no-xdp
ss -uln | grep -q ':9999 ' && skip "something listens on UDP 9999"
bed_send "$N" 9999 4
wait "$pid" || fail "debug command failed: $(cat "$out")"
cat "$out"
grep -q '^probe name=skb:kfree_skb attach=missing' "$out" && skip "skb:kfree_skb is missing on this kernel"
got=$(awk -v r="reason=$want" '$1 == "drop" && $2 == "where=stack" && $3 == r { split($4, kv, "="); print kv[2] }' "$out")
[ -n "$got" ] || fail "no drop row where=stack reason=$want"
[ "$got" -eq "$N" ] || fail "reason $want counted $got, sent $N"
echo "PASS"
