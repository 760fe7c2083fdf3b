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

void gen_pacer_set_rate(struct gen_pacer *p, uint64_t rate, uint64_t now_ns)
{
	p->rate = rate;
	p->origin_ns = now_ns;
	p->origin_done = p->done;
	/*
	 * A shallow bucket: a thread that was descheduled sends at most GEN_PACER_BURST frames at once on its
	 * return instead of its whole backlog (a 100 ms bucket at 300 kpps dumped 30000 frames into a socket
	 * buffer that holds a few hundred). The rate it missed is reported as late, not made up.
	 */
	p->depth = GEN_PACER_BURST < p->max_batch ? GEN_PACER_BURST : p->max_batch;
	p->min_batch = rate * GEN_PACER_BATCH_WINDOW_NS / NSEC_PER_SEC;
	if (p->min_batch > p->depth / 2)
		p->min_batch = p->depth / 2;
	if (p->min_batch < 1)
		p->min_batch = 1;
}

void gen_pacer_init(struct gen_pacer *p, uint64_t rate, uint64_t max_batch, uint64_t now_ns)
{
	p->done = 0;
	p->late = 0;
	p->max_batch = max_batch ? max_batch : 1;
	gen_pacer_set_rate(p, rate, now_ns);
}

static uint64_t owed(const struct gen_pacer *p, uint64_t now_ns)
{
	uint64_t earned, spent = p->done - p->origin_done;

	if (now_ns <= p->origin_ns)
		return 0;
	earned = (uint64_t)((unsigned __int128)(now_ns - p->origin_ns) * p->rate / NSEC_PER_SEC);
	return earned > spent ? earned - spent : 0;
}

uint64_t gen_pacer_ready(struct gen_pacer *p, uint64_t now_ns)
{
	uint64_t frames;

	if (p->rate == 0)
		return p->max_batch;
	frames = owed(p, now_ns);
	if (frames > p->depth) {
		/* Late: forget what the stall earned beyond the bucket, and say so. */
		p->late += frames - p->depth;
		p->origin_done = p->done;
		p->origin_ns = now_ns - (uint64_t)((unsigned __int128)p->depth * NSEC_PER_SEC / p->rate);
		frames = owed(p, now_ns);
		if (frames > p->depth) /* rounding of origin_ns: never above the bound */
			frames = p->depth;
	}
	return frames >= p->min_batch ? frames : 0;
}

uint64_t gen_pacer_next_ns(const struct gen_pacer *p)
{
	unsigned __int128 need = (unsigned __int128)(p->done - p->origin_done + p->min_batch) * NSEC_PER_SEC;

	return p->origin_ns + (uint64_t)((need + p->rate - 1) / p->rate);
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
