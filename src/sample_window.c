/* Sampling windows of the per-event probes: when they are attached, and how far their counts scale. */
#include "sample_window.h"
#include "cost_window.h"

double sample_window_seconds(double interval)
{
	double s = interval * SAMPLE_WINDOW_SHARE, cost = cost_window_seconds(interval);

	if (s < SAMPLE_WINDOW_MIN_SECONDS)
		s = SAMPLE_WINDOW_MIN_SECONDS;
	return s > cost ? s : cost;
}

void sample_window_init(struct sample_window *w, bool always, double now)
{
	*w = (struct sample_window){.always = always, .pending_since = now, .share = 1};
}

void sample_window_opened(struct sample_window *w, double before, double after)
{
	if (!w->always && w->opened <= 0)
		w->opened = (before + after) / 2;
}

void sample_window_closed(struct sample_window *w, double before, double after)
{
	if (w->always || w->opened <= 0)
		return;
	w->pending_on += (before + after) / 2 - w->opened;
	w->opened = 0;
}

double sample_window_scale(struct sample_window *w, double now)
{
	double elapsed = now - w->pending_since, scale;

	if (w->always)
		return 1;
	if (w->pending_on <= 0 || elapsed <= 0)
		return 0;
	scale = elapsed / w->pending_on;
	/* A window longer than the time since the last estimate (clock edges): it saw all of it. */
	if (scale < 1)
		scale = 1;
	w->share = 1 / scale;
	w->pending_on = 0;
	w->pending_since = now;
	return scale;
}
