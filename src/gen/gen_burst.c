// SPDX-License-Identifier: GPL-2.0-only
/* The generator's burstiness: frames sent per millisecond, folded into a histogram; p99 and max over the
 * mean. */
#include <string.h>

#include "gen_burst.h"

/* Exact below GEN_BURST_EXACT, then 32 bins per power of two (a log-linear histogram). */
static unsigned int bin_of(uint64_t v)
{
	unsigned int e, mant;

	if (v < GEN_BURST_EXACT)
		return (unsigned int)v;
	e = 63u - (unsigned int)__builtin_clzll(v); /* >= 6 */
	if (e > 45)
		return GEN_BURST_BINS - 1;
	mant = (unsigned int)(v >> (e - 5)) & 31u;
	return GEN_BURST_EXACT + (e - 6) * 32 + mant;
}

static uint64_t bin_low(unsigned int b)
{
	unsigned int e, mant;

	if (b < GEN_BURST_EXACT)
		return b;
	e = (b - GEN_BURST_EXACT) / 32 + 6;
	mant = (b - GEN_BURST_EXACT) % 32;
	return (uint64_t)(32 + mant) << (e - 5);
}

void gen_burst_hist_reset(struct gen_burst_hist *h)
{
	memset(h, 0, sizeof(*h));
}

void gen_burst_hist_add(struct gen_burst_hist *h, uint64_t count)
{
	h->bins[bin_of(count)]++;
	h->ms++;
	h->total += count;
	if (count > h->max)
		h->max = count;
}

uint64_t gen_burst_hist_quantile(const struct gen_burst_hist *h, double q)
{
	uint64_t want, seen = 0;

	if (!h->ms)
		return 0;
	want = (uint64_t)(q * (double)h->ms + 0.999999);
	if (want < 1)
		want = 1;
	for (unsigned int b = 0; b < GEN_BURST_BINS; b++) {
		seen += h->bins[b];
		if (seen >= want)
			return bin_low(b) < h->max ? bin_low(b) : h->max;
	}
	return h->max;
}

void gen_burst_summary(const struct gen_burst_hist *h, struct gen_burstiness *out)
{
	memset(out, 0, sizeof(*out));
	if (!h->ms)
		return;
	out->ms = h->ms;
	out->mean = (double)h->total / (double)h->ms;
	out->p99 = (double)gen_burst_hist_quantile(h, 0.99);
	out->max = (double)h->max;
	if (out->mean > 0) {
		out->p99_ratio = out->p99 / out->mean;
		out->max_ratio = out->max / out->mean;
	}
}

void gen_burst_fold(_Atomic uint64_t *ring, uint64_t *next_ms, uint64_t upto_ms, struct gen_burst_hist *h)
{
	/* Far behind (a stopped reader): the oldest slots were reused, skip to what the ring still holds. */
	if (upto_ms > *next_ms + GEN_BURST_RING)
		*next_ms = upto_ms - GEN_BURST_RING;
	for (; *next_ms < upto_ms; (*next_ms)++) {
		uint64_t count =
		    atomic_exchange_explicit(&ring[*next_ms % GEN_BURST_RING], 0, memory_order_relaxed);

		if (h)
			gen_burst_hist_add(h, count);
	}
}
