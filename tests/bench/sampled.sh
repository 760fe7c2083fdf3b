#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Not a test (make bench): the accuracy of the sampled per-event probes, the top_sampled_probes case with its 5 %
# bounds on the sampled NAPI estimate against the XDP counter (which the case itself does not hold: on a busy
# machine it read 0.75x and 2.58x). Prints the ratios; fails when one is more than 5 % off.
for case in "${0%/bench*}"/integration/top_sampled_probes.sh "${0%/bench*}"/integration/*/top_sampled_probes.sh; do
	[ -f "$case" ] && RXTOP_BENCH_STRICT=1 exec bash "$case"
done
echo "bench_sampled: no top_sampled_probes.sh under ${0%/bench*}/integration" >&2
exit 1
