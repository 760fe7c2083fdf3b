// SPDX-License-Identifier: GPL-2.0-only
/* Reference ratios: rxtop's stack against a reference tool, in alternating runs on the same cores and sender.
 */
#ifndef RXTOP_BENCH_RATIO_H
#define RXTOP_BENCH_RATIO_H

#include "bench.h"
#include "bench_progress.h"

#define BENCH_REFERENCE_PAIRS 5 /* medians of at least 5 alternating runs (issue 13) */

/* The (tool, stack) pairs a bench compares: testpmd against afxdp and dpdk, iperf3 against TCP servers. */
int bench_ratio_plan(const struct bench_config *cfg, const char *tools[BENCH_MAX_REFERENCES],
		     const char *stacks[BENCH_MAX_REFERENCES]);
/*
 * Alternates BENCH_REFERENCE_PAIRS times: the reference tool on a standalone lab generator, then rxtop's
 * stack in its own session, at size and cores; fills ref with the ratios rxtop / reference (or its error).
 */
void bench_ratio_measure(const struct bench_config *cfg, const char *tool, const char *stack, int size,
			 int cores, struct bench_progress *progress, struct bench_reference *ref);

#endif
