#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Involuntary switches rxtop counts agree (1 %) with /proc/PID/task/*/status while a spinner shares the workload's CPU.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
command -v taskset >/dev/null || fail "taskset is not installed (util-linux)"
taskset -c 0 "$BASH" -c 'while :; do :; done' &
OVH_PIDS+=($!)
ovh_switch_case involuntary taskset -c 0 -- spin 3000
