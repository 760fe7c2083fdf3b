#!/bin/bash
# Not a test: `rxtop __stack dpdk` against `dpdk-testpmd --forward-mode=rxonly` on the same af_xdp vdevs of the
# lab's rxlab0, both fed by rxtop's generator flat out for SECONDS; three runs each, alternating, and the ratio of
# the medians of their own counts (target >= 1.0). rxtop reads bursts of 32 like testpmd's default, so both
# make the same calls; RXTOP_DPDK_OPTS adds options to rxtop's side.
# Usage: tests/bench_dpdk.sh [SECONDS] [QUEUES]   (QUEUES: 0 or 0,1; default 0,1)
source "$(dirname "$0")/lib.sh"
SECONDS_RUN=${1:-5}
QUEUES=${2:-0,1}
RUNS=${RUNS:-3}
command -v dpdk-testpmd >/dev/null || skip "needs dpdk-testpmd (package dpdk-dev)"
"$RXTOP" run dpdk --help 2>&1 | grep -q "unknown or unavailable stack" && skip "rxtop was built without DPDK"
TMP=$(mktemp -d)
tool=
trap 'kill $tool 2>/dev/null; rm -rf "$TMP" "/var/run/dpdk/rxtop-bench-$$"; lab_cleanup' EXIT
"$RXTOP" lab up >/dev/null || fail "lab up"

# The same layout for both tools: one af_xdp port per queue, main lcore floating, worker i on CPU i % nproc.
vdevs=()
cpus=
lcores="0@(0-$(($(nproc) - 1)))"
i=0
for q in ${QUEUES//,/ }; do
	vdevs+=(--vdev "net_af_xdp$i,iface=rxlab0,start_queue=$q,queue_count=1")
	cpus+="${cpus:+,}$((i % $(nproc)))"
	lcores+=",$((i + 1))@$((i % $(nproc)))"
	i=$((i + 1))
done

# The lab is shared: start a tool only when no other program is on rxlab0 (up to 60 s).
wait_free() {
	for _ in $(seq 300); do
		"$RXTOP" lab up >/dev/null 2>&1
		ip -d link show dev rxlab0 | grep -q 'prog/xdp' || return 0
		sleep 0.2
	done
	fail "rxlab0 stayed busy with another XDP program"
}

wait_xdp() {
	for _ in $(seq 100); do
		ip -d link show dev rxlab0 | grep -q 'prog/xdp' && return 0
		sleep 0.1
	done
	return 1
}

# One window: the generator flat out for SECONDS_RUN while the tool (already started, pid $tool) receives.
window() {
	sleep 1
	"$RXTOP" --lab gen --duration "$SECONDS_RUN" >"$TMP/gen" 2>&1 || { cat "$TMP/gen" >&2; fail "generator"; }
	sleep 0.3
	kill -INT $tool
	wait $tool
}

# testpmd without -i waits for Enter and stops forwarding at end of input: its stdin stays open.
run_testpmd() { # prints the packets testpmd received
	wait_free
	timeout -s INT 60 dpdk-testpmd --no-huge -m 512 --no-pci --no-shconf --no-telemetry \
		--file-prefix "rxtop-bench-$$" --lcores "$lcores" "${vdevs[@]}" -- --forward-mode=rxonly \
		--total-num-mbufs=16384 --nb-cores="$i" >"$TMP/testpmd" 2>&1 < <(sleep 600) &
	tool=$!
	wait_xdp || { tail "$TMP/testpmd" >&2; fail "testpmd attached no XDP program"; }
	window
	rm -rf "/var/run/dpdk/rxtop-bench-$$"
	grep -A1 'Accumulated forward statistics for all ports' "$TMP/testpmd" |
		sed -n 's/.*RX-packets: *\([0-9]*\).*/\1/p' | tail -1
}

run_rxtop() { # prints the packets rxtop's dpdk stack received
	wait_free
	"$RXTOP" __stack dpdk -i rxlab0 -q "$QUEUES" -c "$cpus" --duration 600 --batch 32 ${RXTOP_DPDK_OPTS:-} >"$TMP/rxtop" 2>&1 &
	tool=$!
	wait_xdp || { cat "$TMP/rxtop" >&2; fail "rxtop attached no XDP program"; }
	window
	sed -n 's/.* packets=\([0-9]*\).*/\1/p' "$TMP/rxtop"
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

tp_runs= rx_runs=
for run in $(seq "$RUNS"); do
	tp=$(run_testpmd) || exit 1
	[[ $tp =~ ^[0-9]+$ ]] || { tail -20 "$TMP/testpmd"; fail "no RX-packets total from testpmd"; }
	rx=$(run_rxtop) || exit 1
	[[ $rx =~ ^[0-9]+$ ]] || { cat "$TMP/rxtop"; fail "no packets= from rxtop"; }
	echo "run $run: testpmd $((tp / SECONDS_RUN)) pps, rxtop $((rx / SECONDS_RUN)) pps ($(grep -o 'sent=[0-9]*' "$TMP/gen"))"
	tp_runs+=" $tp" rx_runs+=" $rx"
done
tp=$(median <<<"$tp_runs")
rx=$(median <<<"$rx_runs")
printf '%-10s %12s\n' tool median_pps
printf '%-10s %12s\n' testpmd "$((tp / SECONDS_RUN))" rxtop "$((rx / SECONDS_RUN))"
awk -v a="$rx" -v b="$tp" 'BEGIN { printf "ratio rxtop dpdk / testpmd rxonly (medians of own counts): %.3f\n", b ? a / b : 0 }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (others' work skews both)"
