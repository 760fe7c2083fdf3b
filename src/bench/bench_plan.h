// SPDX-License-Identifier: GPL-2.0-only
/* The cells of a bench in the order it runs and lists them, and how many runs they take (for the ETA). */
#ifndef RXTOP_BENCH_PLAN_H
#define RXTOP_BENCH_PLAN_H

#include "bench.h"

#define BENCH_NDR_MAX_TRIALS 8 /* RFC 2544 §26.1 search: ~8 trials reach 2 % of the start rate */

/*
 * The stacks a bench runs: cfg's, plus the XDP_DROP ceiling when references are on for lab UDP. Returns how
 * many (at most BENCH_MAX_STACKS).
 */
int bench_plan_stacks(const struct bench_config *cfg, char stacks[BENCH_MAX_STACKS][16]);
/* The sizes a bench sweeps: cfg's for UDP, one size 0 for TCP (a stream has no frame size). */
int bench_plan_sizes(const struct bench_config *cfg, int sizes[BENCH_MAX_SIZES]);
/*
 * Fills r->cells (stack, proto, size, cores, measure; no runs) for every cores x size x stack x measure, in
 * that nesting. Returns the number of cells, or -E2BIG beyond BENCH_MAX_CELLS.
 */
int bench_plan_cells(const struct bench_config *cfg, struct bench_results *r);
/* The cell of that stack, size, cores and measure, or -1. */
int bench_cell_find(const struct bench_results *r, const char *stack, int size, int cores,
		    enum bench_measure measure);
/* The runs the plan will take at most, references included: the progress line's ETA is based on it. */
int bench_plan_runs(const struct bench_config *cfg, int reference_pairs);

#endif
