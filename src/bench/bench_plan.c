// SPDX-License-Identifier: GPL-2.0-only
/* The cells of a bench in the order it runs and lists them, and how many runs they take (for the ETA). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench_options.h"
#include "bench_plan.h"

int bench_plan_stacks(const struct bench_config *cfg, char stacks[BENCH_MAX_STACKS][16])
{
	bool have_ceiling = false;
	int n = 0;

	for (int i = 0; i < cfg->nstacks && n < BENCH_MAX_STACKS; i++) {
		snprintf(stacks[n++], 16, "%s", cfg->stacks[i]);
		have_ceiling |= strcmp(cfg->stacks[i], BENCH_XDP_DROP) == 0;
	}
	if (cfg->references && cfg->lab && cfg->proto == STACK_PROTO_UDP && !have_ceiling &&
	    n < BENCH_MAX_STACKS)
		snprintf(stacks[n++], 16, "%s", BENCH_XDP_DROP);
	return n;
}

int bench_plan_sizes(const struct bench_config *cfg, int sizes[BENCH_MAX_SIZES])
{
	if (cfg->proto == STACK_PROTO_TCP) {
		sizes[0] = 0;
		return 1;
	}
	memcpy(sizes, cfg->sizes, sizeof(cfg->sizes[0]) * (size_t)cfg->nsizes);
	return cfg->nsizes;
}

/* The NDR search varies a generator's rate: the ceiling pseudo-stack has no loss to search on. */
static bool searches_ndr(const struct bench_config *cfg, const char *stack)
{
	return (cfg->measure & BENCH_NDR) && strcmp(stack, BENCH_XDP_DROP) != 0;
}

int bench_plan_cells(const struct bench_config *cfg, struct bench_results *r)
{
	char stacks[BENCH_MAX_STACKS][16];
	int sizes[BENCH_MAX_SIZES];
	int nstacks = bench_plan_stacks(cfg, stacks), nsizes = bench_plan_sizes(cfg, sizes);

	r->ncells = 0;
	for (int c = 0; c < cfg->ncores; c++)
		for (int z = 0; z < nsizes; z++)
			for (int s = 0; s < nstacks; s++)
				for (int m = BENCH_MAX; m <= BENCH_NDR; m <<= 1) {
					struct bench_cell *cell;

					if (m == BENCH_NDR ? !searches_ndr(cfg, stacks[s])
							   : !(cfg->measure & BENCH_MAX) &&
								 strcmp(stacks[s], BENCH_XDP_DROP))
						continue;
					if (r->ncells >= BENCH_MAX_CELLS)
						return -E2BIG;
					cell = &r->cells[r->ncells++];
					memset(cell, 0, sizeof(*cell));
					snprintf(cell->stack, sizeof(cell->stack), "%.15s", stacks[s]);
					cell->proto = cfg->proto;
					cell->size = sizes[z];
					cell->cores = cfg->cores[c];
					cell->measure = (enum bench_measure)m;
				}
	return r->ncells;
}

int bench_cell_find(const struct bench_results *r, const char *stack, int size, int cores,
		    enum bench_measure measure)
{
	for (int i = 0; i < r->ncells; i++) {
		const struct bench_cell *c = &r->cells[i];

		if (c->size == size && c->cores == cores && c->measure == measure && !strcmp(c->stack, stack))
			return i;
	}
	return -1;
}

int bench_plan_runs(const struct bench_config *cfg, int reference_pairs)
{
	char stacks[BENCH_MAX_STACKS][16];
	int sizes[BENCH_MAX_SIZES];
	int nstacks = bench_plan_stacks(cfg, stacks), nsizes = bench_plan_sizes(cfg, sizes), per_group = 0;

	for (int s = 0; s < nstacks; s++) {
		if ((cfg->measure & BENCH_MAX) || !strcmp(stacks[s], BENCH_XDP_DROP))
			per_group += cfg->repeats;
		if (searches_ndr(cfg, stacks[s]))
			per_group += BENCH_NDR_MAX_TRIALS;
	}
	return per_group * nsizes * cfg->ncores + 2 * reference_pairs;
}
