// SPDX-License-Identifier: GPL-2.0-only
/* `rxtop-dev __stack NAME -i IFACE ...`: runs one receiver stack alone and prints its counters (for
 * developers and tests). */
#include <errno.h>
#include <linux/types.h>
#include <net/if.h>
#include <stddef.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli_table.h"
#include "clock.h"
#include "commands.h"
#include "dev_commands.h"
#include "log.h"
#include "procfs.h"
#include "runner.h"
#include "rx_xdp.h"
#include "stack_options.h"
#include "stop_signals.h"
#include "xdp.h"

static volatile sig_atomic_t stop_requested;

/*
 * What the receiver used since it was ready: its CPU time (user + system) and context switches (voluntary and
 * not), printed at the end (not while it runs), so a benchmark can tell a receiver that got less of its core
 * from one that did less with it, and see how often it took turns.
 */
struct receiver_usage {
	uint64_t cpu_ns, switches;
};

static void print_counters(const struct stack_child *child, double elapsed, const struct receiver_usage *used)
{
	const struct stack_shm *shm = child->shm;
	uint64_t packets, bytes, loss;

	stack_child_totals(child, &packets, &bytes, &loss);
	printf("stack=%s pid=%d packets=%llu bytes=%llu loss=%llu elapsed=%.2f realtime=%.3f",
	       child->ops->name, child->pid, (unsigned long long)packets, (unsigned long long)bytes,
	       (unsigned long long)loss, elapsed, realtime_seconds());
	for (uint32_t l = 0; l < shm->nloss; l++) {
		uint64_t sum = 0;

		for (uint32_t q = 0; q < shm->nqueues; q++)
			sum += stack_count_read(&shm->queues[q].loss[l]);
		printf(" %s.%s=%llu", shm->loss_where[l], shm->loss_names[l], (unsigned long long)sum);
	}
	for (uint32_t q = 0; q < shm->nqueues; q++)
		printf(" q%d=%llu", shm->queue_ids[q],
		       (unsigned long long)stack_count_read(&shm->queues[q].packets));
	if (used)
		printf(" cpu_ns=%llu switches=%llu", (unsigned long long)used->cpu_ns,
		       (unsigned long long)used->switches);
	printf("\n");
	fflush(stdout);
}

/* A running receiver's usage so far, summed over its threads (schedstat's exact on-CPU time); -errno. */
static int receiver_usage_now(pid_t pid, struct receiver_usage *out)
{
	struct thread_times threads[STACK_MAX_QUEUES + 8];
	int n = proc_thread_times(pid, threads, CLI_COUNT(threads));
	struct proc_usage usage;
	int err = proc_usage_read(pid, &usage);

	if (n <= 0 || err < 0)
		return n <= 0 ? -ESRCH : err;
	*out = (struct receiver_usage){.switches = usage.ctxsw_voluntary + usage.ctxsw_involuntary};
	for (int i = 0; i < n; i++)
		out->cpu_ns += threads[i].run_ns;
	return 0;
}

/*
 * The receiver's usage since `ready`, once it was reaped: the kernel's totals of the children waited for
 * (__stack starts no other), less what it used before. -errno when either is not known.
 */
static int receiver_usage_since(const struct receiver_usage *ready, struct receiver_usage *out)
{
	struct rusage r;
	uint64_t cpu_ns, switches;

	if (getrusage(RUSAGE_CHILDREN, &r) < 0)
		return -errno;
	cpu_ns = rusage_cpu_ns(&r);
	switches = (uint64_t)r.ru_nvcsw + (uint64_t)r.ru_nivcsw;
	if (cpu_ns < ready->cpu_ns || switches < ready->switches)
		return -ERANGE;
	*out =
	    (struct receiver_usage){.cpu_ns = cpu_ns - ready->cpu_ns, .switches = switches - ready->switches};
	return 0;
}

/* afxdp needs rxtop's program redirecting to its XSKMAP; `rxtop run` does this in session.c, __stack does it
 * here. */
static int attach_redirect(struct stack_config *cfg, struct xdp_counter **out)
{
	char why[256];
	int err = xdp_counter_attach(cfg->ifname, RX_VERDICT_XSK, cfg->xdp_mode, out, why, sizeof(why));

	if (err < 0) {
		log_user("rxtop: %s", why);
		return err;
	}
	cfg->xsks_map_fd = xdp_counter_xsks_map_fd(*out);
	return 0;
}

/* What `rxtop-dev __stack` parses into: the receiver's configuration and how often to print its counts. */
struct stack_child_args {
	struct stack_config cfg;
	double every; /* seconds between counts, 0 = at the end only */
};

#define ARGS ((struct stack_child_args *)t)

static int apply_iface(void *t, const char *arg, char *err, size_t len)
{
	(void)err, (void)len;
	snprintf(ARGS->cfg.ifname, sizeof(ARGS->cfg.ifname), "%s", arg);
	return 0;
}

static int apply_list(int *list, int *n, const char *arg, char *err, size_t len)
{
	*n = parse_int_list(arg, list, STACK_MAX_QUEUES);
	if (*n < 0) {
		snprintf(err, len, "rxtop-dev __stack: bad list '%s'", arg);
		return -EINVAL;
	}
	return 0;
}

static int apply_queues(void *t, const char *arg, char *err, size_t len)
{
	return apply_list(ARGS->cfg.queues, &ARGS->cfg.nqueues, arg, err, len);
}

static int apply_cpus(void *t, const char *arg, char *err, size_t len)
{
	return apply_list(ARGS->cfg.cpus, &ARGS->cfg.ncpus, arg, err, len);
}

static int apply_duration(void *t, const char *arg, char *err, size_t len)
{
	(void)err, (void)len;
	ARGS->cfg.duration_s = atoi(arg);
	return 0;
}

static int apply_every(void *t, const char *arg, char *err, size_t len)
{
	ARGS->every = atof(arg);
	if (ARGS->every <= 0) {
		snprintf(err, len, "rxtop-dev __stack: --every '%s': seconds > 0 between counts", arg);
		return -EINVAL;
	}
	return 0;
}

static const struct cli_option stack_child_options[] = {
    {.name = "iface",
     .letter = 'i',
     .arg = "IFACE",
     .help = "interface to receive on",
     .apply = apply_iface,
     .values = CLI_VALUES_IFACE},
    {.name = "queues",
     .letter = 'q',
     .arg = "QUEUES",
     .help = "rx queues, e.g. 0,1 (default 0)",
     .apply = apply_queues},
    {.name = "cpus",
     .letter = 'c',
     .arg = "CPUS",
     .help = "cores for the receivers, e.g. 0,1",
     .apply = apply_cpus},
    {.name = "duration",
     .arg = "SECONDS",
     .help = "whole seconds to run (default 5)",
     .apply = apply_duration},
    {.name = "every", .arg = "SECONDS", .help = "print the counts this often too", .apply = apply_every},
};

static const struct cli_group stack_child_groups[] = {
    {.title = "Options", .options = stack_child_options, .count = CLI_COUNT(stack_child_options)},
    {.title = "Receiver options",
     .options = stack_cli_options,
     .count = STACK_CLI_NOPTIONS,
     .target_offset = offsetof(struct stack_child_args, cfg)},
};

/* A developer entry, not in cli_commands[]: neither the man page nor the completion show it. */
static const struct cli_command stack_child_command = {
    .name = "__stack",
    .synopsis = "rxtop-dev __stack NAME -i IFACE [-q Q,..] [-c CPU,..] [--duration S] [--every S] [OPTIONS]",
    .summary = "one receiver stack alone",
    .description = "Runs one receiver stack alone and prints its counters (for developers and tests).",
    .groups = stack_child_groups,
    .ngroups = CLI_COUNT(stack_child_groups),
};

int cmd_stack_child(int argc, char **argv)
{
	struct stack_child_args args = {0};
	struct stack_config *cfg = &args.cfg;
	struct stack_child child = {0};
	struct xdp_counter *xdp = NULL;
	const struct stack_ops *ops;
	char err[160];
	struct receiver_usage at_ready = {0}, used = {0};
	bool have_ready, have_used;
	double start, printed;
	int rc = 0, next;

	stack_config_defaults(cfg);
	cfg->queues[0] = 0;
	cfg->nqueues = 1;
	if (argc < 2) {
		log_user(
		    "usage: rxtop-dev __stack NAME -i IFACE [-q Q,..] [-c CPU,..] [--duration S] [--every S] "
		    "[stack options]");
		return EXIT_USAGE;
	}
	ops = stack_find(argv[1]);
	if (!ops) {
		log_user("rxtop: unknown stack '%s'", argv[1]);
		return EXIT_USAGE;
	}
	rc = cli_parse(&stack_child_command, argc, argv, 2, &args, &next, err, sizeof(err));
	if (rc == 1) {
		cli_help(&stack_child_command, stdout);
		return 0;
	}
	if (rc < 0) {
		/* The receivers' messages name the option only: say who speaks. */
		log_user("%s%s", strncmp(err, "rxtop", 5) ? "rxtop-dev __stack: " : "", err);
		return EXIT_USAGE;
	}
	rc = 0;
	cfg->ifindex = (int)if_nametoindex(cfg->ifname);
	if (!cfg->ifindex) {
		log_user("rxtop-dev __stack: no interface '%s'; name one with -i", cfg->ifname);
		return EXIT_USAGE;
	}
	if (ops->check && ops->check(cfg, err, sizeof(err)) < 0) {
		log_user("rxtop: %s cannot run here: %s", ops->name, err);
		return EXIT_USAGE;
	}
	if (stack_xdp_need_for(ops, cfg) == STACK_XDP_REDIRECT && cfg->xsks_map_fd < 0 &&
	    attach_redirect(cfg, &xdp) < 0)
		return EXIT_USAGE;
	stop_signals_install(&stop_requested);
	if (stack_child_start(ops, cfg, &child) < 0) {
		log_user("rxtop: fork failed: %s", strerror(errno));
		rc = EXIT_RUNTIME;
		goto detach;
	}
	if (stack_child_wait_ready(&child, 10000) < 0) {
		log_user("rxtop: %s", child.shm->message);
		stack_child_stop(&child, 1000);
		rc = EXIT_USAGE;
		goto cleanup;
	}
	log_user("rxtop: %s", child.shm->message);
	/* Its setup (sockets, rings, pinning) is not receiving: count its usage from here, as the packets. */
	have_ready = receiver_usage_now(child.pid, &at_ready) == 0;
	start = monotonic_seconds();
	printed = start;
	while (!stop_requested && monotonic_seconds() - start < cfg->duration_s) {
		usleep(args.every > 0 && args.every < 0.2 ? (useconds_t)(args.every * 1e6) : 200 * 1000);
		/* Counts along the way, for benchmarks that compare parts of one run (bench_overhead). */
		if (args.every > 0 && monotonic_seconds() - printed >= args.every) {
			printed = monotonic_seconds();
			print_counters(&child, printed - start, NULL);
		}
		if (!stack_child_alive(&child)) {
			log_user("rxtop: %s died (status %d): %s", ops->name, child.exit_status,
				 child.shm->message);
			rc = EXIT_RUNTIME;
			break;
		}
	}
	stack_child_stop(&child, 2000);
	have_used = have_ready && child.exited && receiver_usage_since(&at_ready, &used) == 0;
	print_counters(&child, monotonic_seconds() - start, have_used ? &used : NULL);
cleanup:
	stack_child_release(&child);
detach:
	xdp_counter_detach(xdp);
	return rc;
}
