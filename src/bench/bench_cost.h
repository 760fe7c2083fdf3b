// SPDX-License-Identifier: GPL-2.0-only
/* One run's figures from rxtop's own readings: balance, attribution per packet and the receiver's settings.
 */
#ifndef RXTOP_BENCH_COST_H
#define RXTOP_BENCH_COST_H

#include <stdbool.h>

#include "bench.h"
#include "snapshot.h"

/*
 * CPU ns per packet (user, syscall, softirq), syscalls and context switches per packet of a stack between
 * two readings: the sampler's cost_rates over stack_cost_counters, as the live view derives them.
 */
void bench_cost_of_stack(const struct stack_sample *before, const struct stack_sample *after, double seconds,
			 struct bench_cost *out);
/* The XDP_DROP ceiling has no process: its cost is the NET_RX softirq time per packet seen at XDP. */
void bench_cost_of_xdp(const struct snapshot *before, const struct snapshot *after, struct bench_cost *out);
/* Packets the first interface's rxtop program saw (all queues), cumulative. */
uint64_t bench_xdp_packets(const struct snapshot *snap);
/*
 * The run's packet balance between the reading before its traffic (a) and the one after the drain (d), from
 * the ledger (ledger_compute): sent = received + dropped + unexplained. Without rxtop's generator
 * (gen_none) sent is what the interface counted (received + dropped in sysfs). Also the main drop row.
 * Modifies a's and d's ledgers.
 */
void bench_balance(struct snapshot *a, struct snapshot *d, bool gen_none, struct bench_run *run);
/*
 * TCP's balance is in bytes: sent is what the lab's sender had acknowledged, received what the receiver read
 * (both over the whole run, the drain included), dropped 0 (TCP retransmits what the kernel drops) and
 * unexplained what was acknowledged but never read. Without rxtop's sender (gen_none) sent is not known and
 * is taken as read. The main drop row leaves out duplicate segments (retransmissions, not loss).
 */
void bench_balance_tcp(const struct snapshot *a, const struct snapshot *d, uint64_t acked, uint64_t read,
		       bool gen_none, struct bench_run *run);
/* The settings a stack ran with (rcvbuf 0 reads as the system's default), and the counter's hook. */
void bench_settings_fill(const char *stack, const struct stack_config *cfg, const char *counter_mode,
			 struct bench_settings *out);

#endif
