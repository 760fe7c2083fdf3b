#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench: every benchmark, each printing its ratio against a reference run in the same invocation.
cd "$(dirname "$0")/../.."
status=0
for b in tests/bench/gen.sh tests/bench/stacks.sh tests/bench/dpdk.sh tests/bench/overhead.sh tests/bench/switches.sh tests/bench/syscalls.sh tests/bench/receive.sh \
	tests/bench/tui.sh tests/bench/sampled.sh tests/bench/cost.sh tests/bench/doctor.sh; do
	[ -x "$b" ] || continue
	echo "=== $b"
	timeout -k 10 1800 "$b" || status=1 # overhead.sh alone takes ~20 min: 5 cases x 11-21 runs, 4 runs of 2.5 min
done
exit $status
