// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sampling windows of the probes that fire per packet, poll or softirq (napi_poll, softirq_entry/exit).
 * Attached, even a probe that returns at once costs its tracepoint call and the BPF dispatch: measured 30-60
 * ns a run on a 2-vCPU VM with retpolines and Safe RET, where veth runs one NAPI poll and one softirq per
 * packet, so these probes alone took 14 % of a 460 kpps receiver's rate. They are attached only for a short
 * window before each reading; their probe set scales what they counted by the time since its last estimate
 * over the time they were live (probe_set_sample_scale: measured from the end of the attach call to the start
 * of the detach call, since a classic tracepoint takes tens of ms for each). --event-probes always keeps them
 * attached: exact counts. This module only says when a window is open.
 */
#ifndef RXTOP_SAMPLE_WINDOW_H
#define RXTOP_SAMPLE_WINDOW_H

#include <stdbool.h>

/* A twentieth of the interval, at least SAMPLE_WINDOW_MIN_SECONDS and at least the cost window (it opens
 * inside this one, so rxtop's cost covers the sampled probes too). */
#define SAMPLE_WINDOW_SHARE 0.05
#define SAMPLE_WINDOW_MIN_SECONDS 0.01

struct sample_window {
	bool always; /* --event-probes always: no windows */
	bool open;   /* the sampled probes are attached until the next reading */
};

/* How long the window of an interval of `interval` seconds is. */
double sample_window_seconds(double interval);

#endif
