// SPDX-License-Identifier: GPL-2.0-only
/* Turns two cumulative readings into rates and the packet ledger: pure arithmetic, no I/O. */
#ifndef RXTOP_SAMPLER_H
#define RXTOP_SAMPLER_H

#include <stdint.h>

#include "snapshot.h"

/* Per-second rate of a cumulative counter; 0 when time did not advance or the counter was reset. */
double rate_per_second(uint64_t before, uint64_t now, double seconds);
/* The cumulative counters a receiver's cost is derived from: a stack's or a process's. */
struct cost_counters {
	uint64_t packets, syscalls, ctxsw_voluntary, ctxsw_involuntary;
	uint64_t user_ns, syscall_ns, softirq_ns, wait_ns;
};

/*
 * Per second and per packet over one interval (see struct cost_rates). A counter that went back (a process
 * restarted) yields 0; no packets yields 0 per packet; no syscalls yields NaN packets per syscall.
 */
void cost_rates(const struct cost_counters *before, const struct cost_counters *now, double seconds,
		struct cost_rates *out);
void stack_cost_counters(const struct stack_sample *s, struct cost_counters *out);
void process_cost_counters(const struct process_sample *p, struct cost_counters *out);
/* Fills cur's rates from the deltas against prev (NULL on the first reading) and its ledger. */
void sampler_derive(const struct snapshot *prev, struct snapshot *cur);
/* The ledger on its own: sent = received + dropped + in flight + unexplained. */
void ledger_compute(struct snapshot *snap);

#endif
