#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# rxtop reads a DPDK application it did not write through its telemetry socket: dpdk-testpmd rxonly on a
# net_af_packet vdev (one port, two queues), watched with `rxtop -p PID`, and on net_af_xdp vdevs (one port per
# queue, as veth needs), watched with `rxtop --dpdk-telemetry PATH`. After the lab generator's frames, rxtop's
# per-queue counts equal testpmd's own per-stream counts (printed at exit) and its per-port counts equal the port
# statistics testpmd prints, within 1 %; the process row's rx_packets is the ports' sum, and each port has its
# imissed, rx_nombuf and ierrors rows in the drop ledger. (veth may drop frames before the PMD sees them when the
# machine is busy: both sides count only what reached the ports.)
source "${0%/integration/*}/lib.sh"
command -v dpdk-testpmd >/dev/null || fail "needs dpdk-testpmd (make deps-dev)"
command -v jq >/dev/null || skip "needs jq"
PREFIX=rxtop-tel-$$
DIR=$(mktemp -d /tmp/rxtop-tel.XXXXXX)
TESTPMD=
SENT=10000
stop_testpmd() {
	[ -n "$TESTPMD" ] || return 0
	kill -INT "$TESTPMD" 2>/dev/null
	# SIGINT: testpmd stops forwarding, prints its totals and closes its ports (the af_xdp PMD detaches).
	for ((i = 0; i < 100; i++)); do kill -0 "$TESTPMD" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$TESTPMD" 2>/dev/null
	wait "$TESTPMD" 2>/dev/null
	TESTPMD=
}
cleanup() {
	stop_testpmd
	lab_cleanup
	rm -rf "$DIR" "/var/run/dpdk/$PREFIX"
}
at_exit cleanup
lab_cleanup
"$RXTOP" lab up --queues 2 >/dev/null || fail "rxtop lab up --queues 2"

# start_testpmd VDEV...: testpmd rxonly with one forwarding lcore polling every queue, telemetry on (the default).
start_testpmd() {
	local vdevs=() rxq=$1
	shift
	for v in "$@"; do vdevs+=(--vdev="$v"); done
	# Emptied here, not by the background job's redirection: that may come after the first look below.
	rm -f "$DIR/testpmd.log"
	dpdk-testpmd --lcores=0@0,1@$(($(nproc) - 1)) --no-huge -m 256 --no-pci --file-prefix=$PREFIX "${vdevs[@]}" -- \
		--forward-mode=rxonly --nb-cores=1 --rxq="$rxq" --txq="$rxq" --total-num-mbufs=16384 --no-mlockall \
		--stats-period=1 >"$DIR/testpmd.log" 2>&1 &
	TESTPMD=$!
	for ((i = 0; i < 150; i++)); do
		grep -qs "NIC statistics for port" "$DIR/testpmd.log" && return 0
		kill -0 "$TESTPMD" 2>/dev/null || break
		sleep 0.1
	done
	tail -n 15 "$DIR/testpmd.log"
	fail "testpmd did not start forwarding"
}

send() {
	timeout 20 "$RXTOP" gen -i rxgen0 --netns rxtop-gen --count $SENT --rate 25000 >"$DIR/gen.out" 2>&1 ||
		{ cat "$DIR/gen.out"; fail "the lab generator failed"; }
	sleep 0.3 # testpmd polls continuously: its rings are empty by now
}

# wait_round: testpmd printed another --stats-period round: one taken after the traffic and rxtop's reading.
wait_round() {
	local n0 i
	n0=$(grep -c "NIC statistics for port 0" "$DIR/testpmd.log")
	for ((i = 0; i < 40; i++)); do
		[ "$(grep -c "NIC statistics for port 0" "$DIR/testpmd.log")" -gt "$n0" ] && return 0
		sleep 0.1
	done
	fail "testpmd printed no statistics round for 4 s"
}

# testpmd's own counts: "PORT QUEUE RX" per forwarding stream from its totals at exit (printed when a port has
# several queues), "PORT - RX" per port from its last statistics round (the port's counters, as the
# application reads them with rte_eth_stats_get).
testpmd_counts() {
	awk '/Forward Stats for RX Port=/ { split($0, a, /Port= *|\/Queue= *| -> /); p = a[2] + 0; q = a[3] + 0; next }
	     /RX-packets:/ && q != "" { print p, q, $2; q = "" }' "$DIR/testpmd.log"
	awk '/NIC statistics for port/ { p = $6; next }
	     /RX-packets:/ && p != "" { rx[p] = $2; p = "" }
	     END { for (p in rx) print p, "-", rx[p] }' "$DIR/testpmd.log"
}

# compare JSON: every queue within 1 % of testpmd's stream, every port within 1 % of testpmd's port; each of them
# received something (nothing equals nothing, and proves nothing).
compare() {
	local json=$1 port queue rx ours n=0
	while read -r port queue rx; do
		if [ "$queue" = - ]; then
			ours=$(jq -r --argjson p "$port" '.processes[0].dpdk.ports[] | select(.port == $p) | .rx_packets' "$json")
		else
			ours=$(jq -r --argjson p "$port" --argjson q "$queue" \
				'.processes[0].dpdk.ports[] | select(.port == $p) | .queues[$q].rx_packets' "$json")
		fi
		info "port $port queue $queue: testpmd $rx, rxtop $ours"
		[ -n "$ours" ] && [ "$ours" != null ] || fail "rxtop has no count for port $port queue $queue"
		within "$ours" "$rx" 1 ||
			fail "port $port queue $queue: rxtop counted $ours, testpmd $rx (more than 1 % apart)"
		n=$((n + 1))
	done < <(testpmd_counts)
	[ $n -ge "$2" ] || fail "testpmd printed $n counts, not $2: $(tail -n 5 "$DIR/testpmd.log")"
}

# check_row JSON PID PORTS QUEUES: the process row and its drop rows.
check_row() {
	jq -e --argjson pid "$2" --argjson ports "$3" --argjson queues "$4" '
		.processes[0] as $p | $p.pid == $pid and $p.dpdk.connected and ($p.dpdk.ports | length) == $ports
		and ([$p.dpdk.ports[].queues | length] | add) == $queues
		and $p.rx_packets == ([$p.dpdk.ports[].rx_packets] | add)
		and all($p.dpdk.ports[]; .rx_packets == ([.queues[].rx_packets] | add))
		and ([.drops[] | select(.where == "dpdk" and (.reason | endswith(":pid=\($pid):port=0")) and .in_ledger)]
		     | map(.reason | split(":")[0]) | sort) == ["ierrors", "imissed", "rx_nombuf"]' "$1" >/dev/null ||
		fail "process row or drop rows wrong: $(jq -c '{p: .processes[0].dpdk, rx: .processes[0].rx_packets,
			drops: [.drops[] | select(.where == "dpdk")]}' "$1")"
}

# end_phase NAME PORTS QUEUES COUNTS FIELDS: once rxtop's reading of testpmd is in $DIR/last.json: testpmd's next
# statistics round, testpmd stopped, each port's FIELDS (a jq object body) printed, the process row checked (PORTS
# ports, QUEUES queues) and rxtop's counts compared with testpmd's (at least COUNTS of them).
end_phase() {
	local pid=$TESTPMD
	wait_round
	stop_testpmd
	info "$1: $(jq -c ".processes[0].dpdk.ports[] | {$5}" "$DIR/last.json")"
	check_row "$DIR/last.json" "$pid" "$2" "$3"
	compare "$DIR/last.json" "$4"
}

# af_packet: one port with two queues, found from the pid alone.
start_testpmd 2 "net_af_packet0,iface=rxlab0,qpairs=2,framecnt=2048"
send
timeout 15 "$RXTOP" -b -o json -n 1 -d 0.3 -p $TESTPMD >"$DIR/rxtop.jsonl" || fail "rxtop -p $TESTPMD exited $?"
tail -n 1 "$DIR/rxtop.jsonl" >"$DIR/last.json"
end_phase af_packet 1 2 3 "port, name, rx_packets, queues: [.queues[].rx_packets]"
# The line with a dpdk object validates against the published schema (Debian's python3-jsonschema).
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	/usr/bin/python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' \
		"$ROOT/docs/rxtop-lines.schema.json" "$DIR/last.json" || fail "the JSON line does not validate"
fi

# af_xdp: one port per queue (veth has no combined channels), through the socket's path.
start_testpmd 1 "net_af_xdp0,iface=rxlab0,start_queue=0,queue_count=1" \
	"net_af_xdp1,iface=rxlab0,start_queue=1,queue_count=1"
send
timeout 15 "$RXTOP" -b -o json -n 1 --dpdk-telemetry "/var/run/dpdk/$PREFIX/dpdk_telemetry.v2" \
	>"$DIR/last.json" || fail "rxtop --dpdk-telemetry exited $?"
end_phase af_xdp 2 2 2 "port, name, rx_packets, imissed"
assert_no_xdp rxlab0
exit 0
