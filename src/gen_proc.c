/* The generator's child process: setup, one pinned thread per queue, counters in shared memory; and its API.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "child_fds.h"
#include "gen.h"
#include "gen_engine.h"
#include "gen_frame.h"
#include "gen_rate.h"
#include "log.h"

#define START_TIMEOUT_MS 10000
#define STOP_GRACE_MS 3000

enum gen_state { GEN_STARTING, GEN_RUNNING, GEN_DONE };

/* Each thread's counters on their own cache line: one writer, any number of lock-free readers. */
struct gen_thread_counters {
	_Atomic uint64_t sent, failed, bytes;
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
};

void gen_config_init(struct gen_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->size = 64;
	inet_pton(AF_INET, GEN_DEFAULT_SRC, &cfg->src);
	inet_pton(AF_INET, GEN_DEFAULT_DST, &cfg->dst);
	cfg->port = GEN_DEFAULT_PORT;
	cfg->engine = GEN_ENGINE_AUTO;
}

const char *gen_engine_name(enum gen_engine_kind kind)
{
	switch (kind) {
	case GEN_ENGINE_XDP:
		return "xdp";
	case GEN_ENGINE_PACKET:
		return "packet";
	default:
		return "auto";
	}
}

int gen_engine_parse(const char *name, enum gen_engine_kind *out)
{
	static const enum gen_engine_kind kinds[] = {GEN_ENGINE_AUTO, GEN_ENGINE_XDP, GEN_ENGINE_PACKET};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(name, gen_engine_name(kinds[i])) == 0) {
			*out = kinds[i];
			return 0;
		}
	return -EINVAL;
}

/* ---- the child ---- */

static struct gen_shared *child_shared;

static void on_stop_signal(int sig)
{
	(void)sig;
	atomic_store_explicit(&child_shared->stop, 1, memory_order_relaxed);
}

/* Private until src/netns.h lands: the child stays in the namespace for good, so nothing to restore. */
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
	int failed; /* a thread hit a runtime error */
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
	uint64_t sent = 0, failed = 0, target = 0, deadline = 0, rate, batch_sent, batch_failed;
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
	/* Tokens accrue from the common start, so a thread that started late catches up. */
	gen_pacer_init(&pacer, share(rate, t->index, run->nthreads), c->ops->max_batch,
		       atomic_load(&c->shared->start_ns));

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
		atomic_store_explicit(&out->sent, sent, memory_order_relaxed);
		atomic_store_explicit(&out->failed, failed, memory_order_relaxed);
		atomic_store_explicit(&out->bytes, sent * run->cfg.size, memory_order_relaxed);
		if (err) {
			child_error(c, "gen: %s engine on %s: %s", c->ops->name, run->cfg.iface,
				    strerror(-err));
			goto fail;
		}
	}
	t->end_ns = gen_now_ns();
	c->ops->thread_fini(t);
	return NULL;
fail:
	t->end_ns = gen_now_ns();
	c->ops->thread_fini(t);
	c->failed = 1;
	atomic_store(&c->shared->stop, 1);
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

/* Picks and opens the engine; with "auto" a failing xdp engine quietly yields to the packet engine. */
static int open_engine(struct child *c)
{
	struct gen_run *run = &c->run;
	int err;

	if (run->cfg.engine != GEN_ENGINE_PACKET) {
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

/* Setup failures are the environment's (exit 2), failures while sending are runtime ones (exit 1). */
static int child_main(const struct gen_config *cfg, struct gen_shared *shared)
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
			run->nthreads = i;
			c.failed = 1;
			break;
		}
	}
	end = 0;
	for (unsigned int i = 0; i < run->nthreads; i++) {
		pthread_join(c.tids[i], NULL);
		if (c.threads[i].end_ns > end)
			end = c.threads[i].end_ns;
	}
	atomic_store(&shared->end_ns, end);
	c.ops->close(run);
	free(run->frames);
	atomic_store(&shared->state, GEN_DONE);
	return c.failed ? EXIT_RUNTIME : 0;
}

/* ---- the API, in the parent ---- */

static void sleep_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void reap(struct gen_proc *proc, int status)
{
	if (WIFEXITED(status))
		proc->exit_status = WEXITSTATUS(status);
	else
		proc->exit_status = EXIT_RUNTIME; /* killed: its counters are still the last it published */
	proc->pid = 0;
}

int gen_start(const struct gen_config *cfg, struct gen_proc *proc)
{
	pid_t parent = getpid();
	int waited, status;

	memset(proc, 0, sizeof(*proc));
	proc->shared =
	    mmap(NULL, sizeof(*proc->shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (proc->shared == MAP_FAILED) {
		proc->shared = NULL;
		log_user("gen: mmap: %s", strerror(errno));
		return -EXIT_RUNTIME;
	}
	atomic_store(&proc->shared->rate_pps, cfg->rate_pps);
	fflush(NULL);
	proc->pid = fork();
	if (proc->pid < 0) {
		log_user("gen: fork: %s", strerror(errno));
		proc->pid = 0;
		return -EXIT_RUNTIME;
	}
	if (proc->pid == 0) {
		/* Dies with rxtop, even by kill -9; the check closes the race with a parent already gone. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(EXIT_RUNTIME);
		prctl(PR_SET_NAME, "rxtop-gen");
		child_close_inherited_fds(-1);
		_exit(child_main(cfg, proc->shared));
	}
	for (waited = 0; waited < START_TIMEOUT_MS; waited++) {
		if (atomic_load(&proc->shared->state) != GEN_STARTING)
			return 0;
		if (waitpid(proc->pid, &status, WNOHANG) == proc->pid) {
			reap(proc, status);
			log_user("%s",
				 proc->shared->error[0] ? proc->shared->error : "gen: the generator exited");
			return -(proc->exit_status ? proc->exit_status : EXIT_RUNTIME);
		}
		sleep_ms(1);
	}
	log_user("gen: the generator did not start within %d s", START_TIMEOUT_MS / 1000);
	gen_stop(proc);
	return -EXIT_RUNTIME;
}

void gen_read(const struct gen_proc *proc, uint64_t *sent, uint64_t *failed, uint64_t *bytes)
{
	uint64_t s = 0, f = 0, b = 0;

	for (unsigned int i = 0; proc->shared && i < GEN_MAX_THREADS; i++) {
		const struct gen_thread_counters *t = &proc->shared->threads[i];

		s += atomic_load_explicit(&t->sent, memory_order_relaxed);
		f += atomic_load_explicit(&t->failed, memory_order_relaxed);
		b += atomic_load_explicit(&t->bytes, memory_order_relaxed);
	}
	if (sent)
		*sent = s;
	if (failed)
		*failed = f;
	if (bytes)
		*bytes = b;
}

int gen_set_rate(struct gen_proc *proc, uint64_t pps)
{
	if (!proc->shared || !proc->pid)
		return -ESRCH;
	atomic_store_explicit(&proc->shared->rate_pps, pps, memory_order_relaxed);
	return 0;
}

int gen_wait(struct gen_proc *proc, int timeout_ms)
{
	int status;

	for (int waited = 0; proc->pid; waited += 10) {
		if (waitpid(proc->pid, &status, WNOHANG) == proc->pid) {
			reap(proc, status);
			break;
		}
		if (timeout_ms >= 0 && waited >= timeout_ms)
			return 0;
		sleep_ms(10);
	}
	return 1;
}

int gen_stop(struct gen_proc *proc)
{
	int status;

	if (!proc->pid)
		return proc->exit_status;
	atomic_store(&proc->shared->stop, 1);
	kill(proc->pid, SIGTERM);
	if (!gen_wait(proc, STOP_GRACE_MS)) {
		kill(proc->pid, SIGKILL);
		if (waitpid(proc->pid, &status, 0) == proc->pid)
			reap(proc, status);
		proc->pid = 0;
	}
	return proc->exit_status;
}

void gen_result(const struct gen_proc *proc, struct gen_result *res)
{
	uint64_t start, end;

	memset(res, 0, sizeof(*res));
	if (!proc->shared)
		return;
	gen_read(proc, &res->sent, &res->failed, &res->bytes);
	start = atomic_load(&proc->shared->start_ns);
	end = atomic_load(&proc->shared->end_ns);
	if (start && !end)
		end = gen_now_ns();
	res->seconds = start ? (double)(end - start) / 1e9 : 0;
	res->pps = res->seconds > 0 ? (double)res->sent / res->seconds : 0;
	res->threads = atomic_load(&proc->shared->nthreads);
	res->engine = gen_engine_name(atomic_load(&proc->shared->engine));
}

const char *gen_error(const struct gen_proc *proc)
{
	return proc->shared ? proc->shared->error : "";
}

void gen_close(struct gen_proc *proc)
{
	gen_stop(proc);
	if (proc->shared)
		munmap(proc->shared, sizeof(*proc->shared));
	proc->shared = NULL;
}
