#!/bin/bash
# Not a test: dpdk-testpmd (rxonly) and `rxtop __stack dpdk` on the same af_xdp vdevs of the veth bed,
# each fed as fast as trafgen goes for SECONDS; prints pps by each tool's own count and by sysfs.
# Usage: tests/bench_dpdk.sh [SECONDS] [QUEUES]   (QUEUES: 0 or 0,1; default 0,1)
source "$(dirname "$0")/integration/stack_dpdk_bed.sh"
SECONDS_RUN=${1:-5}
QUEUES=${2:-0,1}
command -v dpdk-testpmd >/dev/null || skip "needs dpdk-testpmd (package dpdk-dev)"
dbed_need
[ "$QUEUES" = 0 ] && DBED_QUEUES=1
trap dbed_down EXIT
dbed_up

# The same layout for both tools: one af_xdp port per queue, main lcore floating, worker i on CPU
# i % nproc (rxtop's -c), so both see the same CPUs and the same contention.
vdevs=()
cpus=
lcores="0@(0-$(($(nproc) - 1)))"
i=0
for q in ${QUEUES//,/ }; do
	vdevs+=(--vdev "net_af_xdp$i,iface=$DBED_RX,start_queue=$q,queue_count=1")
	cpus+="${cpus:+,}$((i % $(nproc)))"
	lcores+=",$((i + 1))@$((i % $(nproc)))"
	i=$((i + 1))
done

# run_window: sender flat out for SECONDS_RUN; prints the sysfs rx_packets delta.
run_window() {
	local before
	before=$(dbed_rx_packets)
	dbed_send 0
	sleep "$SECONDS_RUN"
	dbed_send_stop
	sleep 0.3
	echo $(($(dbed_rx_packets) - before))
}

pps() { awk -v n="$1" -v s="$SECONDS_RUN" 'BEGIN { printf "%.0f", n / s }'; }

# testpmd: one lcore per port, like rxtop; its pool must fit the 512 MB we give both.
timeout -s INT 60 dpdk-testpmd --no-huge -m 512 --no-pci --no-shconf --no-telemetry \
	--file-prefix "rxtop-bench-$$" --lcores "$lcores" "${vdevs[@]}" -- --forward-mode=rxonly --stats-period 1 \
	--total-num-mbufs=16384 --nb-cores="$i" >"$DBED_DIR/testpmd" 2>&1 &
tp=$!
dbed_wait_xdp || { tail "$DBED_DIR/testpmd"; fail "testpmd attached no XDP program"; }
sleep 1
tp_sysfs=$(run_window)
kill -INT $tp
wait $tp
rm -rf "/var/run/dpdk/rxtop-bench-$$"
tp_count=$(grep -A1 'Accumulated forward statistics for all ports' "$DBED_DIR/testpmd" |
	sed -n 's/.*RX-packets: *\([0-9]*\).*/\1/p' | tail -1)
[ -n "$tp_count" ] || { tail -20 "$DBED_DIR/testpmd"; fail "no RX-packets total from testpmd"; }

"$RXTOP" __stack dpdk -i "$DBED_RX" -q "$QUEUES" -c "$cpus" --duration 600 >"$DBED_DIR/rxtop" 2>&1 &
rx=$!
dbed_wait_xdp || { cat "$DBED_DIR/rxtop"; fail "rxtop attached no XDP program"; }
sleep 1
rx_sysfs=$(run_window)
kill -INT $rx
wait $rx
rx_count=$(dbed_field packets <"$DBED_DIR/rxtop")
[ -n "$rx_count" ] || { cat "$DBED_DIR/rxtop"; fail "no packets= from rxtop"; }

printf '%-10s %12s %12s %12s\n' tool own_pps sysfs_pps own/sysfs
printf '%-10s %12s %12s %12s\n' testpmd "$(pps "$tp_count")" "$(pps "$tp_sysfs")" \
	"$(awk -v a="$tp_count" -v b="$tp_sysfs" 'BEGIN { printf "%.3f", b ? a / b : 0 }')"
printf '%-10s %12s %12s %12s\n' rxtop "$(pps "$rx_count")" "$(pps "$rx_sysfs")" \
	"$(awk -v a="$rx_count" -v b="$rx_sysfs" 'BEGIN { printf "%.3f", b ? a / b : 0 }')"
echo "rxtop line: $(cat "$DBED_DIR/rxtop")"
awk -v a="$rx_count" -v b="$tp_count" 'BEGIN { printf "ratio rxtop/testpmd (own counts): %.3f\n", b ? a / b : 0 }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (others' work skews both runs)"
