#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The syscalls rxtop counts for a process agree (1 %) with perf's raw_syscalls:sys_enter over the same burst.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
ovh_syscall_case ""
