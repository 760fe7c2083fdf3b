// SPDX-License-Identifier: GPL-2.0-only
/* The generator's child process: setup, one pinned thread per queue, counters and burstiness in shared
 * memory.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "gen_engine.h"
#include "gen_frame.h"
#include "gen_rate.h"
#include "gen_shared.h"
#include "log.h"

#define BURST_FOLD_MS 5 /* the child's main thread folds the per-ms counts this often... */
#define BURST_LAG_MS 1	/* ...up to the millisecond before the one under way */

static struct gen_shared *child_shared;

static void on_stop_signal(int sig)
{
	(void)sig;
	atomic_store_explicit(&child_shared->stop, 1, memory_order_relaxed);
}

/* Private until src/sys/netns.h lands: the child stays in the namespace for good, so nothing to restore. */
static int enter_netns(const char *name)
{
	char path[128];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET) < 0)
		err = -errno;
	close(fd);
	return err;
}

struct child {
	struct gen_run run;
	struct gen_shared *shared;
	const struct gen_engine_ops *ops;
	struct gen_thread threads[GEN_MAX_THREADS];
	pthread_t tids[GEN_MAX_THREADS];
	pthread_mutex_t error_lock;
	int failed;	     /* a thread hit a runtime error */
	atomic_uint running; /* sending threads not yet finished */
};

/* One per child process. */
static struct child *the_child;

static void child_error(struct child *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void child_error(struct child *c, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&c->error_lock);
	if (!c->shared->error[0]) {
		va_start(ap, fmt);
		vsnprintf(c->shared->error, sizeof(c->shared->error), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&c->error_lock);
}

/* Thread i's share of a total, the remainder going to the first threads. */
static uint64_t share(uint64_t total, unsigned int i, unsigned int n)
{
	return total / n + (i < total % n ? 1 : 0);
}

static void *thread_main(void *arg)
{
	struct gen_thread *t = arg;
	struct child *c = the_child;
	struct gen_run *run = t->run;
	struct gen_thread_counters *out = &c->shared->threads[t->index];
	uint64_t sent = 0, failed = 0, target = 0, deadline = 0, rate, batch_sent, batch_failed, start_ns;
	struct gen_pacer pacer;
	cpu_set_t cpus;
	int err;

	CPU_ZERO(&cpus);
	CPU_SET(t->cpu, &cpus);
	/* The pinning is the queue choice: veth delivers on queue cpu % queues. */
	err = pthread_setaffinity_np(pthread_self(), sizeof(cpus), &cpus);
	if (err) {
		child_error(c, "gen: pinning thread %u to CPU %d: %s", t->index, t->cpu, strerror(err));
		goto fail;
	}
	err = c->ops->thread_init(t);
	if (err) {
		child_error(c, "gen: %s engine, thread %u: %s", c->ops->name, t->index,
			    run->error[0] ? run->error : strerror(-err));
		goto fail;
	}
	if (t->index == 0)
		sent = run->probe_sent;
	atomic_store_explicit(&out->sent, sent, memory_order_relaxed);
	atomic_store_explicit(&out->bytes, sent * run->cfg.size, memory_order_relaxed);
	if (run->cfg.count) {
		target = share(run->cfg.count, t->index, run->nthreads);
		if (t->index == 0 && target < sent)
			target = sent;
	}
	if (run->cfg.duration_s > 0)
		deadline = atomic_load(&c->shared->start_ns) + (uint64_t)(run->cfg.duration_s * 1e9);
	rate = atomic_load_explicit(&c->shared->rate_pps, memory_order_relaxed);
	start_ns = atomic_load(&c->shared->start_ns);
	/* Tokens accrue from the thread's own start: a late start is not repaid with a burst either. */
	gen_pacer_init(&pacer, share(rate, t->index, run->nthreads), c->ops->max_batch, gen_now_ns());

	for (;;) {
		uint64_t now, n, total_rate;

		if (atomic_load_explicit(&c->shared->stop, memory_order_relaxed))
			break;
		total_rate = atomic_load_explicit(&c->shared->rate_pps, memory_order_relaxed);
		if (total_rate != rate) {
			rate = total_rate;
			gen_pacer_set_rate(&pacer, share(rate, t->index, run->nthreads), gen_now_ns());
		}
		n = gen_pacer_wait(&pacer, &c->shared->stop);
		if (n == 0)
			break;
		if (target) {
			if (sent >= target)
				break;
			if (n > target - sent)
				n = target - sent;
		}
		if (deadline) {
			now = gen_now_ns();
			if (now >= deadline)
				break;
		}
		err = c->ops->send(t, (unsigned int)n, &batch_sent, &batch_failed);
		/* --rate is what gets out: a refused frame is counted as failed and its token stays. */
		gen_pacer_consume(&pacer, batch_sent);
		sent += batch_sent;
		failed += batch_failed;
		/* The millisecond the frames left in: what a receiver sees, clumps and all. */
		atomic_store(&out->adding, 1);
		now = gen_now_ns();
		atomic_fetch_add_explicit(&c->shared->burst_ring[(now - start_ns) / 1000000 % GEN_BURST_RING],
					  batch_sent, memory_order_relaxed);
		atomic_store(&out->adding, 0);
		atomic_store_explicit(&out->sent, sent, memory_order_relaxed);
		atomic_store_explicit(&out->failed, failed, memory_order_relaxed);
		atomic_store_explicit(&out->bytes, sent * run->cfg.size, memory_order_relaxed);
		atomic_store_explicit(&out->late, pacer.late, memory_order_relaxed);
		if (err) {
			child_error(c, "gen: %s engine on %s: %s", c->ops->name, run->cfg.iface,
				    strerror(-err));
			goto fail;
		}
	}
	t->end_ns = gen_now_ns();
	c->ops->thread_fini(t);
	atomic_fetch_sub(&c->running, 1);
	return NULL;
fail:
	t->end_ns = gen_now_ns();
	c->ops->thread_fini(t);
	c->failed = 1;
	atomic_store(&c->shared->stop, 1);
	atomic_fetch_sub(&c->running, 1);
	return NULL;
}

/* Thread count and CPUs: one per tx queue unless told, never more than CPUs we may use or flows we have. */
static int plan_threads(struct gen_run *run)
{
	unsigned int want = run->cfg.threads ? run->cfg.threads : run->tx_queues, n = 0;
	cpu_set_t allowed;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) < 0)
		return -errno;
	for (int cpu = 0; cpu < CPU_SETSIZE && n < GEN_MAX_THREADS; cpu++)
		if (CPU_ISSET(cpu, &allowed))
			run->cpus[n++] = cpu;
	if (want > n)
		want = n;
	if (run->cfg.flows && want > run->cfg.flows)
		want = run->cfg.flows; /* a flow stays on one queue, as RSS would keep it */
	run->nthreads = want ? want : 1;
	if (!run->cfg.flows)
		run->cfg.flows = run->nthreads;
	return 0;
}

static int build_frames(struct gen_run *run)
{
	struct gen_frame_spec spec = {
	    .src = run->cfg.src,
	    .dst = run->cfg.dst,
	    .dst_port = run->cfg.port,
	    .size = run->cfg.size,
	};

	memcpy(spec.src_mac, run->src_mac, 6);
	memcpy(spec.dst_mac, run->cfg.dst_mac, 6);
	run->frames = calloc(run->cfg.flows, run->cfg.size);
	if (!run->frames)
		return -ENOMEM;
	for (unsigned int f = 0; f < run->cfg.flows; f++) {
		spec.src_port = (uint16_t)(GEN_FLOW_PORT_BASE + f);
		gen_frame_build(gen_run_frame(run, f), &spec);
	}
	return 0;
}

/*
 * Picks and opens the engine; with "auto" a failing xdp engine quietly yields to the packet engine, and a set
 * rate goes to the packet engine: one BPF_PROG_TEST_RUN call can stall for milliseconds on a busy host, so
 * the xdp engine's frames come in clumps a paced receiver mistakes for loss of its own (docs/generator.md).
 */
static int open_engine(struct child *c)
{
	struct gen_run *run = &c->run;
	int err;

	if (run->cfg.engine == GEN_ENGINE_XDP || (run->cfg.engine == GEN_ENGINE_AUTO && !run->cfg.rate_pps)) {
		c->ops = &gen_engine_xdp;
		run->engine = GEN_ENGINE_XDP;
		err = c->ops->open(run);
		if (!err || run->cfg.engine == GEN_ENGINE_XDP)
			return err;
		log_debug("gen: %s; using the packet engine", run->error);
		run->error[0] = '\0';
	}
	c->ops = &gen_engine_packet;
	run->engine = GEN_ENGINE_PACKET;
	return c->ops->open(run);
}

/* Publishes the histogram for the parent under a sequence count (odd while it changes). */
static void burst_publish(struct gen_shared *shared, const struct gen_burst_hist *h)
{
	atomic_fetch_add(&shared->burst_seq, 1);
	memcpy(&shared->burst, h, sizeof(*h));
	atomic_fetch_add(&shared->burst_seq, 1);
}

/*
 * True when no thread is between its clock reading and its add: any add from now on reads the clock after
 * the caller's, so milliseconds before the caller's clock are final (sequentially consistent stores and
 * loads).
 */
static bool burst_quiet(const struct child *c)
{
	for (unsigned int i = 0; i < c->run.nthreads; i++)
		if (atomic_load(&c->shared->threads[i].adding))
			return false;
	return true;
}

/* The child's measurement of its burstiness; one per child process. */
static struct gen_burst_hist burst_hist;
static uint64_t burst_next_ms = 1; /* millisecond 0 is a partial one: left out */

/*
 * While the threads send: every few ms, fold the finished milliseconds into the histogram. A new rate or the
 * parent's request starts a new measurement, skipping the millisecond under way.
 */
static void burst_monitor_until_done(struct child *c)
{
	struct gen_shared *shared = c->shared;
	uint64_t start = atomic_load(&shared->start_ns), now_ms, rate = atomic_load(&shared->rate_pps);
	uint64_t deadline_ms = (uint64_t)(c->run.cfg.duration_s * 1000);
	struct timespec tick = {.tv_nsec = BURST_FOLD_MS * 1000000L};

	gen_burst_hist_reset(&burst_hist);
	while (atomic_load(&c->running) > 0) {
		nanosleep(&tick, NULL);
		now_ms = (gen_now_ns() - start) / 1000000;
		if (atomic_exchange(&shared->burst_reset, 0) || atomic_load(&shared->rate_pps) != rate) {
			rate = atomic_load(&shared->rate_pps);
			gen_burst_fold(shared->burst_ring, &burst_next_ms, now_ms + 1, NULL);
			gen_burst_hist_reset(&burst_hist);
			burst_publish(shared, &burst_hist);
			continue;
		}
		if (now_ms > BURST_LAG_MS && burst_quiet(c)) {
			uint64_t upto = now_ms - BURST_LAG_MS;

			/* The milliseconds after --duration are the threads' way out, not sending time. */
			if (deadline_ms && upto > deadline_ms)
				upto = deadline_ms;
			gen_burst_fold(shared->burst_ring, &burst_next_ms, upto, &burst_hist);
			burst_publish(shared, &burst_hist);
		}
	}
}

/* Once every thread ended: the rest, up to the last millisecond, which is a partial one and left out. */
static void burst_finish(struct child *c)
{
	struct gen_shared *shared = c->shared;
	uint64_t end_ms = (atomic_load(&shared->end_ns) - atomic_load(&shared->start_ns)) / 1000000,
		 deadline_ms = (uint64_t)(c->run.cfg.duration_s * 1000);

	if (deadline_ms && end_ms > deadline_ms)
		end_ms = deadline_ms;

	gen_burst_fold(shared->burst_ring, &burst_next_ms, end_ms, &burst_hist);
	burst_publish(shared, &burst_hist);
}

/* cfg.tcp: lasting connections from this namespace until stopped; exit 1 only when sending cannot go on. */
static int child_tcp(struct child *c)
{
	const struct gen_config *cfg = &c->run.cfg;
	int connections = cfg->flows ? (int)cfg->flows : 4, err;
	char dst[INET_ADDRSTRLEN];

	if (connections > TCP_SENDER_MAX_CONNECTIONS)
		connections = TCP_SENDER_MAX_CONNECTIONS;
	inet_ntop(AF_INET, &cfg->dst, dst, sizeof(dst));
	atomic_store(&c->shared->engine, GEN_ENGINE_TCP);
	atomic_store(&c->shared->nthreads, (unsigned int)connections);
	atomic_store(&c->shared->start_ns, gen_now_ns());
	atomic_store(&c->shared->state, GEN_RUNNING);
	err = tcp_sender_serve(dst, cfg->port, connections, &c->shared->stop, &c->shared->tcp);
	atomic_store(&c->shared->end_ns, gen_now_ns());
	atomic_store(&c->shared->state, GEN_DONE);
	if (err) {
		child_error(c, "gen: tcp to %s:%u: %s", dst, cfg->port, strerror(-err));
		return EXIT_RUNTIME;
	}
	return 0;
}

/* Setup failures are the environment's (exit 2), failures while sending are runtime ones (exit 1). */
int gen_child_main(const struct gen_config *cfg, struct gen_shared *shared)
{
	static struct child c;
	struct gen_run *run = &c.run;
	struct sigaction sa = {.sa_handler = on_stop_signal};
	uint64_t end;
	int err;

	the_child = &c;
	c.shared = shared;
	pthread_mutex_init(&c.error_lock, NULL);
	run->cfg = *cfg;
	child_shared = shared;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (cfg->netns[0] && (err = enter_netns(cfg->netns))) {
		child_error(&c, "gen: network namespace %s: %s", cfg->netns, strerror(-err));
		return EXIT_USAGE;
	}
	if (cfg->tcp)
		return child_tcp(&c);
	err = gen_iface_info(cfg->iface, &run->ifindex, run->src_mac, &run->tx_queues);
	if (err) {
		child_error(&c, "gen: interface %s%s%s: %s", cfg->iface,
			    cfg->netns[0] ? " in namespace " : "", cfg->netns, strerror(-err));
		return EXIT_USAGE;
	}
	if (!cfg->have_dst_mac && gen_neighbour_mac(cfg->iface, cfg->dst, run->cfg.dst_mac)) {
		child_error(
		    &c, "gen: no neighbour entry for %s on %s; pass --dst-mac or add one (ip neigh replace)",
		    inet_ntoa(cfg->dst), cfg->iface);
		return EXIT_USAGE;
	}
	err = plan_threads(run);
	if (!err)
		err = build_frames(run);
	if (err) {
		child_error(&c, "gen: setup: %s", strerror(-err));
		return EXIT_RUNTIME;
	}
	err = open_engine(&c);
	if (err) {
		child_error(&c, "gen: %s", run->error[0] ? run->error : strerror(-err));
		return EXIT_USAGE;
	}
	atomic_store(&shared->engine, run->engine);
	atomic_store(&shared->nthreads, run->nthreads);
	atomic_store(&shared->start_ns, gen_now_ns());
	atomic_store(&shared->state, GEN_RUNNING);
	atomic_store(&c.running, run->nthreads);
	for (unsigned int i = 0; i < run->nthreads; i++) {
		struct gen_thread *t = &c.threads[i];

		t->run = run;
		t->index = i;
		t->cpu = run->cpus[i];
		t->fd = -1;
		t->flow_count = (run->cfg.flows - i + run->nthreads - 1) / run->nthreads;
		err = pthread_create(&c.tids[i], NULL, thread_main, t);
		if (err) {
			child_error(&c, "gen: starting thread %u: %s", i, strerror(err));
			atomic_store(&shared->stop, 1);
			atomic_fetch_sub(&c.running, run->nthreads - i);
			run->nthreads = i;
			c.failed = 1;
			break;
		}
	}
	end = 0;
	burst_monitor_until_done(&c);
	for (unsigned int i = 0; i < run->nthreads; i++) {
		pthread_join(c.tids[i], NULL);
		if (c.threads[i].end_ns > end)
			end = c.threads[i].end_ns;
	}
	atomic_store(&shared->end_ns, end);
	burst_finish(&c);
	c.ops->close(run);
	free(run->frames);
	atomic_store(&shared->state, GEN_DONE);
	return c.failed ? EXIT_RUNTIME : 0;
}
