// SPDX-License-Identifier: GPL-2.0-only
/* The generator's pacer and burstiness histogram on a made-up clock: bounded bursts, no catch-up after a
 * stall. */
#include <stdint.h>

#include "../../src/gen/gen_burst.h"
#include "../../src/gen/gen_rate.h"
#include "check.h"

#define MS 1000000ull
#define SEC 1000000000ull

/* Sends whatever the pacer allows every step_ns over [from, to); returns frames sent and the largest batch.
 */
static uint64_t drive(struct gen_pacer *p, uint64_t from, uint64_t to, uint64_t step_ns, uint64_t *largest)
{
	uint64_t total = 0;

	for (uint64_t now = from; now < to; now += step_ns) {
		uint64_t n = gen_pacer_ready(p, now);

		if (n > *largest)
			*largest = n;
		gen_pacer_consume(p, n);
		total += n;
	}
	return total;
}

static void steady_rate(void)
{
	struct gen_pacer p;
	uint64_t largest = 0, sent;

	gen_pacer_init(&p, 150000, 256, 0);
	sent = drive(&p, 0, SEC, 10000, &largest);
	CHECK_NEAR("pacer: 150 kpps for 1 s sends 150000 frames", sent, 150000, p.depth);
	CHECK("pacer: no batch beyond the bucket", largest <= GEN_PACER_BURST);
	CHECK("pacer: nothing late when served on time", p.late == 0);
}

static void stall_is_not_dumped(void)
{
	struct gen_pacer p;
	uint64_t largest = 0, before, batch, late_before, after, debt;

	gen_pacer_init(&p, 300000, 8192, 0);
	before = drive(&p, 0, 100 * MS, 5000, &largest);
	CHECK_NEAR("pacer: 100 ms at 300 kpps", before, 30000, GEN_PACER_BURST);
	late_before = p.late;
	/* 50 ms without a look at the pacer (descheduled): 15000 frames owed. */
	batch = gen_pacer_ready(&p, 150 * MS);
	debt = 300000 * GEN_PACER_DEBT_NS / SEC;
	CHECK("pacer: after a 50 ms stall at most one burst goes at once", batch <= GEN_PACER_BURST);
	CHECK("pacer: a burst is tens of frames", p.depth <= 64);
	CHECK_NEAR("pacer: what the stall earned beyond the debt is late", p.late - late_before, 15000 - debt,
		   GEN_PACER_BURST);
	gen_pacer_consume(&p, batch);
	/* Right after: the next batch waits for the ceiling, it does not drain a backlog. */
	CHECK("pacer: no second batch at the same instant", gen_pacer_ready(&p, 150 * MS) == 0);
	largest = 0;
	after = drive(&p, 150 * MS + 5000, 250 * MS, 5000, &largest);
	CHECK("pacer: batches stay within the bound after the stall", largest <= GEN_PACER_BURST);
	/* 100 ms at the rate plus the debt, repaid at 150 % of the rate (20 ms of it): all of it, no more. */
	CHECK_NEAR("pacer: the debt is repaid, not more", after + batch, 30000 + debt, GEN_PACER_BURST + 2);
}

static void short_stall_repaid(void)
{
	struct gen_pacer p;
	uint64_t largest = 0, sent;

	gen_pacer_init(&p, 300000, 256, 0);
	sent = drive(&p, 0, 100 * MS, 5000, &largest);
	/* 5 ms away (a slow wake-up), well within the debt: the rate is kept over the whole run. */
	sent += drive(&p, 105 * MS, 200 * MS, 5000, &largest);
	CHECK_NEAR("pacer: a 5 ms stall is repaid in full", sent, 60000, GEN_PACER_BURST);
	CHECK("pacer: nothing late after a short stall", p.late == 0);
	CHECK("pacer: repaid in bursts of at most the bound", largest <= GEN_PACER_BURST);
}

/* Catching up never goes faster than the ceiling: in any 1 ms, 150 % of the rate plus a burst. */
static void window_bound(void)
{
	struct gen_pacer p;
	uint64_t counts[400] = {0}, now = 0, worst = 0, seed = 12345;

	gen_pacer_init(&p, 200000, 256, 0);
	while (now < 400 * MS) {
		uint64_t n = gen_pacer_ready(&p, now);

		gen_pacer_consume(&p, n);
		counts[now / MS] += n;
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		/* Mostly prompt, sometimes a stall of up to 3 ms. */
		now += (seed >> 60) == 0 ? (seed >> 20) % (3 * MS) : 3000 + (seed >> 40) % 20000;
	}
	for (int i = 0; i < 400; i++)
		if (counts[i] > worst)
			worst = counts[i];
	CHECK("pacer: any 1 ms carries at most 150 % of its 200 frames plus a burst", worst <= 300 + p.depth);
}

static void rate_change_no_burst(void)
{
	struct gen_pacer p;
	uint64_t largest = 0;

	gen_pacer_init(&p, 1000, 256, 0);
	drive(&p, 0, 10 * MS, 100000, &largest);
	gen_pacer_set_rate(&p, 1000000, 10 * MS);
	CHECK("pacer: a new rate starts with an empty bucket", gen_pacer_ready(&p, 10 * MS) == 0);
	largest = 0;
	drive(&p, 10 * MS, 20 * MS, 1000, &largest);
	CHECK("pacer: 1 Mpps still comes in batches of at most the bucket", largest <= GEN_PACER_BURST);
	gen_pacer_set_rate(&p, 0, 20 * MS);
	CHECK("pacer: unlimited gives the engine's batch", gen_pacer_ready(&p, 20 * MS) == 256);
}

static void burst_histogram(void)
{
	static _Atomic uint64_t ring[GEN_BURST_RING];
	static struct gen_burst_hist h;
	struct gen_burstiness b;
	uint64_t next = 0;

	gen_burst_hist_reset(&h);
	for (int ms = 0; ms < 1000; ms++)
		ring[ms % GEN_BURST_RING] = ms % 100 == 0 ? 1000 : 100;
	/* The whole second at once: the ring only holds its last GEN_BURST_RING ms. */
	gen_burst_fold(ring, &next, 1000, &h);
	CHECK("burst: a reader far behind folds what the ring holds", h.ms == GEN_BURST_RING);
	gen_burst_hist_reset(&h);
	next = 0;
	for (int round = 0; round < 10; round++) {
		for (int ms = round * 100; ms < round * 100 + 100; ms++)
			ring[ms % GEN_BURST_RING] = ms % 100 == 0 ? 1000 : 100;
		gen_burst_fold(ring, &next, (uint64_t)round * 100 + 100, &h);
	}
	gen_burst_summary(&h, &b);
	CHECK("burst: 1000 ms folded", b.ms == 1000);
	CHECK_NEAR("burst: mean 109 frames/ms", b.mean, 109, 0.01);
	CHECK("burst: p99 is the common count (1 % are spikes)", b.p99 >= 97 && b.p99 <= 100);
	CHECK_NEAR("burst: max/mean sees the spike", b.max_ratio, 1000.0 / 109, 0.01);
	CHECK("burst: folded slots are emptied", ring[5] == 0);
	gen_burst_hist_reset(&h);
	for (int i = 0; i < 100; i++)
		gen_burst_hist_add(&h, i < 98 ? 300 : 3000);
	CHECK("burst: p99 within 3 % of a large count",
	      gen_burst_hist_quantile(&h, 0.99) >= 2900 && gen_burst_hist_quantile(&h, 0.99) <= 3000);
}

int main(void)
{
	steady_rate();
	stall_is_not_dumped();
	short_stall_repaid();
	window_bound();
	rate_change_no_burst();
	burst_histogram();
	return check_failures ? 1 : 0;
}
