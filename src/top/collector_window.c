// SPDX-License-Identifier: GPL-2.0-only
/*
 * With --syscall-counts sampled, sys_enter counts only inside the sampling window, and a window that slows a
 * CPU-bound receiver sees fewer syscalls a second than the rest of the interval: scaled by time, a receiver
 * that makes 1.001 syscalls per packet read 0.57-0.90 (docs/overhead.md). Its syscalls per packet do not
 * change inside the window, so a stack's counted syscalls are scaled by its own packets instead: those of the
 * interval over those of the window. The window's edges are read where its probes' live time begins and ends:
 * after they attach, and before they detach.
 */
#include <string.h>

#include "collector.h"
#include "overhead.h"

/* Fewer packets in a window than this: too few to scale by, the time factor instead. */
#define MIN_WINDOW_PACKETS 64

void collector_stack_packets(const struct collector *c, struct stack_packets *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < c->nstacks && i < SNAP_MAX_STACKS; i++) {
		const struct stack_shm *shm = collector_stack_counters(&c->stacks[i]);
		uint32_t nq = __atomic_load_n(&shm->nqueues, __ATOMIC_ACQUIRE);

		for (uint32_t q = 0; q < nq && q < STACK_MAX_QUEUES; q++)
			out->packets[i] += stack_count_read(&shm->queues[q].packets);
	}
	out->valid = true;
}

void collector_count_scales(struct collector *c, const struct snapshot *snap,
			    struct overhead_count_scales *out)
{
	bool edges = c->window_open.valid && c->window_close.valid && c->last_reading.valid;

	memset(out->stacks, 0, sizeof(out->stacks)); /* read_err is read_stack's */
	for (int i = 0; i < snap->nstacks && i < SNAP_MAX_STACKS; i++) {
		uint64_t open = c->window_open.packets[i], close = c->window_close.packets[i];
		uint64_t before = c->last_reading.packets[i], now = snap->stacks[i].rx_packets;

		if (edges && close >= open + MIN_WINDOW_PACKETS && now >= close && open >= before)
			out->stacks[i] = (double)(now - before) / (double)(close - open);
		c->last_reading.packets[i] = now;
	}
	c->last_reading.valid = true;
	c->window_open.valid = false;
	c->window_close.valid = false;
}
