// SPDX-License-Identifier: GPL-2.0-only
/* The monotonic clock in seconds: the one time base for intervals, phases and durations. */
#ifndef RXTOP_CLOCK_H
#define RXTOP_CLOCK_H

#include <time.h>

static inline double monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wall-clock time, only to line up a run's output with other programs' (bench_overhead's phases). */
static inline double realtime_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
