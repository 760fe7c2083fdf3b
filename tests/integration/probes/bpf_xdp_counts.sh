#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# XDP per-queue counts add up to the receiver's sysfs rx_packets delta, and match veth's own per-queue stats.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/bpf.sh"
bpf_debug_case 2
N=2000

bpf_debug_start -t 4
before=$(sysfs_stat "$BED_RECV" rx_packets)
declare -A q_before
for q in 0 1; do q_before[$q]=$(ethtool -S "$BED_RECV" 2>/dev/null | awk -v k="rx_queue_${q}_xdp_packets:" '$1 == k { print $2 }'); done
bed_send "$N" 9999 8
after=$(settled 10 sysfs_stat "$BED_RECV" rx_packets)
wait "$pid" || fail "debug command failed: $(cat "$out")"
cat "$out"

delta=$((after - before))
total=$(awk '/^queue / { for (i = 1; i <= NF; i++) if ($i ~ /^rx_packets=/) { split($i, kv, "="); s += kv[2] } } END { print s + 0 }' "$out")
info "sent $N, sysfs delta $delta, xdp total $total"
[ "$delta" -eq "$N" ] || fail "sysfs saw $delta packets, sent $N (bed not quiet?)"
[ "$total" -eq "$delta" ] || fail "XDP counted $total packets, sysfs rx_packets delta is $delta"

# Per queue: veth counts XDP packets per rx queue itself (ethtool -S), an independent per-queue reference.
for q in 0 1; do
	mine=$(awk -v q="queue=$q" '/^queue / && $3 == q { for (i = 1; i <= NF; i++) if ($i ~ /^rx_packets=/) { split($i, kv, "="); print kv[2] } }' "$out")
	ref_after=$(ethtool -S "$BED_RECV" 2>/dev/null | awk -v k="rx_queue_${q}_xdp_packets:" '$1 == k { print $2 }')
	if [ -n "${q_before[$q]}" ] && [ -n "$ref_after" ]; then
		ref=$((ref_after - q_before[$q]))
		info "queue $q: xdp $mine, veth rx_queue_${q}_xdp_packets delta $ref"
		[ "$mine" -eq "$ref" ] || fail "queue $q: rxtop counted $mine, veth counted $ref"
	fi
	[ "$mine" -gt 0 ] || fail "queue $q saw no packets: flows not spread?"
	# NAPI per queue: veth's native XDP path polls each rx queue through its own NAPI instance.
	napi=$(awk -v q="queue=$q" '/^queue / && $3 == q { for (i = 1; i <= NF; i++) if ($i ~ /^napi_packets=/) { split($i, kv, "="); print kv[2] } }' "$out")
	if grep -q '^xdp .*mode=native' "$out" && grep -Eq '^probe name=napi:napi_poll attach=(tp_btf|raw_tp|tracepoint)$' "$out"; then
		[ "$napi" -eq "$mine" ] || fail "queue $q: napi_packets $napi != rx_packets $mine"
	fi
done
echo "PASS"
