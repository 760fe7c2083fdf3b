/*
 * Sampling windows of the probes that fire per packet, poll or softirq (napi_poll, softirq_entry/exit).
 * Attached, even a probe that returns at once costs its tracepoint call and the BPF dispatch: measured 30-60
 * ns a run on a 2-vCPU VM with retpolines and Safe RET, where veth runs one NAPI poll and one softirq per
 * packet, so these probes alone took 14 % of a 460 kpps receiver's rate. They are attached only for a short
 * window before each reading, and their counts scaled by the time since the last estimate over the time they
 * were attached (src/scaled_count.h). --event-probes always keeps them attached: exact counts.
 */
#ifndef RXTOP_SAMPLE_WINDOW_H
#define RXTOP_SAMPLE_WINDOW_H

#include <stdbool.h>

/* A twentieth of the interval, at least SAMPLE_WINDOW_MIN_SECONDS and at least the cost window (it opens
 * inside this one, so rxtop's cost covers the sampled probes too). */
#define SAMPLE_WINDOW_SHARE 0.05
#define SAMPLE_WINDOW_MIN_SECONDS 0.01

struct sample_window {
	bool always;	      /* --event-probes always: no windows, scale 1 */
	double opened;	      /* monotonic seconds the open window began; 0 when none is open */
	double pending_on;    /* seconds attached since the last estimate */
	double pending_since; /* when the last estimate was made */
	double share;	      /* attached time over elapsed time at the last estimate (1 when always) */
};

/* How long the window of an interval of `interval` seconds is. */
double sample_window_seconds(double interval);

/* now: the monotonic seconds of the first reading. */
void sample_window_init(struct sample_window *w, bool always, double now);

/* Call with the monotonic seconds before and after attaching (opened) or detaching (closed) the probes: a
 * window's edges are the middles of those calls. */
void sample_window_opened(struct sample_window *w, double before, double after);
void sample_window_closed(struct sample_window *w, double before, double after);

/*
 * At a reading (window closed): the factor that turns what the probes counted since the last estimate into
 * an estimate for all that time. 1 when always; 0 when they were not attached since (they counted nothing,
 * and the time carries over to the next estimate).
 */
double sample_window_scale(struct sample_window *w, double now);

#endif
