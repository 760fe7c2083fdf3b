#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kill -9 at random moments of every rxtop command; 1 s later nothing of rxtop may remain: no process, no BPF
# program or link, no XDP/tc attachment, no namespace but the lab's, no /dev/shm, hugepage or DPDK runtime file.
# Usage: tests/kill9.sh [KILLS]   (default 50; KILLS env too). Run it as root under the lab lock. Exit 0 clean.
set -u
cd "$(dirname "$0")/.."
source tests/lib.sh
kills_wanted=${1:-${KILLS:-50}}
grace=${KILL9_GRACE:-1.0} # seconds after the kill until everything must be gone
max_delay_ms=${KILL9_MAX_DELAY_MS:-4000}
exe=$(realpath "$RXTOP")
log=$(mktemp -d /tmp/rxtop-kill9.XXXXXX)
trap 'rm -rf "$log"; lab_cleanup' EXIT

[ "$(id -u)" -eq 0 ] || skip "needs root"
"$RXTOP" lab up >/dev/null || fail "rxtop lab up failed"

# The names of rxtop's BPF programs (15 characters, as the kernel keeps them), and libxdp's for AF_XDP.
prog_names=$(for o in .output/*.bpf.o; do llvm-readelf-19 -sW "$o" | awk '$4 == "FUNC" && $5 == "GLOBAL" { print substr($8, 1, 15) }'; done | sort -u)
prog_regex="name ($(echo $prog_names xdp_dispatcher xsk_def_prog | tr ' ' '|'))( |$)"

# What exists before any kill: only what appears later is rxtop's.
netns_before=$(ip netns list | awk '{ print $1 }' | sort)
files_now() { ls -d /dev/shm/* /dev/hugepages/* /var/run/dpdk/* 2>/dev/null | sort; }
files_before=$(files_now)
links_now() { bpftool link show 2>/dev/null | grep -oE '^[0-9]+:' | sort; }
links_before=$(links_now)
# Programs of an earlier run may still be on their way out: only new ones count.
progs_now() { bpftool prog show 2>/dev/null | grep -E "$prog_regex" | grep -oE '^[0-9]+:' | sort; }
progs_before=$(progs_now)

# rxtop's processes, alive (zombies awaiting their reaper are gone): one pid a line. One ls for all of /proc, so
# a check stays fast on a loaded machine.
# The killed process and its descendants (family, taken just before the kill) count too: a process that is
# exiting has released its memory, so /proc/PID/exe no longer reads, while it still closes its files.
family=
descendants() { # pid: it and all below it
	ps -e -o pid=,ppid= | awk -v root="$1" '{ parent[$1] = $2 } END {
		keep[root] = 1; do { n = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; n++ } } while (n)
		for (p in keep) print p }'
}
rxtop_pids() {
	local p
	for p in $( (ls -l /proc/[0-9]*/exe 2>/dev/null | awk -v e="$exe" '$NF == e { split($(NF - 2), a, "/"); print a[3] }'; echo $family | tr ' ' '\n') | sort -u); do
		[ "$(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null)" = Z ] || [ ! -e "/proc/$p" ] || echo "$p"
	done
}

# Every leftover on one line each; nothing printed when clean. Processes first: they are what goes last.
leftovers() {
	local p
	for p in $(rxtop_pids); do
		echo "process $p ($(cat "/proc/$p/comm" 2>/dev/null), state $(awk '{ print $3 }' "/proc/$p/stat" 2>/dev/null), in $(cat "/proc/$p/wchan" 2>/dev/null; head -n 3 "/proc/$p/stack" 2>/dev/null | awk '{ printf " %s", $2 }')): $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)"
	done
	comm -13 <(echo "$progs_before") <(progs_now) | sed 's/^/bpf program /'
	comm -13 <(echo "$links_before") <(links_now) | sed 's/^/bpf link /'
	ip -d link show dev rxlab0 2>/dev/null | grep -q 'prog/xdp' && echo "XDP program on rxlab0"
	ip netns exec rxtop-gen ip -d link show dev rxgen0 2>/dev/null | grep -q 'prog/xdp' &&
		echo "XDP program on rxgen0"
	[ -n "$(tc filter show dev rxlab0 ingress 2>/dev/null)" ] && echo "tc filter on rxlab0 ingress"
	comm -13 <(echo "$netns_before") <(ip netns list | awk '{ print $1 }' | sort) | sed 's/^/namespace /'
	comm -13 <(echo "$files_before") <(files_now) | sed 's/^/file /'
}

# Leaves a clean machine for the next kill after a leftover was found (the leftover still counts).
clean_up() {
	rxtop_pids | xargs -r kill -9 2>/dev/null
	sleep 2
	ip link set dev rxlab0 xdp off 2>/dev/null
	ip netns exec rxtop-gen ip link set dev rxgen0 xdp off 2>/dev/null
	comm -13 <(echo "$files_before") <(files_now) | xargs -r rm -rf
	"$RXTOP" lab up >/dev/null 2>&1
}

probes=(--event-probes always --bpf-stats always)
targets=(top-live top-batch run-afxdp run-dpdk run-iouring run-epoll run-recvmmsg run-recvfrom gen doctor)
if "$RXTOP" bench --help >/dev/null 2>&1; then
	targets+=(bench)
else
	info "rxtop bench --help does not exit 0: bench is left out"
fi

# start_target NAME: starts it in the background; sets pid (the rxtop process to kill).
start_target() {
	local holder
	case $1 in
	top-live) # the TUI needs a terminal: script gives it one; rxtop is script's child
		script -qfec "stty rows 40 cols 150; exec $RXTOP --lab -d 0.1 ${probes[*]}" /dev/null \
			</dev/null >/dev/null 2>&1 &
		holder=$!
		pid=
		for _ in $(seq 50); do
			pid=$(pgrep -P $holder -x rxtop) && break
			sleep 0.02
		done
		;;
	top-batch) "$RXTOP" --lab -b -o json -d 0.1 "${probes[@]}" >/dev/null 2>&1 & pid=$! ;;
	run-*) "$RXTOP" run "${1#run-}" --lab -b -d 0.1 --duration 10 "${probes[@]}" >/dev/null 2>&1 & pid=$! ;;
	gen) "$RXTOP" --lab gen --duration 30 >/dev/null 2>&1 & pid=$! ;;
	doctor) "$RXTOP" doctor -i rxlab0 -d 5 >/dev/null 2>&1 & pid=$! ;;
	bench) "$RXTOP" bench --lab >/dev/null 2>&1 & pid=$! ;;
	esac
}

kills=0 dirty=0 slowest=0
declare -A per_target slowest_of
while [ $kills -lt "$kills_wanted" ]; do
	target=${targets[$((kills % ${#targets[@]}))]}
	delay_ms=$((50 + RANDOM % max_delay_ms))
	start_target "$target"
	if [ -z "$pid" ]; then
		fail "$target did not start"
	fi
	sleep "$(awk -v ms=$delay_ms 'BEGIN { printf "%.3f", ms / 1000 }')"
	if ! kill -0 "$pid" 2>/dev/null; then
		info "$target had exited before ${delay_ms} ms; again"
		wait 2>/dev/null
		continue
	fi
	family=$(descendants "$pid" | tr '\n' ' ')
	kill -9 "$pid"
	killed_at=$(date +%s.%N)
	kills=$((kills + 1))
	per_target[$target]=$((${per_target[$target]:-0} + 1))
	# How long until clean (for the report), then the verdict at the grace time. The killed process is our
	# child: once dead it is a zombie until the wait below, which rxtop_pids counts as gone.
	clean_after=
	while :; do
		now=$(date +%s.%N)
		elapsed=$(awk -v a="$killed_at" -v b="$now" 'BEGIN { printf "%.2f", b - a }')
		found=$(leftovers)
		if [ -z "$found" ]; then
			clean_after=$elapsed
			break
		fi
		awk -v e="$elapsed" -v g="$grace" 'BEGIN { exit !(e > g) }' && break
		sleep 0.05
	done
	if [ -z "$clean_after" ]; then
		dirty=$((dirty + 1))
		echo "LEFTOVER after kill $kills ($target at ${delay_ms} ms), ${elapsed} s later:"
		sed 's/^/    /' <<<"$found"
		clean_up
	else
		echo "kill $kills: $target at ${delay_ms} ms: clean after ${clean_after} s"
		awk -v a="$clean_after" -v b="${slowest_of[$target]:-0}" 'BEGIN { exit !(a > b) }' &&
			slowest_of[$target]=$clean_after
	fi
	wait 2>/dev/null # the killed process, and the script holder of top-live
done

for t in "${targets[@]}"; do
	echo "  $t: ${per_target[$t]:-0} kills, slowest clean-up ${slowest_of[$t]:-?} s"
done
echo "$kills kills, $dirty with leftovers after ${grace} s"
[ $dirty -eq 0 ]
