#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# With the sched probes sampled (rxtop's default), `rxtop -p` takes a process's context switches, on-CPU time and
# run-queue wait from its threads' /proc counters, counted from when it began tracking. Over one burst they agree
# with sched_switch and sched_wakeup attached the whole time (rxtop-dev __overhead): switches within 1 % (at least
# 1), times within 5 %, while a spinner shares the workload's CPU. The workload has spun before rxtop starts, so
# totals counted from the threads' birth would show on rxtop's first line. The probe row says sched_switch is
# sampled.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
command -v taskset >/dev/null || fail "taskset is not installed (util-linux)"
ovh_command
ovh_build_workload
taskset -c 0 "$BASH" -c 'while :; do :; done' &
OVH_PIDS+=($!)
ovh_start_workload taskset -c 0 -- spin 1500
pid=$OVH_WORKLOAD_PID
ovh_burst # before any tracking: about 0.75 s on a CPU
: >"$OVH_DIR/workload.out"
ovh_start_probes "$pid" 60
json=$OVH_DIR/rxtop.json
"$RXTOP" -p "$pid" -i lo -b -o json -d 0.5 >"$json" 2>"$OVH_DIR/rxtop.err" &
OVH_PIDS+=($!)
ovh_wait_lines "$json" 1
line_a=$(($(wc -l <"$json") + 1))
ovh_wait_lines "$json" "$line_a"
ovh_burst
sleep 0.3
line_b=$(($(wc -l <"$json") + 1))
ovh_wait_lines "$json" "$line_b"
ovh_finish_probes >/dev/null
exact=()
for key in switches_voluntary switches_involuntary oncpu_ns runq_wait_ns; do
	exact+=("$(ovh_value "$pid" "$key")")
done

python3 - "$json" "$line_a" "$line_b" "${exact[@]}" <<'PY' || fail "see above"
import json, sys
path, a, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
exact = dict(zip(["switches_voluntary", "switches_involuntary", "oncpu_ns", "runq_wait_ns"], map(int, sys.argv[4:8])))
lines = [json.loads(l) for l in open(path)]
first = lines[0]["processes"][0]["overhead"]
oa, ob = lines[a - 1]["processes"][0]["overhead"], lines[b - 1]["processes"][0]["overhead"]
bad = []
def check(ok, what):
    if not ok:
        bad.append(what)
probe = [p for p in lines[-1]["probes"] if p["name"] == "sched:sched_switch"]
check(probe and probe[0]["sampled"], f"sched:sched_switch not sampled: {probe}")
# Idle (blocked on its fifo) since tracking began: the 0.75 s it spun before must not show.
print(f"# first line: on a CPU {first['oncpu_ns'] / 1e6:.1f} ms since tracking")
check(first["oncpu_ns"] < 50e6, "the first line counts from before tracking began")
for key, value in exact.items():
    shown = ob[key] - oa[key]
    print(f"# {key}: rxtop (/proc) {shown}, sched probes {value}")
    if key.startswith("switches"):
        check(abs(shown - value) <= max(1, 0.01 * value), f"{key} more than 1 % from the sched probes")
    else:
        check(value > 0 and abs(shown - value) <= 0.05 * value, f"{key} more than 5 % from the sched probes")
check(exact["switches_involuntary"] >= 20, "the spinner preempted the workload too rarely to compare")
for what in bad:
    print(f"# {what}")
sys.exit(1 if bad else 0)
PY
