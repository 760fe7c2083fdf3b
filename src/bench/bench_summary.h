// SPDX-License-Identifier: GPL-2.0-only
/* A cell's figures over its runs: median, spread, loss, sums and the median cost; pure arithmetic. */
#ifndef RXTOP_BENCH_SUMMARY_H
#define RXTOP_BENCH_SUMMARY_H

#include "bench.h"

/* Loss of one run in percent of what was sent: (sent - received) / sent; 0 when nothing was sent. */
double bench_run_loss_pct(const struct bench_run *run);
/*
 * Fills the derived fields of c from c->runs. max cells: the median run (the lower middle one of an even
 * count) gives loss and Gbps. ndr cells: the passing trial with the highest offered rate gives the rate
 * (median = min = max, cv 0), loss, Gbps and cost; loss_tolerance_pct decides which trials passed.
 */
void bench_cell_summarise(struct bench_cell *c, double loss_tolerance_pct);
/* The median of n values (the mean of the middle two for an even n), 0 for none; sorts v. */
double bench_median(double *v, int n);

#endif
