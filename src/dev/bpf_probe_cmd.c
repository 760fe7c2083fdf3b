// SPDX-License-Identifier: GPL-2.0-only
/* rxtop-dev __bpf: hidden debug command that attaches the XDP counter and the traces for a while and prints
 * what they saw. */
#include <errno.h>
#include <getopt.h>
#include <linux/types.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "btf_enum.h"
#include "commands.h"
#include "dev_commands.h"
#include "log.h"
#include "rx_xdp.h"
#include "stop_signals.h"
#include "trace.h"
#include "xdp.h"

static volatile sig_atomic_t stop;

static void usage(FILE *out)
{
	fprintf(out, "Usage: rxtop-dev __bpf -i IFACE [-t SECONDS] [--verdict pass|drop|xsk] [--mode "
		     "auto|native|generic]\n"
		     "                   [--no-xdp] [--no-trace]\n"
		     "Debug: attaches rxtop's XDP counter and receive-path traces to IFACE, prints 'ready', "
		     "waits SECONDS\n"
		     "(default 5; SIGINT/SIGTERM end it early) and prints the cumulative counters, one "
		     "record a line.\n");
}

static int parse_choice(const char *arg, const char *const *choices, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(arg, choices[i]) == 0)
			return i;
	return -1;
}

static void print_snapshot(const struct snapshot *snap)
{
	static const char *const actions[SNAP_XDP_ACTIONS] = {"aborted", "drop", "pass", "tx", "redirect"};

	for (int i = 0; i < snap->nqueues; i++) {
		const struct queue_sample *q = &snap->queues[i];

		printf("queue iface=%s queue=%d rx_packets=%lu rx_bytes=%lu drops=%lu", q->iface, q->queue,
		       q->rx_packets, q->rx_bytes, q->drops);
		for (int a = 0; a < SNAP_XDP_ACTIONS; a++)
			printf(" %s=%lu", actions[a], q->xdp_actions[a]);
		printf(" napi_polls=%lu napi_packets=%lu napi_budget_exhausted=%lu\n", q->napi_polls,
		       q->napi_packets, q->napi_budget_exhausted);
	}
	for (int i = 0; i < snap->ndrops; i++)
		printf("drop where=%s reason=%s packets=%lu\n", snap->drops[i].where, snap->drops[i].reason,
		       snap->drops[i].packets);
	for (int i = 0; i < snap->nprobes; i++)
		printf("probe name=%s attach=%s\n", snap->probes[i].name, snap->probes[i].attach);
	printf("events_lost=%lu\n", snap->events_lost);
}

static void print_costs(struct rx_trace *trace, struct xdp_counter *xdp)
{
	struct bpf_prog_cost costs[16];
	int n = 0;

	if (xdp && bpf_prog_cost_read(xdp_counter_prog_fd(xdp), &costs[n]) == 0)
		n++;
	if (trace) {
		int m = rx_trace_costs(trace, costs + n, 16 - n);

		n += m > 0 ? m : 0;
	}
	for (int i = 0; i < n; i++)
		printf("cost prog=%s run_cnt=%lu run_time_ns=%lu recursion_misses=%lu\n", costs[i].name,
		       costs[i].run_cnt, costs[i].run_time_ns, costs[i].recursion_misses);
}

static void print_napi(struct rx_trace *trace)
{
	struct rx_trace_napi napi[64];
	int n = rx_trace_napi(trace, napi, 64);

	for (int i = 0; i < n; i++)
		printf("napi ifindex=%d napi_id=%u queue=%d polls=%lu packets=%lu budget_exhausted=%lu "
		       "busy_polls=%lu busy_packets=%lu\n",
		       napi[i].ifindex, napi[i].napi_id, napi[i].queue, napi[i].polls, napi[i].packets,
		       napi[i].budget_exhausted, napi[i].busy_polls, napi[i].busy_packets);
}

int cmd_bpf_debug(int argc, char **argv)
{
	static const char *const verdicts[] = {"pass", "drop", "xsk"};
	static const char *const modes[] = {"auto", "native", "generic"};
	static const struct option options[] = {
	    {"iface", required_argument, NULL, 'i'},   {"time", required_argument, NULL, 't'},
	    {"verdict", required_argument, NULL, 'V'}, {"mode", required_argument, NULL, 'm'},
	    {"no-xdp", no_argument, NULL, 'X'},	       {"no-trace", no_argument, NULL, 'T'},
	    {"help", no_argument, NULL, 'h'},	       {NULL, 0, NULL, 0},
	};
	int verdict = RX_VERDICT_PASS, mode = XDP_COUNTER_AUTO, use_xdp = 1, use_trace = 1, opt, err = 0;
	int stats_fd = -1;
	struct xdp_counter *xdp = NULL;
	struct rx_trace *trace = NULL;
	const char *ifname = NULL;
	struct snapshot *snap = NULL;
	double seconds = 5;
	int ifindex, status = 0;
	struct timespec nap;
	char why[256];
	char *end;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "i:t:h", options, NULL)) != -1) {
		switch (opt) {
		case 'i':
			ifname = optarg;
			break;
		case 't':
			seconds = strtod(optarg, &end);
			if (*end || seconds < 0) {
				log_user("rxtop-dev __bpf: bad -t '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'V':
			verdict = parse_choice(optarg, verdicts, 3);
			break;
		case 'm':
			mode = parse_choice(optarg, modes, 3);
			break;
		case 'X':
			use_xdp = 0;
			break;
		case 'T':
			use_trace = 0;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!ifname || verdict < 0 || mode < 0 || optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	ifindex = if_nametoindex(ifname);
	if (!ifindex) {
		log_user("rxtop-dev __bpf: no interface '%s'", ifname);
		return EXIT_USAGE;
	}
	log_quiet_libs();
	stop_signals_install(&stop);

	/* Trace first: its NAPI probe then sees the instances veth creates when XDP arrives. */
	if (use_trace) {
		err = rx_trace_open(&ifindex, 1, &trace, why, sizeof(why));
		if (err) {
			log_user("rxtop-dev __bpf: %s", why);
			status = EXIT_USAGE;
			goto cleanup;
		}
	}
	if (use_xdp) {
		err = xdp_counter_attach(ifname, verdict, mode, &xdp, why, sizeof(why));
		if (err) {
			log_user("rxtop-dev __bpf: %s", why);
			status = EXIT_USAGE;
			goto cleanup;
		}
		printf("xdp iface=%s mode=%s queues=%d\n", ifname, xdp_counter_mode(xdp),
		       xdp_counter_queues(xdp));
	}
	/* A developer entry: statistics on all the time, so the costs below cover the whole window. */
	stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	printf("ready\n");
	fflush(stdout);

	nap.tv_sec = (time_t)seconds;
	nap.tv_nsec = (long)((seconds - (double)nap.tv_sec) * 1e9);
	while (!stop && nanosleep(&nap, &nap) && errno == EINTR)
		;

	snap = calloc(1, sizeof(*snap));
	if (!snap) {
		status = EXIT_RUNTIME;
		goto cleanup;
	}
	if (xdp && (err = xdp_counter_read(xdp, snap)) < 0) {
		log_user("rxtop-dev __bpf: cannot read the XDP counters: %s", strerror(-err));
		status = EXIT_RUNTIME;
	}
	if (trace && (err = rx_trace_read(trace, snap)) < 0) {
		log_user("rxtop-dev __bpf: reading traces: %s", strerror(-err));
		status = EXIT_RUNTIME;
	}
	print_snapshot(snap);
	if (trace)
		print_napi(trace);
	print_costs(trace, xdp);
	fflush(stdout);

cleanup:
	if (stats_fd >= 0)
		close(stats_fd);
	free(snap);
	xdp_counter_detach(xdp);
	rx_trace_close(trace);
	btf_enum_free();
	return status;
}
