// SPDX-License-Identifier: GPL-2.0-only
/* One repeat of one cell through rxtop's own session: warm-up cut, measured window, drain, balance. */
#ifndef RXTOP_BENCH_RUN_H
#define RXTOP_BENCH_RUN_H

#include <signal.h>
#include <stddef.h>

#include "bench.h"

/* Set by the signal handler: a run in progress ends early (and reports -EINTR), the bench stops. */
extern volatile sig_atomic_t bench_stop_requested;

struct bench_run_spec {
	const char *stack; /* a stack, or BENCH_XDP_DROP */
	int size;	   /* frame bytes with FCS (0 for TCP) */
	int cores;	   /* queues 0..cores-1, workers pinned to CPUs 0..cores-1 */
	double rate_pps;   /* offered rate; 0 = the generator flat out */
};

/*
 * Runs one repeat in a fresh session (the lab must already have `cores` queues): the receiver starts, the
 * generator starts, the warm-up is cut, the measured window is read, the generator stops and the lab drains.
 * Fills run (rates and cost over the measured window, balance from the generator's start to after the drain)
 * and settings. 0; or -EOPNOTSUPP when the stack cannot run here, another negative errno when the run
 * failed, -EINTR on a stop request; err says why in one line.
 */
int bench_run_once(const struct bench_config *cfg, const struct bench_run_spec *spec, struct bench_run *run,
		   struct bench_settings *settings, char *err, size_t len);

#endif
