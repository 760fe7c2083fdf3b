#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Without sched:sched_switch only the metrics that need it go: the probe row says "missing", syscalls still count.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
ovh_command
ovh_build_workload
ovh_start_workload -- syscalls 5000
RXTOP_OVERHEAD_DISABLE=sched_switch ovh_start_probes "$OVH_WORKLOAD_PID" 60
ovh_burst
ovh_finish_probes >/dev/null
grep -q '^probe sched:sched_switch missing$' "$OVH_DIR/overhead.out" || fail "sched_switch not reported missing"
grep -q '^probe raw_syscalls:sys_enter \(tp_btf\|raw_tp\|tracepoint\)$' "$OVH_DIR/overhead.out" ||
	fail "sys_enter should still be attached"
metrics=$(grep '^metrics' "$OVH_DIR/overhead.out")
info "$metrics"
[[ " $metrics " == *" syscalls "* && " $metrics " == *" syscall_time "* ]] || fail "syscall metrics lost: $metrics"
[[ " $metrics " != *" switches "* && " $metrics " != *" syscall_cpu "* && " $metrics " != *" runq "* ]] ||
	fail "metrics needing sched_switch still claimed: $metrics"
getppid=$(awk -v p="$OVH_WORKLOAD_PID" '$1 == "pid" && $2 == p && $3 == "syscall" && $4 == "getppid" { print $5 }' \
	"$OVH_DIR/overhead.out")
[ "${getppid:-0}" -eq 5000 ] || fail "getppid counted ${getppid:-none}, the workload made 5000"
[ "$(ovh_value "$OVH_WORKLOAD_PID" switches_voluntary)" = 0 ] || fail "switches counted without sched_switch"
