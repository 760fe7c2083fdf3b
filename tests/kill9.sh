#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# kill -9 at random moments of every rxtop command; 1 s later nothing of rxtop may remain: no process, no BPF
# program or link held by a process, attached to a lab device or pinned, no namespace but the lab's, no /dev/shm,
# hugepage or DPDK runtime file. Programs the kernel is still freeing are timed apart (see below).
# Usage: tests/kill9.sh [KILLS]   (default 50; KILLS env too). Run it as root under the lab lock. Exit 0 clean.
set -u
cd "$(dirname "$0")/.."
source tests/lib.sh
kills_wanted=${1:-${KILLS:-50}}
grace=${KILL9_GRACE:-1.0} # seconds after the kill until everything must be gone
max_delay_ms=${KILL9_MAX_DELAY_MS:-4000}
exe=$(realpath "$RXTOP")
log=$(mktemp -d /tmp/rxtop-kill9.XXXXXX)
at_exit 'rm -rf "$log"; lab_cleanup'
"$RXTOP" lab up >/dev/null || fail "rxtop lab up failed"

# BPF programs and links are not per network namespace: `bpftool prog show` lists those of every rxtop on the
# machine (other suites, other users, with the same program names). So this run's objects are found by who holds
# them, not by name: a program or link stays in the kernel only while something references it:
#   - an open file descriptor of a process (the program's own fd, or a link's) - seen in /proc/PID/fdinfo;
#   - a hook that holds it without a link: XDP on a device (netlink), a tc filter - checked on the lab's devices;
#   - a pin in bpffs - checked in /sys/fs/bpf (this mount namespace's). Only pinned objects count, not empty
#     directories: libxdp (the DPDK af_xdp PMD) makes /sys/fs/bpf/xdp for its lock and keeps it, on a normal
#     exit too, for every libxdp user of the machine;
#   - another BPF object (a map of programs) - itself held by one of the above.
# A process of this run is in this network namespace or a lab one, and started after this script (in the host's
# namespace, systemd and other daemons hold BPF programs of their own). So a program or link held by such a
# process (other than bpftool, which opens every program to list it), attached to a lab device or pinned is a
# leftover.
#
# What remains is the kernel's deferred freeing. A link's ID goes at its last close, but a link to a tracepoint
# drops its program only after an RCU grace period, and after an RCU-tasks-trace one when the tracepoint may
# fault (syscalls: btf_sys_enter and btf_sys_exit went last, 0.1-0.3 s after the others here). Such a
# program is detached and held by nothing; only its ID is still listed; rxtop cannot make the kernel free it any
# sooner. Those IDs (held by the killed family just before the kill) are reported as "being freed" with the time
# they took; they only count as a leftover if still listed after KILL9_FREE_LIMIT seconds.
free_limit=${KILL9_FREE_LIMIT:-10}

# This run's network namespaces: its own and the lab's (ip netns), as "net:[inode]" like /proc/PID/ns/net.
our_netns() {
	readlink /proc/$$/ns/net
	for n in /run/netns/*; do
		[ -e "$n" ] && echo "net:[$(stat -L -c %i "$n")]"
	done 2>/dev/null
}
# The processes in those namespaces started since this script, one pid a line. One ls, one cat and one awk for all
# of /proc, so a check stays fast on a loaded machine. The start is field 22 of /proc/PID/stat (clock ticks since
# boot), the 20th after the command name in parentheses; cat goes on past a process that has just gone.
script_started=$(awk '{ sub(/^.*\) /, ""); print $20 }' /proc/$$/stat)
pids_here() {
	ls -l /proc/[0-9]*/ns/net 2>/dev/null |
		awk 'NR == FNR { ours[$1] = 1; next } ($NF in ours) { split($(NF - 2), a, "/"); print a[3] }' <(our_netns) - |
		sed 's|.*|/proc/&/stat|' | xargs -r cat 2>/dev/null |
		awk -v since="$script_started" '{ pid = $1; sub(/^.*\) /, "") } $20 >= since { print pid }'
}
# "program|link ID PID" for every BPF program or link one of PIDS holds by fd (a link fd names its program too).
bpf_held_by() {
	local p
	for p in "$@"; do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = bpftool ] && continue
		grep -s -E '^(prog|link)_id:' /proc/"$p"/fdinfo/* |
			awk -F '[:[:space:]]+' -v p="$p" '{ print ($2 == "prog_id" ? "program" : "link"), $3, p }'
	done | sort -u
}
prog_ids_listed() { bpftool prog show 2>/dev/null | grep -oE '^[0-9]+:' | tr -d : | sort; }
pins_now() { find /sys/fs/bpf -mindepth 1 ! -type d 2>/dev/null | sort; }
pins_before=$(pins_now)

# What exists before any kill: only what appears later is rxtop's.
netns_before=$(ip netns list | awk '{ print $1 }' | sort)
files_now() { ls -d /dev/shm/* /dev/hugepages/* /var/run/dpdk/* 2>/dev/null | sort; }
files_before=$(files_now)

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
describe_pid() { # pid: what it is and where it waits
	echo "$1 ($(cat "/proc/$1/comm" 2>/dev/null), state $(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null), in $(cat "/proc/$1/wchan" 2>/dev/null; head -n 3 "/proc/$1/stack" 2>/dev/null | awk '{ printf " %s", $2 }')): $(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)"
}

# Every leftover on one line each; nothing printed when clean. Processes first: they are what goes last.
leftovers() {
	local p held here
	mapfile -t here < <(pids_here)
	held=$(bpf_held_by "${here[@]}")
	for p in $( (rxtop_pids; awk '{ print $3 }' <<<"$held") | sort -u); do
		[ -n "$p" ] && echo "process $(describe_pid "$p")"
	done
	[ -n "$held" ] && awk '{ print "bpf " $1 " " $2 " held by pid " $3 }' <<<"$held"
	ip -d link show dev rxlab0 2>/dev/null | grep -q 'prog/xdp' && echo "XDP program on rxlab0"
	ip netns exec rxtop-gen ip -d link show dev rxgen0 2>/dev/null | grep -q 'prog/xdp' &&
		echo "XDP program on rxgen0"
	[ -n "$(tc filter show dev rxlab0 ingress 2>/dev/null)" ] && echo "tc filter on rxlab0 ingress"
	comm -13 <(echo "$pins_before") <(pins_now) | sed 's/^/bpf pin /'
	comm -13 <(echo "$netns_before") <(ip netns list | awk '{ print $1 }' | sort) | sed 's/^/namespace /'
	comm -13 <(echo "$files_before") <(files_now) | sed 's/^/file /'
}

# Leaves a clean machine for the next kill after a leftover was found (the leftover still counts).
clean_up() {
	local here
	mapfile -t here < <(pids_here)
	(rxtop_pids; bpf_held_by "${here[@]}" | awk '{ print $3 }') | sort -u | xargs -r kill -9 2>/dev/null
	sleep 2
	ip link set dev rxlab0 xdp off 2>/dev/null
	ip netns exec rxtop-gen ip link set dev rxgen0 xdp off 2>/dev/null
	comm -13 <(echo "$files_before") <(files_now) | xargs -r rm -rf
	comm -13 <(echo "$pins_before") <(pins_now) | xargs -r rm -rf
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
	bench) "$RXTOP" bench --lab --out "$log/bench.$kills" >/dev/null 2>&1 & pid=$! ;;
	esac
}

kills=0 dirty=0
first=$((RANDOM % ${#targets[@]})) # a short run (the suite's) starts at a random command, so all get their turn
declare -A per_target slowest_of slowest_free_of
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }
later() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; } # a > b
while [ $kills -lt "$kills_wanted" ]; do
	target=${targets[$(((first + kills) % ${#targets[@]}))]}
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
	# The programs the family holds now: after the kill, those the kernel has not freed yet (see above).
	family_progs=$(bpf_held_by $family | awk '$1 == "program" { print $2 }' | sort -u)
	kill -9 "$pid"
	killed_at=$(date +%s.%N)
	kills=$((kills + 1))
	per_target[$target]=$((${per_target[$target]:-0} + 1))
	# How long until clean (for the report: when the first clean look ended), then the verdict: a look that
	# began after the grace time may find nothing (a look takes 0.1-0.5 s on a loaded machine). The killed
	# process is our child: once dead it is a zombie until the wait below, which rxtop_pids counts as gone.
	clean_after='' seen=''
	while :; do
		began=$(seconds_since "$killed_at")
		found=$(leftovers)
		elapsed=$(seconds_since "$killed_at")
		if [ -z "$found" ]; then
			clean_after=$elapsed
			break
		fi
		# What the last look before the clean one still saw, for the report.
		seen="; the look at ${began}-${elapsed} s saw $(head -n 1 <<<"$found" | cut -c 1-160)"
		[ "$(wc -l <<<"$found")" -gt 1 ] && seen+=" and $(($(wc -l <<<"$found") - 1)) more"
		later "$began" "$grace" && break
		sleep 0.05
	done
	# Clean: nothing holds the family's programs any more; the kernel frees their IDs after its grace periods.
	freed_after=
	while [ -n "$clean_after" ]; do
		being_freed=$(comm -12 <(echo "$family_progs") <(prog_ids_listed))
		elapsed=$(seconds_since "$killed_at")
		if [ -z "$being_freed" ]; then
			freed_after=$elapsed
			break
		fi
		if later "$elapsed" "$free_limit"; then
			found=$(sed 's/^/bpf program /; s/$/ listed, held by nothing here/' <<<"$being_freed")
			clean_after=
			break
		fi
		sleep 0.05
	done
	if [ -z "$clean_after" ]; then
		dirty=$((dirty + 1))
		echo "LEFTOVER after kill $kills ($target at ${delay_ms} ms), ${elapsed} s later:"
		sed 's/^/    /' <<<"$found"
		clean_up
	else
		echo "kill $kills: $target at ${delay_ms} ms: clean after ${clean_after} s (look begun at ${began} s), its programs freed by the kernel after ${freed_after} s$seen"
		later "$clean_after" "${slowest_of[$target]:--1}" && slowest_of[$target]=$clean_after
		later "$freed_after" "${slowest_free_of[$target]:--1}" && slowest_free_of[$target]=$freed_after
	fi
	wait 2>/dev/null # the killed process, and the script holder of top-live
done

for t in "${targets[@]}"; do
	echo "  $t: ${per_target[$t]:-0} kills, slowest clean-up ${slowest_of[$t]:-?} s, programs freed after ${slowest_free_of[$t]:-?} s at most"
done
echo "$kills kills, $dirty with leftovers after ${grace} s (programs being freed by the kernel: ${free_limit} s)"
[ $dirty -eq 0 ]
