// SPDX-License-Identifier: GPL-2.0-only
/* The generator's burstiness: frames sent per millisecond, folded into a histogram; p99 and max over the
 * mean. */
#ifndef RXTOP_GEN_BURST_H
#define RXTOP_GEN_BURST_H

#include <stdatomic.h>
#include <stdint.h>

#define GEN_BURST_RING 256 /* per-millisecond slots the sending threads add to; folded every few ms */
#define GEN_BURST_EXACT 64 /* counts below this have a bin each; above, bins are ~3 % wide */
#define GEN_BURST_BINS (GEN_BURST_EXACT + 40 * 32)

/* Per-millisecond counts seen so far. */
struct gen_burst_hist {
	uint64_t bins[GEN_BURST_BINS];
	uint64_t ms;	/* milliseconds folded in */
	uint64_t total; /* frames in them */
	uint64_t max;	/* the largest count of one millisecond */
};

/* What a reader gets: frames per millisecond. All 0 before the first folded millisecond. */
struct gen_burstiness {
	uint64_t ms;
	double mean, p99, max;
	double p99_ratio, max_ratio; /* p99 / mean, max / mean: 1.0 is perfectly smooth */
};

void gen_burst_hist_reset(struct gen_burst_hist *h);
void gen_burst_hist_add(struct gen_burst_hist *h, uint64_t count);
/* The smallest count c such that at least q of the milliseconds had at most c (bin's lower bound). */
uint64_t gen_burst_hist_quantile(const struct gen_burst_hist *h, double q);
void gen_burst_summary(const struct gen_burst_hist *h, struct gen_burstiness *out);

/*
 * Moves the finished milliseconds [*next_ms, upto_ms) of the ring into the histogram, zeroing their slots.
 * Millisecond m lives in slot m % GEN_BURST_RING; the caller keeps upto_ms a few ms behind the senders'
 * clock. h NULL: the slots are only emptied (a measurement restarts).
 */
void gen_burst_fold(_Atomic uint64_t *ring, uint64_t *next_ms, uint64_t upto_ms, struct gen_burst_hist *h);

#endif
