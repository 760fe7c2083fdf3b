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

#endif
