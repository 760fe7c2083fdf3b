// SPDX-License-Identifier: GPL-2.0-only
/* Rate control for one generator thread: a shallow token bucket on CLOCK_MONOTONIC; a late thread skips
 * ahead. */
#include <sched.h>
#include <time.h>

#include "gen_rate.h"

#define NSEC_PER_SEC 1000000000ull
#define SLEEP_MARGIN_NS 60000ull /* wake this early and spin the rest: sleeps overshoot by tens of µs */

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

uint64_t gen_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

static void bucket_start(struct gen_bucket *b, uint64_t rate, uint64_t done, uint64_t now_ns)
{
	b->rate = rate;
	b->origin_ns = now_ns;
	b->origin_done = done;
}

static uint64_t bucket_owed(const struct gen_bucket *b, uint64_t done, uint64_t now_ns)
{
	uint64_t earned, spent = done - b->origin_done;

	if (now_ns <= b->origin_ns)
		return 0;
	earned = (uint64_t)((unsigned __int128)(now_ns - b->origin_ns) * b->rate / NSEC_PER_SEC);
	return earned > spent ? earned - spent : 0;
}

/* Caps what the bucket holds at `cap` frames from now on; returns the frames it forgot. */
static uint64_t bucket_cap(struct gen_bucket *b, uint64_t done, uint64_t now_ns, uint64_t cap)
{
	uint64_t owed = bucket_owed(b, done, now_ns);

	if (owed <= cap)
		return 0;
	b->origin_done = done;
	b->origin_ns = now_ns - (uint64_t)((unsigned __int128)cap * NSEC_PER_SEC / b->rate);
	return owed - cap;
}

/* When the bucket holds `need` frames. */
static uint64_t bucket_ready_ns(const struct gen_bucket *b, uint64_t done, uint64_t need)
{
	unsigned __int128 ns = (unsigned __int128)(done - b->origin_done + need) * NSEC_PER_SEC;

	return b->origin_ns + (uint64_t)((ns + b->rate - 1) / b->rate);
}

void gen_pacer_set_rate(struct gen_pacer *p, uint64_t rate, uint64_t now_ns)
{
	p->rate = rate;
	/*
	 * Small batches and a bounded catch-up: a thread that was descheduled sends at most GEN_PACER_BURST
	 * frames at once on its return and repays the rest at GEN_PACER_CATCHUP_PCT % of the rate, instead of
	 * its whole backlog at once (a 100 ms bucket at 300 kpps dumped up to 30000 frames into socket
	 * buffers that hold a few hundred). A stall beyond GEN_PACER_DEBT_NS is not repaid: reported as late.
	 */
	p->depth = GEN_PACER_BURST < p->max_batch ? GEN_PACER_BURST : p->max_batch;
	p->debt = rate * GEN_PACER_DEBT_NS / NSEC_PER_SEC;
	if (p->debt < p->depth)
		p->debt = p->depth;
	p->min_batch = rate * GEN_PACER_BATCH_WINDOW_NS / NSEC_PER_SEC;
	if (p->min_batch > p->depth / 2)
		p->min_batch = p->depth / 2;
	if (p->min_batch < 1)
		p->min_batch = 1;
	/* A new rate starts from empty buckets: no burst, no gap. */
	bucket_start(&p->pace, rate, p->done, now_ns);
	bucket_start(&p->ceil, rate * GEN_PACER_CATCHUP_PCT / 100, p->done, now_ns);
}

void gen_pacer_init(struct gen_pacer *p, uint64_t rate, uint64_t max_batch, uint64_t now_ns)
{
	p->done = 0;
	p->late = 0;
	p->max_batch = max_batch ? max_batch : 1;
	gen_pacer_set_rate(p, rate, now_ns);
}

uint64_t gen_pacer_ready(struct gen_pacer *p, uint64_t now_ns)
{
	uint64_t owed, room;

	if (p->rate == 0)
		return p->max_batch;
	p->late += bucket_cap(&p->pace, p->done, now_ns, p->debt);
	bucket_cap(&p->ceil, p->done, now_ns, p->depth);
	owed = bucket_owed(&p->pace, p->done, now_ns);
	room = bucket_owed(&p->ceil, p->done, now_ns);
	if (owed > room)
		owed = room; /* catching up: no faster than the ceiling */
	if (owed > p->depth) /* rounding of an origin: never above the bound */
		owed = p->depth;
	return owed >= p->min_batch ? owed : 0;
}

uint64_t gen_pacer_next_ns(const struct gen_pacer *p)
{
	uint64_t pace = bucket_ready_ns(&p->pace, p->done, p->min_batch),
		 ceil = bucket_ready_ns(&p->ceil, p->done, p->min_batch);

	return pace > ceil ? pace : ceil;
}

static void sleep_until(uint64_t at_ns)
{
	struct timespec ts = {.tv_sec = (time_t)(at_ns / NSEC_PER_SEC),
			      .tv_nsec = (long)(at_ns % NSEC_PER_SEC)};

	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

uint64_t gen_pacer_wait(struct gen_pacer *p, const atomic_int *stop)
{
	for (;;) {
		uint64_t now = gen_now_ns(), frames = gen_pacer_ready(p, now), ready_at;

		if (frames)
			return frames;
		if (atomic_load_explicit(stop, memory_order_relaxed))
			return 0;
		ready_at = gen_pacer_next_ns(p);
		if (ready_at > now + 2 * SLEEP_MARGIN_NS)
			sleep_until(ready_at - SLEEP_MARGIN_NS);
		else if (ready_at > now + 5000)
			sched_yield(); /* a receiver's softirq work may wait in ksoftirqd on this very CPU */
		else
			cpu_relax();
	}
}

void gen_pacer_consume(struct gen_pacer *p, uint64_t frames)
{
	p->done += frames;
}
