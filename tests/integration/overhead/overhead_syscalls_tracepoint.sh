#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Like overhead_syscalls_perf, with every probe forced down the ladder to tracepoint.
source "${0%/integration/*}/lib.sh"
source "$ROOT/tests/lib/overhead.sh"
ovh_syscall_case tracepoint
