#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# dpdk-testpmd rxonly on net_af_xdp, run as rxtop bench runs it (bench_reference_run): of N frames the lab
# generator sent at a paced rate, testpmd's own count (its accumulated RX-packets on exit) plus what the kernel
# dropped at its AF_XDP sockets (ss's XDP_DIAG stats: rx dropped + rx queue full) is exactly N. Its rx pps over
# the measured window is > 0 and within what it counted. Afterwards, and after kill -9 of the caller, nothing
# remains: no testpmd, no XDP program on rxlab0, no EAL files of its prefix. testpmd-af_packet runs and cleans
# up the same way (its PMD reports no kernel drops, so only rx <= sent is checked there).
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/bench_reference.sh"
ref_need
at_exit ref_down
CORES=$(($(nproc) >= 2 ? 2 : 1))
SENT=100000
RATE=25000
# The queues testpmd polls must be all the lab has: a frame on another queue would go to the kernel stack.
ref_lab_up $CORES

# veth's per-queue drops on rxlab0, summed (ethtool -S rx_queue_N_drops).
veth_drops() { ethtool -S rxlab0 | awk '/rx_queue_[0-9]+_drops:/ { n += $2 } END { print n + 0 }'; }

ref_start testpmd-af_xdp $CORES 10
ref_wait_forwarding
drops_before=$(veth_drops)
timeout 60 "$RXTOP" gen -i rxgen0 --netns rxtop-gen --count $SENT --rate $RATE >"$REF_DIR/gen.out" 2>&1 ||
	{ cat "$REF_DIR/gen.out"; fail "the lab generator failed"; }
sleep 0.5 # drained: testpmd polls its rings continuously
drops=$(($(veth_drops) - drops_before))
ref_wait_probe
sent=$(field sent "$REF_DIR/gen.out")
log=$(echo "$REF_DIR"/reference-testpmd-af_xdp-*.log)
rx=$(grep -A1 'Accumulated forward statistics' "$log" | sed -n 's/.*RX-packets: *\([0-9]*\).*/\1/p')
missed=$(grep -A1 'Accumulated forward statistics' "$log" | sed -n 's/.*RX-dropped: *\([0-9]*\).*/\1/p')
pps=$(field rx_pps "$REF_DIR/probe.out")
info "$CORES queues: generator sent=$sent; testpmd rx=$rx rx-dropped=$missed; sockets dropped $drops; window $pps pps"
[ "$sent" = $SENT ] || fail "the generator sent $sent, not $SENT: $(tail -n 1 "$REF_DIR/gen.out")"
[ -n "$rx" ] || fail "no accumulated statistics in testpmd's output: $(tail -n 5 "$log")"
[ $((rx + drops)) -eq "$sent" ] || fail "testpmd counted $rx + the sockets dropped $drops != $sent sent"
[ "$missed" -le "$drops" ] || fail "testpmd's RX-dropped $missed exceeds the sockets' drops $drops"
[ -n "$pps" ] && awk -v p="$pps" -v rx="$rx" -v s=10 'BEGIN { exit !(p > 0 && p * s <= rx * 1.01) }' ||
	fail "rx_pps $pps is not within (0, $rx / 10 s]"
ref_assert_clean

# af_packet: the same process handling; its PMD reads no PACKET_STATISTICS, so rx is only bounded by sent.
rm -f "$REF_DIR"/reference-*.log
tx_before=$(sysfs_stat rxlab0 tx_packets) rx_before=$(sysfs_stat rxlab0 rx_packets)
ref_start testpmd-af_packet $CORES 4
ref_wait_forwarding
timeout 60 "$RXTOP" gen -i rxgen0 --netns rxtop-gen --count 20000 --rate $RATE >"$REF_DIR/gen.out" 2>&1 ||
	fail "the lab generator failed"
ref_wait_probe
rx=$(grep -A1 'Accumulated forward statistics' "$REF_DIR"/reference-testpmd-af_packet-*.log |
	sed -n 's/.*RX-packets: *\([0-9]*\).*/\1/p')
# A packet socket sees all rxlab0 receives (IPv6 neighbour discovery too, not only the generator's) and what it
# sends (the kernel's ICMP port-unreachable replies): testpmd's count is bounded by both together.
tx=$(($(sysfs_stat rxlab0 tx_packets) - tx_before)) rxd=$(($(sysfs_stat rxlab0 rx_packets) - rx_before))
info "af_packet: sent 20000, rxlab0 received $rxd and sent $tx, testpmd rx=$rx, $(cat "$REF_DIR/probe.out")"
[ -n "$rx" ] && [ "$rx" -gt 0 ] && [ "$rx" -le $((rxd + tx)) ] ||
	fail "af_packet: testpmd counted '$rx', more than rxlab0's $rxd received + $tx sent"
ref_assert_clean

# The caller is killed while testpmd forwards: testpmd dies with it, its janitor detaches the PMD's program.
rm -f "$REF_DIR"/reference-*.log
ref_start testpmd-af_xdp $CORES 30
ref_wait_forwarding
kill -9 "$REF_PROBE"
wait "$REF_PROBE" 2>/dev/null
REF_PROBE=
ref_assert_clean
info "nothing left after kill -9 of the caller"
exit 0
