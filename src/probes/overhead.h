// SPDX-License-Identifier: GPL-2.0-only
/* Overhead attribution: syscalls, context switches, run-queue wait, io_uring events and NET_RX softirq time.
 */
#ifndef RXTOP_OVERHEAD_H
#define RXTOP_OVERHEAD_H

#include <stdint.h>
#include <sys/types.h>

#include "probe_attach.h" /* struct bpf_prog_cost */
#include "snapshot.h"

struct overhead;

/*
 * Loads and attaches every overhead probe the running kernel has, each through a BPF link, each on the best
 * of tp_btf, raw_tp, classic tracepoint that works (mounting tracefs only if a probe gets that far). Probes
 * the kernel lacks or refuses are "missing", never fatal; only when none attaches does it fail.
 * RXTOP_OVERHEAD_ATTACH=raw_tp| tracepoint starts the ladder lower (for tests). Returns 0 and *out, or a
 * negative errno with one line in errbuf saying why.
 */
int overhead_open(struct overhead **out, char *errbuf, size_t errlen);

/* Starts counting the threads of process tgid (its counts start at zero). 0, or a negative errno. */
int overhead_track(struct overhead *o, pid_t tgid);

/*
 * Makes the NET_RX softirq probes, sys_exit and the sched pair sampled (src/probes/probe_attach.h:
 * probe_set_sample) and detaches them until the first overhead_window. The softirq pair runs twice per
 * softirq, and on veth that is once per packet; the sched pair runs on every switch and wakeup on the
 * machine, and its switch, on-CPU and run-queue figures then come from the tracked threads' /proc counters
 * (src/sys/thread_sched.h). counts: sys_enter too, and the syscall counts become estimates (--syscall-counts
 * sampled): any program there costs every syscall on the machine ~115 ns on the development VM.
 */
void overhead_sample(struct overhead *o, bool counts);

/* The traffic stopped at monotonic time `when`: the next estimate spreads its window's counts up to then
 * only. */
void overhead_quiet_from(struct overhead *o, double when);

/* Opens (attaches the sampled probes) or closes a sampling window. 0 or how many attached, or a negative
 * errno. */
int overhead_window(struct overhead *o, bool open);

/*
 * With sampled syscall counts: per stack row of the snapshot (same index), the factor for the syscalls
 * sys_enter counted in the sampling window: the interval's packets over the window's. A receiver makes as
 * many syscalls per packet inside the window as outside even when the probe slows it there, and a CPU-bound
 * one is slowed there (the time factor then read 0.57-0.90 syscalls per packet for one that makes 1.001). 0:
 * no packets to go by, the time factor. Process rows always take the time factor: their packets are the
 * interfaces' offered traffic.
 */
struct overhead_count_scales {
	double stacks[SNAP_MAX_STACKS];
	/*
	 * Per stack row, what overhead_process returned when the caller read the row's counts into it, right
	 * after its packets. Per packet, a count read apart from the packets it is divided by is skewed by
	 * what the receiver did in between: a reader preempted there for 17 ms read a receiver that makes one
	 * syscall per datagram at 0.983.
	 */
	int read_err[SNAP_MAX_STACKS];
};

/*
 * Fills, for every stack row and process row already in snap whose pid has been tracked, the overhead fields
 * (stack_sample.overhead / process_sample.overhead, .syscalls), snap->softirq (NET_RX time per CPU; when
 * sampled, estimates: the growth since the last reading times the time since over the time the probes were
 * live) and, for every row, softirq_ns = that of all CPUs; appends this module's rows to snap->probes and
 * adds to snap->events_lost. Call it after the rows exist (collector_read: after the stacks and processes).
 * scales: see above (NULL: the time factor for every row, and the stack rows' counts read here). Returns 0
 * or a negative errno.
 */
int overhead_read(struct overhead *o, struct snapshot *snap, const struct overhead_count_scales *scales);

/* The cumulative overhead of one tracked process; 0, or -ENOENT when nothing was counted for it. */
int overhead_process(struct overhead *o, pid_t tgid, struct overhead_sample *out);

/* Cumulative NET_RX softirq time of all CPUs as the probes counted it (not scaled: the time they were
 * attached); per_cpu (may be NULL) gets up to ncpus values. 0 when missing. */
uint64_t overhead_softirq_ns(struct overhead *o, uint64_t *per_cpu, int ncpus);

/* The OVERHEAD_HAVE_* metrics whose probes are attached. */
uint32_t overhead_have(const struct overhead *o);

/* This module's probe rows ("sched:sched_switch", "tp_btf"|"raw_tp"|"tracepoint"|"missing"); returns how
 * many. */
int overhead_probes(const struct overhead *o, struct probe_status *out, int max);

/* What each attached program has cost so far (rxtop's own overhead; .probe and .attach name it); returns how
 * many were written, or a negative errno. */
int overhead_costs(struct overhead *o, struct bpf_prog_cost *out, int max);

/* Detaches everything, releases tracefs (unmounted when rxtop mounted it and no one else uses it), frees o;
 * NULL is fine. */
void overhead_close(struct overhead *o);

#endif
