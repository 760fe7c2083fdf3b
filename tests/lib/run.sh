# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the `rxtop run` cases on the shared lab: source after lib.sh. The cases leave the lab up (tests/run.sh
# takes it down after each case): taking it down under another case's run would break that run.
# Other cases on this machine bring the lab up and down and attach to rxlab0; an attempt that collided with
# them (not a failure of rxtop run) is retried.
RUN_CONTENTION="already has XDP program|no interface 'rxlab0'|No such device|lab generator did not start|could not bring the lab up|got another XDP program meanwhile|rxlab0 vanished|cannot attach to rxlab0 in any mode"

# run_wait_lab: the lab exists and nobody's XDP program is on rxlab0 (up to 60 s).
run_wait_lab() {
	for _ in $(seq 120); do
		"$RXTOP" lab up >/dev/null 2>&1
		ip -d link show dev rxlab0 2>/dev/null | grep -q 'prog/xdp' || return 0
		sleep 0.5
	done
	skip "rxlab0 stayed busy with another XDP program for 60 s"
}

# run_rxtop OUT ERR ARGS...: rxtop ARGS with stdout in OUT, stderr in ERR; returns its status.
run_rxtop() {
	local out=$1 err=$2 rc
	shift 2
	for _ in 1 2 3 4 5; do
		run_wait_lab
		"$RXTOP" "$@" >"$out" 2>"$err"; rc=$?
		grep -Eq "$RUN_CONTENTION" "$err" || return $rc
		info "lab contention, again: $(head -c 200 "$err")"
	done
	return $rc
}

# run_start_bg OUT ERR ARGS...: starts rxtop -b -o json ARGS in the background; returns once a JSON line names
# a stack pid. Sets RUN_PID.
run_start_bg() {
	local out=$1 err=$2
	shift 2
	for _ in 1 2 3 4 5; do
		run_wait_lab
		"$RXTOP" "$@" >"$out" 2>"$err" &
		RUN_PID=$!
		for _ in $(seq 100); do
			grep -q '"pid":' "$out" && return 0
			kill -0 $RUN_PID 2>/dev/null || break
			sleep 0.1
		done
		kill -TERM $RUN_PID 2>/dev/null
		wait $RUN_PID 2>/dev/null
		grep -Eq "$RUN_CONTENTION" "$err" || { cat "$err"; fail "rxtop $* never showed a stack"; }
		info "lab contention, again: $(head -c 200 "$err")"
	done
	fail "lab contention did not stop"
}

# run_stack_pids OUT: the pids of the stacks seen in JSON lines.
run_stack_pids() {
	python3 -c '
import json, sys
pids = set()
for line in open(sys.argv[1]):
    try: s = json.loads(line)
    except ValueError: continue
    pids.update(st["pid"] for st in s.get("stacks", []))
print(" ".join(map(str, sorted(pids))))' "$1"
}

# run_assert_gone PID...: none of these processes is alive (zombies of a dead parent count as gone), within 3 s.
run_assert_gone() {
	local p state
	for p in "$@"; do
		for _ in $(seq 30); do
			state=$(awk '/^State:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
			[ -z "$state" ] || [ "$state" = Z ] && break
			sleep 0.1
		done
		[ -z "$state" ] || [ "$state" = Z ] || fail "process $p ($(cat /proc/$p/comm 2>/dev/null)) is still alive"
	done
}

# run_xdp_id: the id of the XDP program on rxlab0, empty when none.
run_xdp_id() { ip -d link show dev rxlab0 2>/dev/null | sed -n 's/.*prog\/xdp id \([0-9]*\).*/\1/p'; }

# run_assert_no_xdp [ID...]: nothing this case attached stays on rxlab0. The lab is shared, so a program that
# is there may be another case's: it fails at once only on one of the given ids (seen during this case's run),
# otherwise only when rxlab0 never gets free within 20 s (a leak stays; another case's run ends).
run_assert_no_xdp() {
	local id
	for _ in $(seq 100); do
		id=$(run_xdp_id)
		[ -z "$id" ] && return 0
		for mine in "$@"; do
			[ "$id" = "$mine" ] && { sleep 1; [ "$(run_xdp_id)" = "$mine" ] &&
				fail "XDP program $id of this run is still attached to rxlab0"; }
		done
		sleep 0.2
	done
	fail "an XDP program (id $id) stayed on rxlab0 for 20 s"
}
