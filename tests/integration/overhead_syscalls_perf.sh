#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The syscalls rxtop counts for a process agree (1 %) with perf's raw_syscalls:sys_enter over the same burst.
source "$(dirname "$0")/../lib.sh"
source "$ROOT/tests/overhead_lib.sh"
ovh_syscall_case ""
