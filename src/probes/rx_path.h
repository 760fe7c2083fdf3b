// SPDX-License-Identifier: GPL-2.0-only
/* Where each rx queue's receive path runs: IRQ, its affinity, NAPI instance and thread, softirq CPUs,
 * receivers.
 */
#ifndef RXTOP_RX_PATH_H
#define RXTOP_RX_PATH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "snapshot.h"

struct rx_path_map;

/* refresh_s: the system is read at most that often (IRQ and NAPI numbers five times less often); NULL on
 * ENOMEM. */
struct rx_path_map *rx_path_open(double refresh_s);
void rx_path_close(struct rx_path_map *m);

/* The counters the next reading's "since the previous look" sets start from (/proc/interrupts,
 * /proc/softirqs). */
void rx_path_look(struct rx_path_map *m);

/*
 * What the napi_poll probe (src/probes/trace.c) knows, from the caller that has it: per-CPU poll counts of
 * one queue, cumulative (the softirq CPUs are then that queue's own, not the whole NET_RX softirq's; how many
 * CPUs written, or <= 0), and the NAPI id it polled the queue with (0: none seen).
 */
struct rx_path_probe {
	int (*polls)(void *ctx, int ifindex, int queue, unsigned int napi_id, uint64_t *polls, int ncpus);
	unsigned int (*napi_id)(void *ctx, int ifindex, int queue);
	void *ctx;
};

/*
 * Fills every queue row's path in snap. Its receivers are the stacks' workers (tied to their queue) and the
 * threads of snap's processes (any queue). Reads the system when refresh_s has passed (or force), else
 * repeats the last reading.
 */
void rx_path_read(struct rx_path_map *m, struct snapshot *snap, const struct rx_path_probe *probe,
		  bool force);

/* procfs readers (src/probes/rx_path_proc.c). */
/* The CPU a thread last ran on (/proc/PID/task/TID/stat field 39), or -1. */
int thread_last_cpu(pid_t pid, pid_t tid);
/* A thread's affinity (sched_getaffinity); 0 or -errno. */
int thread_affinity(pid_t tid, struct snap_cpus *out);
/* Up to max thread ids of pid (/proc/PID/task); how many, or -errno. */
int process_threads(pid_t pid, pid_t *out, int max);
/* /proc/irq/IRQ/FILE as a CPU set; 0 or -errno. */
int irq_cpus_read(int irq, const char *file, struct snap_cpus *out);

/* Per-CPU counts of every interrupt line (/proc/interrupts) and of the NET_RX softirq (/proc/softirqs). */
struct irq_counts {
	int ncpus, nirqs, cap;
	int *irqs;	   /* the numbered lines only */
	char (*names)[48]; /* their last word: the action ("eth0-TxRx-0") */
	uint64_t *counts;  /* nirqs x ncpus */
	uint64_t net_rx[SNAP_MAX_CPUS];
	bool have_net_rx;
};
/* Reads both files into c (its arrays grow as needed); 0 or -errno. */
int irq_counts_read(struct irq_counts *c);
/* Parses /proc/interrupts text (for tests too); 0 or -EINVAL. */
int irq_counts_parse(struct irq_counts *c, const char *text);
void irq_counts_free(struct irq_counts *c);
/* The line of irq, or -1. */
int irq_counts_find(const struct irq_counts *c, int irq);
/* The IRQ whose action names ifname's rx queue ("IFACE-TxRx-Q", "IFACE-rx-Q", "drv-IFACE-TxRx-Q"), or -1. */
int irq_counts_by_name(const struct irq_counts *c, const char *ifname, int queue);

/* CPU set helpers, for the views. */
static inline bool snap_cpus_has(const struct snap_cpus *s, int cpu)
{
	return cpu >= 0 && cpu < SNAP_MAX_CPUS && (s->bits[cpu / 64] >> (cpu % 64)) & 1;
}
static inline void snap_cpus_set(struct snap_cpus *s, int cpu)
{
	if (cpu >= 0 && cpu < SNAP_MAX_CPUS)
		s->bits[cpu / 64] |= 1ULL << (cpu % 64);
}
bool snap_cpus_empty(const struct snap_cpus *s);
/* "0-3,6"; "" when empty. */
void snap_cpus_format(const struct snap_cpus *s, char *buf, size_t len);
/* Parses a kernel CPU list ("0-3,6\n"); 0 or -EINVAL. */
int snap_cpus_parse(const char *text, struct snap_cpus *out);

#endif
