// SPDX-License-Identifier: GPL-2.0-only
/*
 * A process's scheduler figures since a starting point, from /proc/PID/task/TID/{schedstat,status,stat}: the
 * kernel's own per-thread counters, exact and free to keep, where a sched_switch probe costs every context
 * switch on the machine. Threads that end keep what they had at their last reading.
 */
#ifndef RXTOP_THREAD_SCHED_H
#define RXTOP_THREAD_SCHED_H

#include <stdint.h>
#include <sys/types.h>

/* Summed over the process's threads since sched_tally_start. */
struct sched_totals {
	uint64_t oncpu_ns;     /* schedstat's first field: time on a CPU */
	uint64_t runq_wait_ns; /* its second: runnable, waiting for a CPU */
	uint64_t runq_waits;   /* its third: times switched in, each after a wait (however short) */
	uint64_t offcpu_ns;    /* the time each thread lived since the start (or since it began) off a CPU */
	uint64_t switches_voluntary, switches_involuntary; /* status's *_ctxt_switches */
};

struct sched_tally;

/* The figures of every thread of tgid from now on; NULL with errno set (ESRCH: no such process). */
struct sched_tally *sched_tally_start(pid_t tgid);

/* What the threads did since the start. 0, or -errno (-ESRCH once the process is gone: out keeps the last).
 */
int sched_tally_read(struct sched_tally *t, struct sched_totals *out);

/* NULL is fine. */
void sched_tally_free(struct sched_tally *t);

/* One tally per tracked process, as many as a snapshot has stack and process rows (8 + 32); beyond, the
 * oldest makes room. Zeroed: empty. */
#define SCHED_TALLIES 40
struct sched_tallies {
	struct sched_tally *each[SCHED_TALLIES];
	int next; /* the slot the next one takes */
};

/* Starts tgid's tally unless it has one (logs why when /proc cannot tell). */
void sched_tallies_track(struct sched_tallies *s, pid_t tgid);
/* tgid's tally, or NULL. */
struct sched_tally *sched_tallies_find(const struct sched_tallies *s, pid_t tgid);
void sched_tallies_free(struct sched_tallies *s);

#endif
