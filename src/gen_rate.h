/* Rate control for one generator thread: a shallow token bucket on CLOCK_MONOTONIC; a late thread skips
 * ahead. */
#ifndef RXTOP_GEN_RATE_H
#define RXTOP_GEN_RATE_H

#include <stdatomic.h>
#include <stdint.h>

/*
 * Frames one thread may send at once when paced, and the most tokens its bucket holds. A receiver sees at
 * most this many frames back to back from one thread; a stall longer than that is not repaid, its tokens are
 * counted as late instead (docs/generator.md "Pacing").
 */
#define GEN_PACER_BURST 64u
/* Gather this long a share of tokens (at most half the bucket) before sending: fewer syscalls, and time to
 * sleep between batches instead of spinning on the CPUs the receivers need. */
#define GEN_PACER_BATCH_WINDOW_NS 200000ull

struct gen_pacer {
	uint64_t rate;	      /* frames per second, 0: unlimited */
	uint64_t origin_ns;   /* tokens accrue from here... */
	uint64_t origin_done; /* ...on top of the frames done by then */
	uint64_t done;	      /* frames consumed so far */
	uint64_t depth;	      /* the bucket: at most this many frames owed, the rest is late */
	uint64_t min_batch;   /* wait for this many tokens before returning, to keep syscalls few */
	uint64_t max_batch;   /* the engine's batch; a paced batch is also at most depth */
	uint64_t late;	      /* frames owed once but forgotten because the thread was late */
};

uint64_t gen_now_ns(void);
void gen_pacer_init(struct gen_pacer *p, uint64_t rate, uint64_t max_batch, uint64_t now_ns);
/* A new rate from now on, without a burst or a gap. */
void gen_pacer_set_rate(struct gen_pacer *p, uint64_t rate, uint64_t now_ns);
/*
 * Pure: how many frames may go at now_ns (0 when fewer than min_batch tokens are there yet, else up to
 * min(max_batch, depth)). Tokens beyond the bucket's depth are dropped here and added to p->late.
 */
uint64_t gen_pacer_ready(struct gen_pacer *p, uint64_t now_ns);
/* Pure: when min_batch tokens will be there (only meaningful while gen_pacer_ready returns 0). */
uint64_t gen_pacer_next_ns(const struct gen_pacer *p);
/* How many frames may go now (1..max_batch); sleeps or spins until there are some, or until *stop. */
uint64_t gen_pacer_wait(struct gen_pacer *p, const atomic_int *stop);
void gen_pacer_consume(struct gen_pacer *p, uint64_t frames);

#endif
