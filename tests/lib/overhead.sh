# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the tests/integration/overhead/overhead_*.sh cases (sourced after tests/lib.sh; not a case itself).
# A case: build the workload, start it blocked on a fifo, start rxtop's overhead probes (and perf), then trigger one
# burst of known work; every counter's window then encloses the whole burst, so the sources must agree.

OVH_DIR=$(mktemp -d /tmp/rxtop-overhead.XXXXXX)
OVH_PIDS=()
OVH_MOUNTED_TRACEFS=0

ovh_cleanup() {
	exec 3>&- 2>/dev/null
	for p in "${OVH_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${OVH_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	[ "$OVH_MOUNTED_TRACEFS" = 1 ] && umount /sys/kernel/tracing 2>/dev/null
	rm -rf "$OVH_DIR"
}
at_exit ovh_cleanup

# The probes' developer entry, as the tests drive it.
ovh_command() {
	OVH_CMD=("$RXTOP_DEV" __overhead)
}

# workload MODE ARG [ARG2]: on each byte on stdin do the work once, then print "done". Modes:
#   syscalls N  N getppid() calls;  sleep N  N sleeps of 1 ms;  spin MS  busy for MS ms;  forever  spins until killed;
#   paced N MS  N getppid() calls each millisecond for MS ms, paced by absolute deadlines (clock_nanosleep, one more
#               syscall a millisecond), then "done CALLS SECONDS": the calls made (both kinds) and the time they took
ovh_build_workload() {
	cat >"$OVH_DIR/workload.c" <<'CEOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 0;
	char c;
	if (argc > 1 && !strcmp(argv[1], "forever"))
		for (volatile unsigned long i = 0;; i++);
	while (read(0, &c, 1) == 1) {
		if (!strcmp(argv[1], "syscalls"))
			for (long i = 0; i < n; i++) getppid();
		else if (!strcmp(argv[1], "sleep"))
			for (long i = 0; i < n; i++) { struct timespec ms = { 0, 1000000 }; nanosleep(&ms, NULL); }
		else if (!strcmp(argv[1], "spin"))
			for (double end = now() + n / 1e3; now() < end;);
		else if (!strcmp(argv[1], "paced")) {
			long ms = atol(argv[3]), calls = 0;
			double start = now();
			struct timespec t;
			clock_gettime(CLOCK_MONOTONIC, &t);
			for (long i = 0; i < ms; i++) {
				for (long k = 0; k < n; k++, calls++) getppid();
				if ((t.tv_nsec += 1000000) >= 1000000000) { t.tv_nsec -= 1000000000; t.tv_sec++; }
				clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
				calls++;
			}
			printf("done %ld %.6f\n", calls, now() - start);
			fflush(stdout);
			continue;
		}
		if (write(1, "done\n", 5) != 5) return 1;
	}
	return 0;
}
CEOF
	gcc -O1 -o "$OVH_DIR/workload" "$OVH_DIR/workload.c" || fail "cannot compile the workload (gcc)"
}

# ovh_start_workload [taskset prefix...] -- MODE ARG: starts it blocked on the fifo; sets OVH_WORKLOAD_PID.
ovh_start_workload() {
	local prefix=()
	while [ "$1" != "--" ]; do prefix+=("$1"); shift; done
	shift
	mkfifo "$OVH_DIR/go"
	"${prefix[@]}" "$OVH_DIR/workload" "$@" <"$OVH_DIR/go" >"$OVH_DIR/workload.out" &
	OVH_WORKLOAD_PID=$!
	OVH_PIDS+=("$OVH_WORKLOAD_PID")
	exec 3>"$OVH_DIR/go"
}

# ovh_start_probes PID SECONDS: rxtop's overhead probes on PID (after the pids in OVH_FIRST_PIDS, tracked in that
# order), returns once they count.
ovh_start_probes() {
	local first=()
	for p in ${OVH_FIRST_PIDS:-}; do first+=(-p "$p"); done
	"${OVH_CMD[@]}" "${first[@]}" -p "$1" -d "$2" >"$OVH_DIR/overhead.out" 2>"$OVH_DIR/overhead.err" &
	OVH_PROBES_PID=$!
	OVH_PIDS+=("$OVH_PROBES_PID")
	for _ in $(seq 100); do
		grep -q '^ready' "$OVH_DIR/overhead.out" 2>/dev/null && return 0
		kill -0 "$OVH_PROBES_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$OVH_DIR/overhead.err" >&2
	fail "rxtop-dev __overhead did not become ready"
}

# ovh_burst: triggers the workload once and waits (at most 20 s) until it has done the work.
ovh_burst() {
	printf g >&3
	for _ in $(seq 200); do
		grep -q done "$OVH_DIR/workload.out" && return 0
		sleep 0.1
	done
	fail "the workload did not finish its burst"
}

# ovh_finish_probes: ends the probes' window now and waits for their report.
ovh_finish_probes() {
	kill -INT "$OVH_PROBES_PID" 2>/dev/null
	wait "$OVH_PROBES_PID" || fail "rxtop-dev __overhead failed: $(cat "$OVH_DIR/overhead.err")"
	cat "$OVH_DIR/overhead.out"
}

# ovh_value PID KEY: a "pid PID KEY VALUE" line of the report.
ovh_value() {
	awk -v p="$1" -v k="$2" '$1 == "pid" && $2 == p && $3 == k { print $4 }' "$OVH_DIR/overhead.out"
}

# ovh_proc_switches PID voluntary|nonvoluntary: sum over /proc/PID/task/*/status.
ovh_proc_switches() {
	cat /proc/"$1"/task/*/status 2>/dev/null | awk -v k="$2_ctxt_switches:" '$1 == k { s += $2 } END { print s + 0 }'
}

# perf needs tracefs for the event; mounts it (and unmounts on exit) when missing.
ovh_need_perf() {
	command -v perf >/dev/null || fail "perf is not installed (make deps-dev)"
	if [ ! -d /sys/kernel/tracing/events/raw_syscalls ]; then
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null && OVH_MOUNTED_TRACEFS=1
	fi
	perf stat -e raw_syscalls:sys_enter -x, -- true >/dev/null 2>&1 || skip "perf cannot count raw_syscalls:sys_enter here"
}

# The syscall case, in the attach mode given (empty: rxtop's own choice): rxtop's count of the workload's syscalls
# against perf's over windows that both enclose one burst of N getppid() calls. With "no-row" as the second
# argument, idle processes tracked before the workload take every syscall_counts row (RX_OVERHEAD_ROWS, 8), so the
# workload's syscalls count in the syscall_stats hash instead.
ovh_syscall_case() {
	local mode=$1 n=100000 perf_count ours getppid
	ovh_command
	ovh_need_perf
	ovh_build_workload
	if [ "${2:-}" = no-row ]; then
		OVH_FIRST_PIDS=
		for _ in $(seq 8); do
			sleep 120 &
			OVH_PIDS+=($!)
			OVH_FIRST_PIDS+=" $!"
		done
	fi
	ovh_start_workload -- syscalls $n
	RXTOP_OVERHEAD_ATTACH=$mode ovh_start_probes "$OVH_WORKLOAD_PID" 60
	if [ -n "$mode" ]; then
		grep -q "^probe raw_syscalls:sys_enter $mode\$" "$OVH_DIR/overhead.out" ||
			fail "sys_enter not attached as $mode: $(grep sys_enter "$OVH_DIR/overhead.out")"
	fi
	perf stat -e raw_syscalls:sys_enter -x, -o "$OVH_DIR/perf.out" -p "$OVH_WORKLOAD_PID" -- sleep 5 &
	local perf_pid=$!
	OVH_PIDS+=("$perf_pid")
	sleep 1.5
	ovh_burst
	wait "$perf_pid" || skip "perf stat failed: $(cat "$OVH_DIR/perf.out")"
	ovh_finish_probes >/dev/null
	perf_count=$(awk -F, '$3 ~ /raw_syscalls:sys_enter/ { print $1 }' "$OVH_DIR/perf.out")
	[[ $perf_count =~ ^[0-9]+$ ]] || skip "perf could not count: $(cat "$OVH_DIR/perf.out")"
	ours=$(ovh_value "$OVH_WORKLOAD_PID" syscalls)
	getppid=$(awk -v p="$OVH_WORKLOAD_PID" '$1 == "pid" && $2 == p && $3 == "syscall" && $4 == "getppid" { print $5 }' \
		"$OVH_DIR/overhead.out")
	info "mode=${mode:-auto} perf sys_enter=$perf_count rxtop syscalls=$ours rxtop getppid=$getppid (burst $n)"
	[ "${getppid:-0}" -eq "$n" ] || fail "getppid counted $getppid, the workload made $n"
	within "$ours" "$perf_count" 1 || fail "rxtop counted $ours syscalls, perf $perf_count: more than 1 % apart"
}

# The switch case: rxtop's count of kind (voluntary|involuntary) switches against the deltas of /proc/PID/task/*/status
# over one burst. Extra arguments go before the workload (e.g. taskset -c 0 -- spin 1500).
ovh_switch_case() {
	local kind=$1 proc_kind before after ours
	shift
	[ "$kind" = voluntary ] && proc_kind=voluntary || proc_kind=nonvoluntary
	ovh_command
	ovh_build_workload
	ovh_start_workload "$@"
	ovh_start_probes "$OVH_WORKLOAD_PID" 60
	before=$(ovh_proc_switches "$OVH_WORKLOAD_PID" "$proc_kind")
	ovh_burst
	sleep 0.3 # the workload blocks on the fifo again: that switch lands in both windows
	after=$(ovh_proc_switches "$OVH_WORKLOAD_PID" "$proc_kind")
	ovh_finish_probes >/dev/null
	ours=$(ovh_value "$OVH_WORKLOAD_PID" "switches_$kind")
	info "$kind switches: /proc delta $((after - before)), rxtop $ours"
	[ $((after - before)) -ge 50 ] || fail "the workload made only $((after - before)) $kind switches"
	within "$ours" $((after - before)) 1 || fail "rxtop counted $ours $kind switches, /proc $((after - before))"
}

# A private veth bed for the cases that need traffic and clean windows (the shared lab carries other people's runs):
# netns ovhsend with ovhsend0 198.18.7.1 <-> ovhrecv0 198.18.7.2 here, 2 queues each, GRO on as in the lab. Sets
# OVH_GEN (the generator's options to send over it); removed on exit.
ovh_bed_up() {
	bed_up ovh 7 --gro
	OVH_GEN=(-i "$BED_SEND" --netns "$BED_NS" --src "$BED_SEND_IP" --dst "$BED_RECV_IP")
}

# ovh_receiver STACK [options]: rxtop-dev __stack on both queues of the bed; sets OVH_RECEIVER_PID (the receiver process).
ovh_receiver() {
	local stack=$1 parent
	shift
	"$RXTOP_DEV" __stack "$stack" -i "$BED_RECV" -q 0,1 --duration 600 "$@" >"$OVH_DIR/receiver.out" \
		2>"$OVH_DIR/receiver.err" &
	parent=$!
	OVH_PIDS+=("$parent")
	for _ in $(seq 100); do
		OVH_RECEIVER_PID=$(pgrep -P "$parent" | head -n 1)
		# __stack says one line once the receiver is ready (or why it is not).
		kill -0 "$parent" 2>/dev/null || break
		[ -n "$OVH_RECEIVER_PID" ] && [ -s "$OVH_DIR/receiver.err" ] && return 0
		sleep 0.1
	done
	fail "$stack receiver did not start: $(cat "$OVH_DIR/receiver.err")"
}

# ovh_wait_lines FILE N: until FILE has at least N lines (at most 10 s).
ovh_wait_lines() {
	for _ in $(seq 1000); do
		[ "$(wc -l <"$1")" -ge "$2" ] && return 0
		sleep 0.01
	done
	fail "rxtop wrote no line $2 to $1"
}

# ovh_proc_cpu_ticks PID: utime + stime of /proc/PID/stat, in clock ticks.
ovh_proc_cpu_ticks() {
	sed 's/.*) //' /proc/"$1"/stat | awk '{ print $12 + $13 }'
}
