/* Rate control for one generator thread: a token bucket on CLOCK_MONOTONIC that sleeps when far ahead. */
#ifndef RXTOP_GEN_RATE_H
#define RXTOP_GEN_RATE_H

#include <stdatomic.h>
#include <stdint.h>

struct gen_pacer {
	uint64_t rate;	      /* frames per second, 0: unlimited */
	uint64_t origin_ns;   /* tokens accrue from here... */
	uint64_t origin_done; /* ...on top of the frames done by then */
	uint64_t done;	      /* frames consumed so far */
	uint64_t depth;	    /* at most this many frames owed: a stall is not repaid with a burst beyond it */
	uint64_t min_batch; /* wait for this many tokens before returning, to keep syscalls few */
	uint64_t max_batch;
};

uint64_t gen_now_ns(void);
void gen_pacer_init(struct gen_pacer *p, uint64_t rate, uint64_t max_batch, uint64_t now_ns);
/* A new rate from now on, without a burst or a gap. */
void gen_pacer_set_rate(struct gen_pacer *p, uint64_t rate, uint64_t now_ns);
/* How many frames may go now (1..max_batch); sleeps or spins until there are some, or until *stop. */
uint64_t gen_pacer_wait(struct gen_pacer *p, const atomic_int *stop);
void gen_pacer_consume(struct gen_pacer *p, uint64_t frames);

#endif
