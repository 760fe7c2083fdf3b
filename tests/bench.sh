#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# make bench: every benchmark, each printing its ratio against a reference run in the same invocation.
cd "$(dirname "$0")/.."
status=0
for b in tests/bench_gen.sh tests/bench_stacks.sh tests/bench_dpdk.sh tests/bench_overhead.sh tests/bench_receive.sh \
	tests/bench_tui.sh tests/bench_sampled.sh tests/bench_cost.sh; do
	[ -x "$b" ] || continue
	echo "=== $b"
	timeout -k 10 900 "$b" || status=1
done
exit $status
