// SPDX-License-Identifier: GPL-2.0-only
/* What a receiver pays per packet: the one place each per-packet figure is computed (pure arithmetic). */
#ifndef RXTOP_COST_H
#define RXTOP_COST_H

#include <stdint.h>

#include "snapshot.h"

/* Per-second rate of a cumulative counter; 0 when time did not advance or the counter was reset. */
double rate_per_second(uint64_t before, uint64_t now, double seconds);
/* Share of one CPU, in percent, that a cumulative nanosecond counter grew by. */
double cpu_percent(uint64_t before_ns, uint64_t now_ns, double seconds);
/* How much a counter grew per unit another grew by; 0 when either went back or no unit was added. */
double cost_per_unit(uint64_t before, uint64_t now, uint64_t units_before, uint64_t units_now);

/* The cumulative counters a receiver's cost is derived from: a stack's or a process's. */
struct cost_counters {
	uint64_t packets, bytes, syscalls, ctxsw_voluntary, ctxsw_involuntary;
	uint64_t user_ns, syscall_ns, softirq_ns, wait_ns; /* BPF: tracepoints (src/probes/overhead.c) */
	uint64_t proc_user_ns, proc_sys_ns;		   /* /proc/PID/stat utime, stime */
};

/*
 * Per second and per packet over one interval (see struct cost_rates). A counter that went back (a process
 * restarted) yields 0; no packets yields 0 per packet; no syscalls yields NaN packets per syscall.
 */
void cost_rates(const struct cost_counters *before, const struct cost_counters *now, double seconds,
		struct cost_rates *out);
void stack_cost_counters(const struct stack_sample *s, struct cost_counters *out);
void process_cost_counters(const struct process_sample *p, struct cost_counters *out);

/*
 * A stack's rates between two of its readings: per interval for the sampler, over a whole phase for `rxtop
 * run`'s comparison. Fills now's rx_pps, drops_ps, cpu_user_pct, cpu_sys_pct and rates; before NULL: from
 * zero.
 */
void cost_derive_stack(const struct stack_sample *before, struct stack_sample *now, double seconds);
/* A process's CPU shares and rates between two of its readings. */
void cost_derive_process(const struct process_sample *before, struct process_sample *now, double seconds);

/*
 * The /proc figures per packet of a replayed reading, which has no cumulative CPU counters: from the CPU
 * shares and the packet rate over the same interval, which is the same quotient.
 */
void cost_proc_from_shares(double cpu_user_pct, double cpu_sys_pct, double rx_pps, struct cost_rates *r);

#endif
