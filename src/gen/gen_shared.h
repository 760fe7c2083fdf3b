// SPDX-License-Identifier: GPL-2.0-only
/* The generator's child and its parent share this page: the child writes, the parent reads without locks. */
#ifndef RXTOP_GEN_SHARED_H
#define RXTOP_GEN_SHARED_H

#include <stdatomic.h>
#include <stdint.h>

#include "gen.h"
#include "gen_burst.h"
#include "tcp_sender.h"

enum gen_state { GEN_STARTING, GEN_RUNNING, GEN_DONE };

/* Each thread's counters on their own cache line: one writer, any number of lock-free readers. */
struct gen_thread_counters {
	_Atomic uint64_t sent, failed, bytes;
	_Atomic uint64_t late; /* frames the pacer owed but skipped because the thread was late */
	atomic_int adding; /* 1 while the thread adds to a burst_ring slot: the fold waits (burst_quiet) */
} __attribute__((aligned(64)));

struct gen_shared {
	atomic_int state;
	atomic_int stop;
	_Atomic uint64_t rate_pps;
	_Atomic uint64_t start_ns, end_ns;
	atomic_uint nthreads;
	atomic_int engine;
	char error[256];
	struct gen_thread_counters threads[GEN_MAX_THREADS];
	/* Frames sent in each millisecond since start_ns, by every thread, folded by the child's main thread.
	 */
	_Atomic uint64_t burst_ring[GEN_BURST_RING];
	atomic_int burst_reset; /* set by the parent: start a new measurement */
	atomic_uint burst_seq;	/* odd while the child writes burst below */
	struct gen_burst_hist burst;
	struct tcp_sender_counters tcp; /* cfg.tcp only */
};

/* The child process's body: sets up, sends until told to stop, returns its exit status (src/gen/gen_child.c).
 */
int gen_child_main(const struct gen_config *cfg, struct gen_shared *shared);

#endif
