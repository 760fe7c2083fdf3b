#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# On-CPU time and run-queue wait rxtop measures agree (5 %) with /proc/PID/task/*/schedstat (sum_exec_runtime,
# run_delay) while a spinner shares the workload's CPU. Time, unlike counts, has edges: hence 5 %, not 1 %.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
command -v taskset >/dev/null || fail "taskset is not installed (util-linux)"
[ -r /proc/self/schedstat ] || skip "no /proc/PID/schedstat (CONFIG_SCHED_INFO)"
schedstat() { cat /proc/"$1"/task/*/schedstat | awk '{ run += $1; wait += $2 } END { print run, wait }'; }
ovh_command
ovh_build_workload
taskset -c 0 "$BASH" -c 'while :; do :; done' &
OVH_PIDS+=($!)
ovh_start_workload taskset -c 0 -- spin 1500
ovh_start_probes "$OVH_WORKLOAD_PID" 60
read -r run0 wait0 < <(schedstat "$OVH_WORKLOAD_PID")
ovh_burst
sleep 0.3
read -r run1 wait1 < <(schedstat "$OVH_WORKLOAD_PID")
ovh_finish_probes >/dev/null
oncpu=$(ovh_value "$OVH_WORKLOAD_PID" oncpu_ns)
runq=$(ovh_value "$OVH_WORKLOAD_PID" runq_wait_ns)
info "on-CPU: schedstat $((run1 - run0)) ns, rxtop $oncpu ns; run-queue wait: schedstat $((wait1 - wait0)) ns, rxtop $runq ns"
within "$oncpu" $((run1 - run0)) 5 || fail "on-CPU time more than 5 % from schedstat"
within "$runq" $((wait1 - wait0)) 5 || fail "run-queue wait more than 5 % from schedstat"
