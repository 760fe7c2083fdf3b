/*
 * A counter read from a probe that counts only in sampling windows, and its estimate: each reading's growth
 * times the scale (the time since the last estimate over the time the probe was attached in it).
 */
#ifndef RXTOP_SCALED_COUNT_H
#define RXTOP_SCALED_COUNT_H

#include <stdint.h>

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
