// SPDX-License-Identifier: GPL-2.0-only
/* `rxtop __stack NAME -i IFACE ...`: runs one receiver stack alone and prints its counters (for developers
 * and tests). */
#include <errno.h>
#include <getopt.h>
#include <linux/types.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <stdlib.h>
#include <unistd.h>

#include "clock.h"
#include "commands.h"
#include "log.h"
#include "runner.h"
#include "rx_xdp.h"
#include "stack_options.h"
#include "xdp.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void print_counters(const struct stack_child *child, double elapsed)
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
	printf("\n");
	fflush(stdout);
}

/* afxdp needs rxtop's program redirecting to its XSKMAP; `rxtop run` does this in session.c, __stack does it
 * here. */
static int attach_redirect(struct stack_config *cfg, struct xdp_counter **out)
{
	int err = xdp_counter_attach(cfg->ifname, RX_VERDICT_XSK, cfg->xdp_mode, out);

	if (err < 0) {
		log_user("rxtop: %s", xdp_counter_error());
		return err;
	}
	cfg->xsks_map_fd = xdp_counter_xsks_map_fd(*out);
	return 0;
}

int cmd_stack_child(int argc, char **argv)
{
	struct option options[64] = {
	    {"iface", required_argument, NULL, 'i'}, {"queues", required_argument, NULL, 'q'},
	    {"cpus", required_argument, NULL, 'c'},  {"duration", required_argument, NULL, 'D'},
	    {"every", required_argument, NULL, 'E'},
	};
	struct stack_child child = {0};
	struct xdp_counter *xdp = NULL;
	struct stack_config cfg;
	const struct stack_ops *ops;
	char err[160];
	double start, every = 0, printed;
	int opt, rc = 0, n = 5;

	for (int i = 0; stack_long_options[i].name; i++)
		options[n++] = stack_long_options[i];
	stack_config_defaults(&cfg);
	cfg.queues[0] = 0;
	cfg.nqueues = 1;
	if (argc < 2) {
		log_user(
		    "usage: rxtop __stack NAME -i IFACE [-q Q,..] [-c CPU,..] [--duration S] [--every S] "
		    "[stack options]");
		return EXIT_USAGE;
	}
	ops = stack_find(argv[1]);
	if (!ops) {
		log_user("rxtop: unknown stack '%s'", argv[1]);
		return EXIT_USAGE;
	}
	optind = 2;
	while ((opt = getopt_long(argc, argv, "i:q:c:", options, NULL)) != -1) {
		int r = 0;

		switch (opt) {
		case 'i':
			snprintf(cfg.ifname, sizeof(cfg.ifname), "%s", optarg);
			break;
		case 'q':
			cfg.nqueues = parse_int_list(optarg, cfg.queues, STACK_MAX_QUEUES);
			r = cfg.nqueues < 0 ? -1 : 0;
			break;
		case 'c':
			cfg.ncpus = parse_int_list(optarg, cfg.cpus, STACK_MAX_QUEUES);
			r = cfg.ncpus < 0 ? -1 : 0;
			break;
		case 'D':
			cfg.duration_s = atoi(optarg);
			break;
		case 'E':
			every = atof(optarg);
			if (every <= 0) {
				log_user("rxtop __stack: --every '%s': seconds > 0 between counts", optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			r = stack_option_apply(&cfg, opt, optarg, err, sizeof(err));
			if (r == 0) {
				log_user("rxtop __stack: unknown option; see rxtop run --help");
				return EXIT_USAGE;
			}
			if (r < 0) {
				log_user("rxtop __stack: %s", err);
				return EXIT_USAGE;
			}
			r = 0;
		}
		if (r < 0) {
			log_user("rxtop __stack: bad list '%s'", optarg);
			return EXIT_USAGE;
		}
	}
	cfg.ifindex = (int)if_nametoindex(cfg.ifname);
	if (!cfg.ifindex) {
		log_user("rxtop __stack: no interface '%s'; name one with -i", cfg.ifname);
		return EXIT_USAGE;
	}
	if (ops->check && ops->check(&cfg, err, sizeof(err)) < 0) {
		log_user("rxtop: %s cannot run here: %s", ops->name, err);
		return EXIT_USAGE;
	}
	if (ops->xdp == STACK_XDP_REDIRECT && cfg.xsks_map_fd < 0 && attach_redirect(&cfg, &xdp) < 0)
		return EXIT_USAGE;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (stack_child_start(ops, &cfg, &child) < 0) {
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
	start = monotonic_seconds();
	printed = start;
	while (!stop_requested && monotonic_seconds() - start < cfg.duration_s) {
		usleep(every > 0 && every < 0.2 ? (useconds_t)(every * 1e6) : 200 * 1000);
		/* Counts along the way, for benchmarks that compare parts of one run (bench_overhead). */
		if (every > 0 && monotonic_seconds() - printed >= every) {
			printed = monotonic_seconds();
			print_counters(&child, printed - start);
		}
		if (!stack_child_alive(&child)) {
			log_user("rxtop: %s died (status %d): %s", ops->name, child.exit_status,
				 child.shm->message);
			rc = EXIT_RUNTIME;
			break;
		}
	}
	stack_child_stop(&child, 2000);
	print_counters(&child, monotonic_seconds() - start);
cleanup:
	stack_child_release(&child);
detach:
	xdp_counter_detach(xdp);
	return rc;
}
