#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Probe status names each probe with its live attach type, for the preferred and each forced fallback mode.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/bpf.sh"
bed_need_debug_cmd
out=$(mktemp)
tracefs_before=$(grep -c ' /sys/kernel/tracing ' /proc/mounts)
at_exit 'rm -f "$out"'
bpf_bed_up 1
# Typedef names of the kernel's tracepoints, read once (the BTF dump is large).
typedefs=$(bpftool btf dump file /sys/kernel/btf/vmlinux 2>/dev/null | grep -o "TYPEDEF 'btf_trace_[a-z0-9_]*'")
probes="xdp:xdp_exception xdp:xdp_redirect_err xdp:xdp_redirect_map_err skb:kfree_skb napi:napi_poll"

for mode in default raw_tp tracepoint; do
	if [ "$mode" = default ]; then
		"$RXTOP" __bpf -i "$BED_RECV" -t 0 --no-xdp >"$out" 2>&1 || fail "default: $(cat "$out")"
		want=tp_btf
		[ -r /sys/kernel/btf/vmlinux ] || want=raw_tp
	else
		RXTOP_TRACE_ATTACH=$mode "$RXTOP" __bpf -i "$BED_RECV" -t 0 --no-xdp >"$out" 2>&1 || fail "$mode: $(cat "$out")"
		want=$mode
	fi
	info "$mode:"; grep '^probe' "$out"
	for p in $probes; do
		cat=${p%%:*} name=${p#*:}
		line=$(grep "^probe name=$p " "$out") || fail "$mode: no status for $p"
		# The kernel has the tracepoint iff its BTF has the btf_trace_ typedef (or tracefs lists it).
		if grep -qx "TYPEDEF 'btf_trace_$name'" <<<"$typedefs" ||
			[ -d "/sys/kernel/tracing/events/$cat/$name" ]; then
			[ "$line" = "probe name=$p attach=$want" ] || fail "$mode: '$line', want attach=$want"
		else
			[ "$line" = "probe name=$p attach=missing" ] || fail "$mode: '$line', want attach=missing"
		fi
	done
done
# Whatever rxtop mounted for classic tracepoints it unmounted again.
[ "$(grep -c ' /sys/kernel/tracing ' /proc/mounts)" -eq "$tracefs_before" ] || fail "tracefs mount left behind"
echo "PASS"
