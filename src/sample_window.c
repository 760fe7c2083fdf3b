// SPDX-License-Identifier: GPL-2.0-only
/* Sampling windows of the per-event probes: how long they are. */
#include "sample_window.h"
#include "cost_window.h"

double sample_window_seconds(double interval)
{
	double s = interval * SAMPLE_WINDOW_SHARE, cost = cost_window_seconds(interval);

	if (s < SAMPLE_WINDOW_MIN_SECONDS)
		s = SAMPLE_WINDOW_MIN_SECONDS;
	return s > cost ? s : cost;
}
