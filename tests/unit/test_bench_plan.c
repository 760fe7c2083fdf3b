// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the bench plan: cells in cores x size x stack x measure order, the ceiling, the run count. */
#include <stdlib.h>

#include "bench_options.h"
#include "bench_plan.h"
#include "check.h"

static void config(struct bench_config *cfg, enum bench_measure m, bool references)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->lab = true;
	cfg->nstacks = 2;
	snprintf(cfg->stacks[0], sizeof(cfg->stacks[0]), "epoll");
	snprintf(cfg->stacks[1], sizeof(cfg->stacks[1]), "afxdp");
	cfg->nsizes = 2;
	cfg->sizes[0] = 64;
	cfg->sizes[1] = 512;
	cfg->ncores = 2;
	cfg->cores[0] = 1;
	cfg->cores[1] = 2;
	cfg->measure = m;
	cfg->repeats = 3;
	cfg->references = references;
}

int main(void)
{
	struct bench_results *r = calloc(1, sizeof(*r));
	struct bench_config cfg;

	config(&cfg, BENCH_MAX, true);
	CHECK("max + ceiling: 2 cores x 2 sizes x 3 stacks", bench_plan_cells(&cfg, r) == 12);
	CHECK_STR("first cell: first stack", r->cells[0].stack, "epoll");
	CHECK_STR("the ceiling closes each group", r->cells[2].stack, BENCH_XDP_DROP);
	CHECK("sizes vary before cores", r->cells[3].size == 512 && r->cells[3].cores == 1);
	CHECK("cores last", r->cells[6].cores == 2);
	CHECK("find", bench_cell_find(r, "afxdp", 512, 2, BENCH_MAX) == 10);
	CHECK("find: no ndr cell", bench_cell_find(r, "afxdp", 512, 2, BENCH_NDR) == -1);
	CHECK("runs: 12 cells x 3 repeats + 2 per reference pair", bench_plan_runs(&cfg, 5) == 36 + 10);

	config(&cfg, BENCH_BOTH, true);
	CHECK("both: max and ndr per stack, the ceiling max only", bench_plan_cells(&cfg, r) == 20);
	CHECK("ndr follows max", r->cells[0].measure == BENCH_MAX && r->cells[1].measure == BENCH_NDR);
	CHECK("runs: repeats plus 8 trials per ndr cell", bench_plan_runs(&cfg, 0) == 4 * (3 * 3 + 2 * 8));

	config(&cfg, BENCH_NDR, false);
	CHECK("ndr alone, no references: no ceiling", bench_plan_cells(&cfg, r) == 8);
	CHECK("all ndr", r->cells[0].measure == BENCH_NDR && r->cells[7].measure == BENCH_NDR);

	config(&cfg, BENCH_MAX, true);
	cfg.proto = STACK_PROTO_TCP;
	CHECK("tcp: one size, no ceiling", bench_plan_cells(&cfg, r) == 4);
	CHECK("tcp cells have size 0", r->cells[0].size == 0 && r->cells[0].proto == STACK_PROTO_TCP);
	free(r);
	return check_failures != 0;
}
