#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Not a test: rxtop's receivers against `dpdk-testpmd --forward-mode=rxonly` on the lab's rxlab0, all fed by
# rxtop's generator flat out for SECONDS, on the same cores, RUNS (default 5) runs each, alternating; prints each
# run, the medians of their own counts with their spread (min-max), and the ratios (target >= 1.0):
#   PMD=af_xdp (default): rxtop dpdk / testpmd and rxtop afxdp / testpmd, on the same net_af_xdp vdevs;
#   PMD=af_packet:        rxtop dpdk --dpdk-pmd af_packet / testpmd on net_af_packet.
# rxtop reads bursts of 32 like testpmd's default, so both make the same calls; RXTOP_DPDK_OPTS adds options to
# rxtop dpdk. On net_af_xdp all three have the same rings: rx 1024 and 2048 frames posted to the fill ring (the PMD
# posts a fixed 2048 and rxtop dpdk gives it an rx ring of 1024; rxtop afxdp runs with --ring-size 1024).
# Counting program: none; all three run libxdp's xsk_def_prog (afxdp with --xdp-program libxdp; AFXDP_PROGRAM=rxtop
# puts rxtop's counter in front of afxdp alone). Printed at the end.
# The generator's own rate in each window is printed too: a receiver that gets all of it is bound by the sender.
# Usage: tests/bench/dpdk.sh [SECONDS] [QUEUES]   (QUEUES: 0 or 0,1; default 0,1)
source "${0%/bench*}/lib.sh"
# Without arguments and PMD: both PMDs, 1 queue (0) and 2 queues (0,1), then each tool's 2-queue / 1-queue ratio.
if [ $# -eq 0 ] && [ -z "${PMD:-}" ]; then
	status=0 all=
	for pmd in af_xdp af_packet; do
		for q in 0 0,1; do
			out=$(PMD=$pmd "$0" 3 "$q") || status=1
			echo "$out"
			all+=$'\n'$(grep '^median ' <<<"$out")
		done
	done
	awk '$1 == "median" { pps[$2 " " $3 " " $4] = $5; key[$2 " " $3] = 1 }
		END { for (k in key) { split(k, a, " "); one = pps[k " 0"]; two = pps[k " 0,1"];
			printf "%-8s on net_%-9s 2 queues / 1 queue: %.3f (%d / %d pps)\n", a[1], a[2], one ? two / one : 0, two, one } }' <<<"$all"
	exit $status
fi
SECONDS_RUN=${1:-5}
QUEUES=${2:-0,1}
RUNS=${RUNS:-5}
PMD=${PMD:-af_xdp}
command -v dpdk-testpmd >/dev/null || fail "needs dpdk-testpmd (make deps-dev)"
"$RXTOP" run dpdk --help 2>&1 | grep -q "unknown or unavailable stack" && fail "rxtop was built without DPDK (make deps)"
TMP=$(mktemp -d)
tool=
at_exit 'kill $tool 2>/dev/null; rm -rf "$TMP" "/var/run/dpdk/rxtop-bench-$$"; lab_cleanup'
"$RXTOP" lab up >/dev/null || fail "lab up"

# The same layout for every tool: one af_xdp port per queue, main lcore floating. With fewer queues than CPUs the
# workers take the last CPUs and the generator (its sending thread pinned, and veth's receive work with it) the
# ones before: a busy-polling worker that shares the sender's core is time-sliced with it, and the rate then
# measures the scheduler (issue 14: 1 queue shared CPU 0 with the generator's thread; ~140 kpps, against ~1 Mpps
# apart). With as many queues as CPUs they share, and the report says so.
vdevs=()
cpus=
lcores="0@(0-$(($(nproc) - 1)))"
nq=$(tr ',' '\n' <<<"$QUEUES" | grep -c .)
first_worker=0 gen_cpus=
if [ "$nq" -lt "$(nproc)" ]; then
	first_worker=$(($(nproc) - nq))
	gen_cpus=0-$((first_worker - 1))
fi
i=0
for q in ${QUEUES//,/ }; do
	[ "$PMD" = af_xdp ] && vdevs+=(--vdev "net_af_xdp$i,iface=rxlab0,start_queue=$q,queue_count=1,busy_budget=0")
	cpu=$(((first_worker + i) % $(nproc)))
	cpus+="${cpus:+,}$cpu"
	lcores+=",$((i + 1))@$cpu"
	i=$((i + 1))
done
# The packet engine (AF_PACKET) sends smoothly; the xdp engine's BPF_PROG_TEST_RUN calls stall for milliseconds
# on this kind of host and deliver in clumps of thousands of frames, which a receiver's ring of 1024 would be
# blamed for. GEN_ENGINE=xdp picks it anyway.
gen=("$RXTOP" --lab gen --engine "${GEN_ENGINE:-packet}" --threads 1)
[ -n "$gen_cpus" ] && gen=(taskset -c "$gen_cpus" "${gen[@]}")
# The rx ring rxtop dpdk gives each queue: on net_af_xdp half the PMD's 2048 posted frames (docs/stacks-dpdk.md),
# on net_af_packet --ring-size (2048).
rxd=2048
[ "$PMD" = af_xdp ] && rxd=1024
# af_packet: one port with a queue pair per queue (a fanout group), as rxtop dpdk --dpdk-pmd af_packet makes it.
[ "$PMD" = af_packet ] && vdevs+=(--vdev "net_af_packet0,iface=rxlab0,qpairs=$i,framecnt=2048")

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
	"${gen[@]}" --duration "$SECONDS_RUN" >"$TMP/gen" 2>&1 || { cat "$TMP/gen" >&2; fail "generator"; }
	sleep 0.3
	kill -INT $tool
	wait $tool
}

# testpmd without -i waits for Enter and stops forwarding at end of input: its stdin stays open.
run_testpmd() { # prints the packets testpmd received
	wait_free
	timeout -s INT 60 stdbuf -oL dpdk-testpmd --no-huge -m 512 --no-pci --no-shconf --no-telemetry \
		--file-prefix "rxtop-bench-$$" --lcores "$lcores" "${vdevs[@]}" -- --forward-mode=rxonly \
		--total-num-mbufs=16384 --nb-cores="$i" --rxd="$rxd" --disable-link-check >"$TMP/testpmd" 2>&1 < <(sleep 600) &
	tool=$!
	if [ "$PMD" = af_xdp ]; then
		wait_xdp || { tail "$TMP/testpmd" >&2; fail "testpmd attached no XDP program"; }
	else
		wait_started "$TMP/testpmd" 'Press enter to exit' || { tail "$TMP/testpmd" >&2; fail "testpmd did not start"; }
	fi
	window
	rm -rf "/var/run/dpdk/rxtop-bench-$$"
	grep -A1 'Accumulated forward statistics for all ports' "$TMP/testpmd" |
		sed -n 's/.*RX-packets: *\([0-9]*\).*/\1/p' | tail -1
}

# wait_started FILE PATTERN: until FILE shows PATTERN (at most 30 s). testpmd's stdout is a file, so it runs under
# stdbuf -oL: block-buffered, its 'Press enter to exit' stayed in the buffer and net_af_packet never "started";
# --disable-link-check skips its wait of up to 9 s per port.
wait_started() {
	for _ in $(seq 300); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

run_rxtop() { # STACK: prints the packets rxtop's dpdk (or afxdp) stack received
	local opts="--batch 32 ${RXTOP_DPDK_OPTS:-}"
	[ "$1" = afxdp ] && opts="--ring-size $rxd --xdp-program ${AFXDP_PROGRAM:-libxdp}"
	[ "$1" = dpdk ] && opts+=" --dpdk-pmd $PMD"
	wait_free
	"$RXTOP_DEV" __stack "$1" -i rxlab0 -q "$QUEUES" -c "$cpus" --duration 600 $opts >"$TMP/rxtop" 2>&1 &
	tool=$!
	wait_started "$TMP/rxtop" "^rxtop: $1 on" || { cat "$TMP/rxtop" >&2; fail "rxtop $1 did not start"; }
	window
	sed -n 's/.* packets=\([0-9]*\).*/\1/p' "$TMP/rxtop"
}

stats() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { printf "%d %d %d", v[int((NR + 1) / 2)], v[1], v[NR] }'; }

tools="testpmd dpdk"
[ "$PMD" = af_xdp ] && tools+=" afxdp"
declare -A runs_of=() sent_of=()
for run in $(seq "$RUNS"); do
	line="run $run:"
	for t in $tools; do
		if [ "$t" = testpmd ]; then
			n=$(run_testpmd) || exit 1
			[[ $n =~ ^[0-9]+$ ]] || { tail -20 "$TMP/testpmd"; fail "no RX-packets total from testpmd"; }
		else
			n=$(run_rxtop "$t") || exit 1
			[[ $n =~ ^[0-9]+$ ]] || { cat "$TMP/rxtop"; fail "no packets= from rxtop $t"; }
		fi
		runs_of[$t]+=" $n"
		sent=$(sed -n 's/.*sent=\([0-9]*\).*/\1/p' "$TMP/gen" | tail -1)
		sent_of[$t]+=" ${sent:-0}"
		line+=" $t $((n / SECONDS_RUN)) pps (sender $((${sent:-0} / SECONDS_RUN)) pps);"
	done
	echo "$line"
done
echo "PMD net_$PMD, queues $QUEUES, workers on CPUs $cpus, generator (${GEN_ENGINE:-packet} engine) on CPUs" \
	"${gen_cpus:-$cpus, shared with the workers}, $RUNS runs of $SECONDS_RUN s each"
printf '%-10s %12s %25s %18s\n' tool median_pps "spread (min-max pps)" "sender median pps"
for t in $tools; do
	read -r m lo hi <<<"$(stats <<<"${runs_of[$t]}")"
	read -r sm _ _ <<<"$(stats <<<"${sent_of[$t]}")"
	printf '%-10s %12d %25s %18d\n' "$t" $((m / SECONDS_RUN)) "($((lo / SECONDS_RUN))-$((hi / SECONDS_RUN)))" \
		$((sm / SECONDS_RUN))
	# Within 2 % of what the generator sent: the sender, not the receiver, set this rate.
	[ "$sm" -gt 0 ] && [ $((m * 100)) -ge $((sm * 98)) ] && echo "  $t: received what the sender sent (sender-bound)"
	echo "median $t $PMD $QUEUES $((m / SECONDS_RUN))"
	declare "med_$t=$m"
done
for t in $tools; do
	[ "$t" = testpmd ] && continue
	m=med_$t
	awk -v a="${!m}" -v b="$med_testpmd" -v t="$t" -v p="$PMD" \
		'BEGIN { printf "ratio rxtop %s / testpmd rxonly on net_%s (medians of own counts): %.3f\n", t, p, b ? a / b : 0 }'
done
if [ "$PMD" = af_xdp ] && [ "${AFXDP_PROGRAM:-libxdp}" = rxtop ]; then
	echo "counting program: only afxdp (rxtop's XDP counter); testpmd and rxtop dpdk: libxdp's xsk_def_prog"
elif [ "$PMD" = af_xdp ]; then
	echo "counting program: none; testpmd, rxtop dpdk and rxtop afxdp all run libxdp's xsk_def_prog"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (others' work skews every tool)"
