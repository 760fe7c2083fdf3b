// SPDX-License-Identifier: GPL-2.0-only
/* A cell's figures over its runs: median, spread, loss, sums and the median cost; pure arithmetic. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench_summary.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
	if (n <= 0)
		return 0;
	qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double bench_run_loss_pct(const struct bench_run *run)
{
	if (run->sent == 0 || run->received >= run->sent)
		return 0;
	return 100.0 * (double)(run->sent - run->received) / (double)run->sent;
}

/* The run whose rx rate is the median (the lower of the middle two for an even count). */
static const struct bench_run *median_run(const struct bench_cell *c)
{
	int order[BENCH_MAX_REPEATS] = {0}, n = c->nruns;

	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = 1; i < n; i++) /* insertion sort by rx pps: n <= 50 */
		for (int j = i; j > 0 && c->runs[order[j]].rx_pps < c->runs[order[j - 1]].rx_pps; j--) {
			int t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	return &c->runs[order[(n - 1) / 2]];
}

static void median_cost(const struct bench_cell *c, struct bench_cost *out)
{
	double v[BENCH_MAX_REPEATS];

#define MEDIAN_OF(field)                                                                                     \
	do {                                                                                                 \
		for (int i = 0; i < c->nruns; i++)                                                           \
			v[i] = c->runs[i].cost.field;                                                        \
		out->field = bench_median(v, c->nruns);                                                      \
	} while (0)
	MEDIAN_OF(user);
	MEDIAN_OF(syscall);
	MEDIAN_OF(softirq);
	MEDIAN_OF(syscalls_per_pkt);
	MEDIAN_OF(ctxsw_per_pkt);
#undef MEDIAN_OF
}

/* The drop row that lost the most over all runs, summing rows of the same name. */
static void main_drop(struct bench_cell *c)
{
	uint64_t best = 0;

	c->main_drop[0] = '\0';
	for (int i = 0; i < c->nruns; i++) {
		uint64_t sum = 0;

		if (!c->runs[i].main_drop[0])
			continue;
		for (int j = 0; j < c->nruns; j++)
			if (!strcmp(c->runs[j].main_drop, c->runs[i].main_drop))
				sum += c->runs[j].main_drop_packets;
		if (sum > best) {
			best = sum;
			memcpy(c->main_drop, c->runs[i].main_drop, sizeof(c->main_drop));
		}
	}
}

static void spread(struct bench_cell *c)
{
	double v[BENCH_MAX_REPEATS], mean = 0, var = 0;
	int n = c->nruns;

	for (int i = 0; i < n; i++) {
		v[i] = c->runs[i].rx_pps;
		mean += v[i] / n;
	}
	for (int i = 0; i < n; i++)
		var += (v[i] - mean) * (v[i] - mean);
	/* The sample standard deviation: the runs are a sample of what this cell does. */
	c->cv = n > 1 && mean > 0 ? sqrt(var / (n - 1)) / mean : 0;
	c->median_pps = bench_median(v, n);
	c->min_pps = v[0];
	c->max_pps = v[n - 1];
}

/* The ndr trial: the passing one that offered the most; NULL when none passed. */
static const struct bench_run *ndr_run(const struct bench_cell *c, double tolerance)
{
	const struct bench_run *best = NULL;

	for (int i = 0; i < c->nruns; i++)
		if (bench_run_loss_pct(&c->runs[i]) <= tolerance &&
		    (!best || c->runs[i].offered_pps > best->offered_pps))
			best = &c->runs[i];
	return best;
}

void bench_cell_summarise(struct bench_cell *c, double loss_tolerance_pct)
{
	const struct bench_run *pick;

	c->median_pps = c->min_pps = c->max_pps = c->cv = c->loss_pct = c->gbps = c->ndr_pps = 0;
	c->sent = c->received = c->dropped = 0;
	c->unexplained = 0;
	memset(&c->cost, 0, sizeof(c->cost));
	c->main_drop[0] = '\0';
	if (c->nruns <= 0)
		return;
	for (int i = 0; i < c->nruns; i++) {
		c->sent += c->runs[i].sent;
		c->received += c->runs[i].received;
		c->dropped += c->runs[i].dropped;
		c->unexplained += c->runs[i].unexplained;
	}
	main_drop(c);
	if (c->measure == BENCH_NDR) {
		pick = ndr_run(c, loss_tolerance_pct);
		if (!pick)
			return; /* no offered rate passed: the NDR is below the search's lowest trial */
		c->median_pps = c->min_pps = c->max_pps = pick->rx_pps;
		c->ndr_pps = pick->offered_pps;
		c->cost = pick->cost;
	} else {
		spread(c);
		pick = median_run(c);
		median_cost(c, &c->cost);
	}
	c->loss_pct = bench_run_loss_pct(pick);
	c->gbps = pick->gbps;
}
