// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of bench_cell_summarise: median, spread, loss, sums, median cost, ndr pick, main drop. */
#include "bench_summary.h"
#include "check.h"

static void add_run(struct bench_cell *c, double pps, uint64_t sent, uint64_t received, double user,
		    const char *drop, uint64_t drop_packets)
{
	struct bench_run *r = &c->runs[c->nruns++];

	memset(r, 0, sizeof(*r));
	r->rx_pps = pps;
	r->gbps = pps * 8 * 64 / 1e9;
	r->sent = sent;
	r->received = received;
	r->dropped = sent - received;
	r->cost.user = user;
	snprintf(r->main_drop, sizeof(r->main_drop), "%s", drop);
	r->main_drop_packets = drop_packets;
}

static void test_max_cell(void)
{
	struct bench_cell c = {.measure = BENCH_MAX};

	add_run(&c, 300, 1000, 990, 30, "socket rcvbuf_drops", 10);
	add_run(&c, 100, 1000, 1000, 10, "", 0);
	add_run(&c, 200, 1000, 900, 20, "stack SOCKET_RCVBUFF", 100);
	c.runs[1].unexplained = -2;
	bench_cell_summarise(&c, 0.01);
	CHECK_NEAR("max: median of 3 runs", c.median_pps, 200, 1e-9);
	CHECK_NEAR("max: min", c.min_pps, 100, 1e-9);
	CHECK_NEAR("max: max", c.max_pps, 300, 1e-9);
	/* mean 200, sample stddev 100 */
	CHECK_NEAR("max: cv is the sample stddev over the mean", c.cv, 0.5, 1e-9);
	CHECK_NEAR("max: loss of the median run", c.loss_pct, 10.0, 1e-9);
	CHECK_NEAR("max: gbps of the median run", c.gbps, 200 * 8 * 64 / 1e9, 1e-12);
	CHECK("max: sent summed", c.sent == 3000);
	CHECK("max: received summed", c.received == 2890);
	CHECK("max: dropped summed", c.dropped == 110);
	CHECK("max: unexplained summed", c.unexplained == -2);
	CHECK_NEAR("max: median cost", c.cost.user, 20, 1e-9);
	CHECK_STR("max: main drop is the biggest row", c.main_drop, "stack SOCKET_RCVBUFF");
}

static void test_even_and_single(void)
{
	struct bench_cell c = {.measure = BENCH_MAX};

	add_run(&c, 100, 100, 100, 1, "", 0);
	bench_cell_summarise(&c, 0.01);
	CHECK_NEAR("one run: median is it", c.median_pps, 100, 1e-9);
	CHECK_NEAR("one run: cv 0", c.cv, 0, 1e-12);
	CHECK_STR("one run: no drop, no main drop", c.main_drop, "");
	add_run(&c, 300, 100, 100, 3, "", 0);
	bench_cell_summarise(&c, 0.01);
	CHECK_NEAR("two runs: median is the mean of the middle", c.median_pps, 200, 1e-9);
	CHECK_NEAR("two runs: cost median is the mean of the middle", c.cost.user, 2, 1e-9);
}

static void test_ndr_cell(void)
{
	struct bench_cell c = {.measure = BENCH_NDR};

	add_run(&c, 900, 100000, 90000, 5, "xsk rx_ring_full", 10000); /* offered 1000: 10 % loss */
	c.runs[0].offered_pps = 1000;
	add_run(&c, 500, 100000, 100000, 7, "", 0); /* offered 500: passes */
	c.runs[1].offered_pps = 500;
	add_run(&c, 740, 100000, 99995, 6, "xsk rx_ring_full", 5); /* offered 750: 0.005 % passes */
	c.runs[2].offered_pps = 750;
	bench_cell_summarise(&c, 0.01);
	CHECK_NEAR("ndr: the highest passing offered rate", c.ndr_pps, 750, 1e-9);
	CHECK_NEAR("ndr: its received rate", c.median_pps, 740, 1e-9);
	CHECK_NEAR("ndr: its cost", c.cost.user, 6, 1e-9);
	CHECK_NEAR("ndr: its loss", c.loss_pct, 0.005, 1e-9);
	bench_cell_summarise(&c, 0.0);
	CHECK_NEAR("ndr, zero tolerance: the lossless trial", c.ndr_pps, 500, 1e-9);
}

static void test_empty(void)
{
	struct bench_cell c = {.measure = BENCH_MAX};

	c.median_pps = 5;
	bench_cell_summarise(&c, 0.01);
	CHECK_NEAR("no runs: zeros", c.median_pps, 0, 0);
	CHECK("no runs: no sums", c.sent == 0);
}

int main(void)
{
	test_max_cell();
	test_even_and_single();
	test_ndr_cell();
	test_empty();
	return check_failures != 0;
}
