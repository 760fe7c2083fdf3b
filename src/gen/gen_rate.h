// SPDX-License-Identifier: GPL-2.0-only
/* Rate control for one generator thread: a shallow token bucket on CLOCK_MONOTONIC; a late thread skips
 * ahead. */
#ifndef RXTOP_GEN_RATE_H
#define RXTOP_GEN_RATE_H

#include <stdatomic.h>
#include <stdint.h>

/*
 * Frames one thread may send at once when paced: a receiver sees at most this many frames back to back from
 * one thread (docs/generator.md "Pacing").
 */
#define GEN_PACER_BURST 64u
/* Gather this long a share of tokens (at most half a burst) before sending: fewer syscalls, and time to sleep
 * between batches instead of spinning on the CPUs the receivers need. */
#define GEN_PACER_BATCH_WINDOW_NS 200000ull
/*
 * A late thread (descheduled, a slow wake-up) repays what it owes at most this much faster than the rate, in
 * batches of at most GEN_PACER_BURST, never as one backlog; it owes at most GEN_PACER_DEBT_NS worth of
 * frames, the rest of a longer stall is forgotten and counted as late.
 */
#define GEN_PACER_CATCHUP_PCT 150u
#define GEN_PACER_DEBT_NS 10000000ull

/* Frames earned at `rate` since origin_ns, on top of the frames done by then. */
struct gen_bucket {
	uint64_t rate;
	uint64_t origin_ns;
	uint64_t origin_done;
};

struct gen_pacer {
	uint64_t rate;		/* frames per second, 0: unlimited */
	struct gen_bucket pace; /* the rate itself: what the thread owes */
	struct gen_bucket ceil; /* the catch-up ceiling: rate x GEN_PACER_CATCHUP_PCT %, depth frames deep */
	uint64_t done;		/* frames consumed so far */
	uint64_t depth;		/* the most frames one batch may carry */
	uint64_t debt;		/* the most frames owed; beyond that, late */
	uint64_t min_batch;	/* wait for this many tokens before returning, to keep syscalls few */
	uint64_t max_batch;	/* the engine's batch */
	uint64_t late;		/* frames owed once but forgotten because the thread was too late */
};

uint64_t gen_now_ns(void);
void gen_pacer_init(struct gen_pacer *p, uint64_t rate, uint64_t max_batch, uint64_t now_ns);
/* A new rate from now on, without a burst or a gap. */
void gen_pacer_set_rate(struct gen_pacer *p, uint64_t rate, uint64_t now_ns);
/*
 * Pure: how many frames may go at now_ns (0 when fewer than min_batch tokens are there yet, else up to
 * min(max_batch, depth)). Frames owed beyond the debt are forgotten here and added to p->late.
 */
uint64_t gen_pacer_ready(struct gen_pacer *p, uint64_t now_ns);
/* Pure: when min_batch tokens will be there (only meaningful while gen_pacer_ready returns 0). */
uint64_t gen_pacer_next_ns(const struct gen_pacer *p);
/* How many frames may go now (1..max_batch); sleeps or spins until there are some, or until *stop. */
uint64_t gen_pacer_wait(struct gen_pacer *p, const atomic_int *stop);
void gen_pacer_consume(struct gen_pacer *p, uint64_t frames);

#endif
