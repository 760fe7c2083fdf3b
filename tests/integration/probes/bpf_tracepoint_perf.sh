#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Classic-tracepoint probes leave the event to other perf users: perf stat beside rxtop still counts every drop.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/bpf.sh"
bed_need_debug_cmd
command -v perf >/dev/null || fail "perf is not installed (make deps-dev)"
out=$(mktemp) perf_out=$(mktemp) mounted=0
at_exit 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$out" "$perf_out"
	[ "$mounted" = 1 ] && umount /sys/kernel/tracing' 
pid=
# perf needs tracefs for the event id; mount it for the case when nobody has.
if [ ! -d /sys/kernel/tracing/events/skb ]; then
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null && mounted=1
fi
perf stat -e skb:kfree_skb -a -x, -- true >/dev/null 2>&1 || skip "perf cannot count skb:kfree_skb here"
bpf_bed_up 2
N=500

RXTOP_TRACE_ATTACH=tracepoint bpf_debug_start -t 6 --no-xdp
ss -uln | grep -q ':9999 ' && skip "something listens on UDP 9999"

# perf counts system-wide: other drops on the host only add to its count, never take from it.
perf stat -e skb:kfree_skb -a -x, -o "$perf_out" -- sleep 3 &
perf_pid=$!
sleep 1
bed_send "$N" 9999 4
wait "$perf_pid" || skip "perf stat failed: $(cat "$perf_out")"
wait "$pid" || fail "debug command failed: $(cat "$out")"
pid=
cat "$out"
grep -q '^probe name=skb:kfree_skb attach=tracepoint$' "$out" || skip "skb:kfree_skb did not attach as tracepoint"
ours=$(awk '$1 == "drop" && $2 == "where=stack" && $3 == "reason=NO_SOCKET" { split($4, kv, "="); print kv[2] }' "$out")
theirs=$(awk -F, '$3 ~ /skb:kfree_skb/ { print $1 }' "$perf_out")
info "rxtop NO_SOCKET=$ours perf skb:kfree_skb=$theirs (sent $N)"
[[ $theirs =~ ^[0-9]+$ ]] || skip "perf could not count: $(cat "$perf_out")"
[ "${ours:-0}" -eq "$N" ] || fail "rxtop counted ${ours:-0} drops, sent $N"
[ "$theirs" -ge "$N" ] || fail "perf counted $theirs kfree_skb beside rxtop, at least $N happened: the probe hid them"
echo "PASS"
