#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A process tracked after every per-process syscall row is taken still has its syscalls counted exactly (in the
# per-CPU hash): they agree (1 %) with perf's raw_syscalls:sys_enter over the same burst.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
ovh_syscall_case "" no-row
