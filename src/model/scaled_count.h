// SPDX-License-Identifier: GPL-2.0-only
/*
 * Counters of a probe that counts only in sampling windows (src/probes/cost_window.h), and their estimates:
 * each reading's growth times a scale, the time since the last estimate over the time the probe was live in
 * it.
 */
#ifndef RXTOP_SCALED_COUNT_H
#define RXTOP_SCALED_COUNT_H

#include <stdint.h>

/* When a sampled probe's loader last estimated, and how much of the time since it was live. */
struct sample_clock {
	double since;	   /* monotonic seconds of the last estimate */
	double live;	   /* seconds the probe was live since then */
	double share;	   /* live over elapsed time at the last estimate; 1 before the first */
	double quiet_from; /* when set: the traffic stopped then, the time after it counts for nothing */
};

static inline void sample_clock_start(struct sample_clock *c, double now)
{
	c->since = now;
	c->live = 0;
	c->share = 1;
	c->quiet_from = 0;
}

/*
 * At a reading, with the seconds the probe was live since the previous one: the factor that turns what it
 * counted since the last estimate into an estimate for all that time. 0 when it was never live since (it
 * counted nothing, and the time carries over to the next estimate).
 */
static inline double sample_clock_scale(struct sample_clock *c, double live, double now)
{
	double end = c->quiet_from > c->since && c->quiet_from < now ? c->quiet_from : now;
	double elapsed = end - c->since, scale;

	c->live += live;
	if (c->live <= 0 || elapsed <= 0)
		return 0;
	scale = elapsed / c->live;
	if (scale < 1)
		scale = 1; /* live as long as the elapsed time, within clock edges: it saw all of it */
	c->share = 1 / scale;
	c->since = now;
	c->live = 0;
	c->quiet_from = 0;
	return scale;
}

struct scaled_count {
	uint64_t raw;	 /* the probe's own count at the last reading */
	double estimate; /* its estimate of the count over all the time */
};

/* A raw value below the last one is a new counter (a map entry recreated): it counts from zero. */
static inline void scaled_count_update(struct scaled_count *c, uint64_t raw, double scale)
{
	uint64_t grown = raw >= c->raw ? raw - c->raw : raw;

	c->estimate += (double)grown * scale;
	c->raw = raw;
}

static inline uint64_t scaled_count_value(const struct scaled_count *c)
{
	return (uint64_t)(c->estimate + 0.5);
}

#endif
