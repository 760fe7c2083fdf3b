#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Involuntary switches rxtop counts agree (1 %) with /proc/PID/task/*/status while a spinner shares the workload's CPU.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/overhead_lib.sh"
command -v taskset >/dev/null || skip "taskset is not installed"
taskset -c 0 "$BASH" -c 'while :; do :; done' &
OVH_PIDS+=($!)
ovh_switch_case involuntary taskset -c 0 -- spin 3000
