#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Generator benchmark (make bench, not a test): trafgen vs rxtop gen, one CPU, 64-byte frames, same veth with XDP_DROP
# behind it; pps from the receiver's sysfs rx_packets, not from either tool. Usage: tests/bench/gen.sh [SECONDS]
source "${0%/bench*}/lib.sh"
source "$ROOT/tests/lib/gen.sh"
SECONDS_EACH=${1:-5}
WARMUP=0.5
pgid=
GEN_TMP=$(mktemp -d)
at_exit '[ -n "$pgid" ] && kill -KILL -- "-$pgid" 2>/dev/null; rm -rf "$GEN_TMP"'
command -v trafgen >/dev/null || fail "trafgen (netsniff-ng) is not installed: make deps-dev"
gen_bed_up

# Receiver pps over the middle of a run: warm up, then count for SECONDS_EACH - WARMUP.
measure() { # command... ; runs it in its own process group, prints pps
	setsid "$@" >/dev/null 2>&1 &
	pgid=$!
	sleep "$WARMUP"
	local p0 t0 p1 t1
	p0=$(sysfs_stat "$BED_RECV" rx_packets) t0=$(date +%s%N)
	sleep "$(awk -v a="$SECONDS_EACH" -v b="$WARMUP" 'BEGIN { print a - b }')"
	p1=$(sysfs_stat "$BED_RECV" rx_packets) t1=$(date +%s%N)
	# trafgen -P N forks workers that outlive a signal to the parent alone: stop the whole group.
	kill -INT -- "-$pgid" 2>/dev/null
	for _ in $(seq 30); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL -- "-$pgid" 2>/dev/null
	wait "$pgid" 2>/dev/null
	pgid=
	awk -v n=$((p1 - p0)) -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f\n", n * 1e9 / ns }'
}

dst_mac=$BED_RECV_MAC src_mac=$BED_SEND_MAC
cat >"$GEN_TMP/udp64.trafgen" <<EOF2
{
  eth(da=$dst_mac, sa=$src_mac),
  ipv4(saddr=198.18.1.1, daddr=198.18.1.2, ttl=64, df),
  udp(sport=10000, dport=9000),
  fill(0x00, 22)
}
EOF2

trafgen_pps=$(measure ip netns exec "$BED_NS" trafgen --dev "$BED_SEND" --conf "$GEN_TMP/udp64.trafgen" --cpus 1 -C)
xdp_pps=$(measure "$RXTOP" gen "${GEN_ARGS[@]}" --size 64 --threads 1 --engine xdp)
packet_pps=$(measure "$RXTOP" gen "${GEN_ARGS[@]}" --size 64 --threads 1 --engine packet)
multi_pps=$(measure "$RXTOP" gen "${GEN_ARGS[@]}" --size 64)

printf '%-34s %12s\n' "generator (64-byte frames)" "rx pps"
printf '%-34s %12s\n' "trafgen --cpus 1" "$trafgen_pps"
printf '%-34s %12s\n' "rxtop gen --threads 1 (xdp)" "$xdp_pps"
printf '%-34s %12s\n' "rxtop gen --threads 1 (packet)" "$packet_pps"
printf '%-34s %12s\n' "rxtop gen ($(nproc) CPUs, default)" "$multi_pps"
awk -v r="$xdp_pps" -v t="$trafgen_pps" -v p="$packet_pps" 'BEGIN {
	printf "ratio rxtop/trafgen (1 CPU, xdp) = %.2f (target >= 1.2); packet engine = %.2f\n", r / t, p / t }'

# Pacing (moved here from the gen_rate test): --rate 100k for 3 s, achieved over asked, per engine; targets
# 0.99-1.01 (packet) and 0.97-1.03 (xdp: a BPF_PROG_TEST_RUN call can sleep ~24 ms on some hosts, docs/generator.md).
for engine in packet xdp; do
	out=$(timeout 30 "$RXTOP" gen "${GEN_ARGS[@]}" --engine "$engine" --rate 100k --duration 3) || fail "$engine: gen failed"
	pps=$(field pps <<<"$out")
	awk -v p="$pps" -v e="$engine" 'BEGIN { r = p / 100000; lo = e == "packet" ? 0.99 : 0.97; hi = 2 - lo
		printf "pacing %-6s --rate 100k: %.0f pps, ratio %.3f (target %.2f-%.2f)%s\n", e, p, r, lo, hi,
			r >= lo && r <= hi ? "" : "  OFF TARGET" }'
done

# Pacing smoothness at a set rate (the bench budget; tests/integration/gen/gen_burst.sh only checks the hard bound):
# p99 of frames per millisecond over their mean, per engine, 300 kpps for 3 s. Target: packet <= 1.5.
printf '%-34s %10s %10s %10s\n' "paced 300 kpps, 3 s" "p99/mean" "max/mean" "late"
for engine in packet xdp; do
	out=$("$RXTOP" gen "${GEN_ARGS[@]}" --size 64 --engine "$engine" --rate 300k --duration 3 2>/dev/null | tail -n 1)
	printf '%-34s %10s %10s %10s\n' "rxtop gen --engine $engine" "$(field burst_p99_ratio <<<"$out")" \
		"$(field burst_max_ratio <<<"$out")" "$(field late <<<"$out")"
	[ "$engine" = packet ] && packet_p99=$(field burst_p99_ratio <<<"$out")
done
awk -v r="$packet_p99" 'BEGIN { printf "packet engine p99/mean at 300 kpps = %s (target <= 1.5)\n", r }'
