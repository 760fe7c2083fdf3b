// SPDX-License-Identifier: GPL-2.0-only
/* The generator's API in the parent: forks the child (src/gen/gen_child.c), reads its counters, stops it. */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
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
#include "gen_rate.h"
#include "gen_shared.h"
#include "log.h"

#define START_TIMEOUT_MS 10000
#define STOP_GRACE_MS 3000

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
	case GEN_ENGINE_TCP:
		return "tcp";
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
		_exit(gen_child_main(cfg, proc->shared));
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
	if (proc->shared)
		b += atomic_load_explicit(&proc->shared->tcp.acked, memory_order_relaxed);
	if (sent)
		*sent = s;
	if (failed)
		*failed = f;
	if (bytes)
		*bytes = b;
}

void gen_burstiness(const struct gen_proc *proc, struct gen_burstiness *out)
{
	static struct gen_burst_hist copy; /* ~10 kB: not on the stack of a caller's loop */
	unsigned int before;

	memset(out, 0, sizeof(*out));
	if (!proc->shared)
		return;
	for (int tries = 0; tries < 100; tries++) {
		before = atomic_load(&proc->shared->burst_seq);
		if (before & 1) {
			sleep_ms(0);
			continue;
		}
		memcpy(&copy, &proc->shared->burst, sizeof(copy));
		if (atomic_load(&proc->shared->burst_seq) == before) {
			gen_burst_summary(&copy, out);
			return;
		}
	}
}

void gen_tcp_stats(const struct gen_proc *proc, struct gen_tcp_stats *out)
{
	const struct tcp_sender_counters *t = proc->shared ? &proc->shared->tcp : NULL;

	memset(out, 0, sizeof(*out));
	if (!t)
		return;
	out->acked = atomic_load_explicit(&t->acked, memory_order_relaxed);
	out->written = atomic_load_explicit(&t->written, memory_order_relaxed);
	out->connects = atomic_load_explicit(&t->connects, memory_order_relaxed);
	out->resets = atomic_load_explicit(&t->resets, memory_order_relaxed);
	out->open = atomic_load_explicit(&t->open, memory_order_relaxed);
}

void gen_burst_restart(struct gen_proc *proc)
{
	if (proc->shared)
		atomic_store(&proc->shared->burst_reset, 1);
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
	for (unsigned int i = 0; i < GEN_MAX_THREADS; i++)
		res->late += atomic_load_explicit(&proc->shared->threads[i].late, memory_order_relaxed);
	gen_burstiness(proc, &res->burst);
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
