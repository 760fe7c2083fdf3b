// SPDX-License-Identifier: GPL-2.0-only
/* The no-drop-rate search (RFC 2544 §26.1, TRex NDR): bisects the offered rate; pure, fed by a callback. */
#ifndef RXTOP_BENCH_NDR_H
#define RXTOP_BENCH_NDR_H

/* Offers rate_pps for one trial; 0 with *loss_pct, or a negative errno (the search stops with it). */
typedef int (*bench_trial_fn)(void *ctx, double rate_pps, double *loss_pct);

struct bench_ndr_search {
	double start_pps;	   /* the first trial: the cell's max measured rate, or the line rate */
	double loss_tolerance_pct; /* a trial passes when its loss is at most this */
	double resolution;	   /* stop when the pass/fail bracket is narrower than this share of the
				      failing rate (0.02) */
	int max_trials;		   /* and after this many trials (8) */
};

/*
 * The first trial offers start_pps; while the highest passing and lowest failing rates are further apart
 * than the resolution, the next trial offers their middle (the first failure halves the rate). Returns the
 * number of trials run and the highest passing rate in *ndr_pps (0 when none passed), or the callback's
 * error.
 */
int bench_ndr_run(const struct bench_ndr_search *search, bench_trial_fn trial, void *ctx, double *ndr_pps);

#endif
