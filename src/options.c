// SPDX-License-Identifier: GPL-2.0-only
/* Parses the command line of `rxtop [run STACKS]` into struct top_options; pure, no side effects. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_numbers.h"
#include "options.h"
#include "metrics_server.h"
#include "procfs.h"
#include "xdp.h"
#include "stack_options.h"

enum {
	OPT_NETNS = 1,
	OPT_GEN_RATE,
	OPT_GEN_SIZE,
	OPT_GEN_FLOWS,
	OPT_GEN_ENGINE,
	OPT_DURATION,
	OPT_HELP,
	OPT_COUNTER_MODE,
	OPT_BPF_STATS,
	OPT_EVENT_PROBES,
	OPT_COUNTER,
	OPT_LISTEN,
	OPT_DPDK_TELEMETRY,
};

static const struct option top_long_options[] = {
    {"iterations", required_argument, NULL, 'n'},
    {"delay", required_argument, NULL, 'd'},
    {"output", required_argument, NULL, 'o'},
    {"iface", required_argument, NULL, 'i'},
    {"pid", required_argument, NULL, 'p'},
    {"queues", required_argument, NULL, 'q'},
    {"cpus", required_argument, NULL, 'c'},
    {"netns", required_argument, NULL, OPT_NETNS},
    {"gen-rate", required_argument, NULL, OPT_GEN_RATE},
    {"gen-size", required_argument, NULL, OPT_GEN_SIZE},
    {"gen-flows", required_argument, NULL, OPT_GEN_FLOWS},
    {"gen-engine", required_argument, NULL, OPT_GEN_ENGINE},
    {"duration", required_argument, NULL, OPT_DURATION},
    {"counter-xdp-mode", required_argument, NULL, OPT_COUNTER_MODE},
    {"bpf-stats", required_argument, NULL, OPT_BPF_STATS},
    {"event-probes", required_argument, NULL, OPT_EVENT_PROBES},
    {"counter", required_argument, NULL, OPT_COUNTER},
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"dpdk-telemetry", required_argument, NULL, OPT_DPDK_TELEMETRY},
    {"help", no_argument, NULL, OPT_HELP},
};

#define BAD(...)                                                                                             \
	do {                                                                                                 \
		snprintf(err, len, __VA_ARGS__);                                                             \
		return -EINVAL;                                                                              \
	} while (0)

/* "sampled" or "always" (--bpf-stats, --event-probes); 0, or -EINVAL for anything else. */
static int parse_sampled_always(const char *arg, bool *always)
{
	if (strcmp(arg, "sampled") != 0 && strcmp(arg, "always") != 0)
		return -EINVAL;
	*always = arg[0] == 'a';
	return 0;
}

static int parse_stacks(const char *list, struct top_options *opts, char *err, size_t len)
{
	char buf[256], *save = NULL;

	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		BAD("rxtop run: the stack list is too long");
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (opts->nstacks >= TOP_MAX_STACKS)
			BAD("rxtop run: at most %d stacks per run", TOP_MAX_STACKS);
		if (!stack_find(tok))
			BAD("rxtop run: unknown or unavailable stack '%s'; choose from afxdp, dpdk, iouring, "
			    "iouring-zc, epoll, recvmmsg, recvfrom",
			    tok);
		snprintf(opts->stacks[opts->nstacks++], sizeof(opts->stacks[0]), "%s", tok);
	}
	if (opts->nstacks == 0)
		BAD("rxtop run: name at least one stack, e.g. 'rxtop run afxdp,epoll -i IFACE'");
	return 0;
}

/* Index of the first entry that repeats an earlier one, or -1. */
static int repeated(const int *list, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = 0; j < i; j++)
			if (list[j] == list[i])
				return i;
	return -1;
}

/* A CPU this process may be scheduled on (online and in its affinity mask): only there can a worker be
 * pinned. */
static bool cpu_usable(int cpu)
{
	cpu_set_t set;

	if (cpu < 0 || cpu >= CPU_SETSIZE)
		return false;
	if (sched_getaffinity(0, sizeof(set), &set))
		return cpu < sysconf(_SC_NPROCESSORS_ONLN);
	return CPU_ISSET(cpu, &set);
}

static void defaults(struct top_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->interval = 1.0;
	opts->gen_size = 64;
	opts->duration = 5;
	opts->format = OUTPUT_TEXT;
	stack_config_defaults(&opts->stack);
	opts->stack.nqueues = 0;
}

static int apply_top_option(int opt, const char *arg, struct top_options *opts, char *err, size_t len)
{
	double v;
	int n;

	switch (opt) {
	case 'b':
		opts->batch = opts->batch_given = true;
		return 0;
	case 'n':
		if (parse_bounded_double(arg, 1, 1e12, &v) || v != floor(v))
			BAD("rxtop: -n '%s' is not a whole number of samples >= 1", arg);
		opts->samples = (long)v;
		return 0;
	case 'd':
		if (parse_bounded_double(arg, 0.01, 3600, &v))
			BAD("rxtop: -d '%s' is not an interval in seconds from 0.01 to 3600", arg);
		opts->interval = v;
		return 0;
	case 'o':
		if (strcmp(arg, "json") == 0)
			opts->format = OUTPUT_JSON;
		else if (strcmp(arg, "csv") == 0)
			opts->format = OUTPUT_CSV;
		else if (strcmp(arg, "text") == 0)
			opts->format = OUTPUT_TEXT;
		else if (strcmp(arg, "openmetrics") == 0)
			opts->format = OUTPUT_OPENMETRICS;
		else if (strcmp(arg, "prometheus") == 0)
			opts->format = OUTPUT_PROMETHEUS;
		else
			BAD("rxtop: -o '%s' is unknown; use text, json, csv, openmetrics or prometheus", arg);
		return 0;
	case 'i':
		if (opts->nifaces >= TOP_MAX_IFACES)
			BAD("rxtop: at most %d interfaces", TOP_MAX_IFACES);
		if (strlen(arg) == 0 || strlen(arg) >= sizeof(opts->ifaces[0]))
			BAD("rxtop: -i '%s' is not an interface name", arg);
		snprintf(opts->ifaces[opts->nifaces++], sizeof(opts->ifaces[0]), "%s", arg);
		return 0;
	case 'p':
		/* As in top: "-p 1,2", "-p '1 2'" and "-p \"$(pidof app)\"" all name several processes. */
		n = parse_pid_list(arg, opts->pids, &opts->npids, TOP_MAX_PIDS);
		if (n == -E2BIG)
			BAD("rxtop: at most %d processes with -p", TOP_MAX_PIDS);
		if (n < 0)
			BAD("rxtop: -p '%s' is not a process id or a list of them like 1,2 or \"1 2\"", arg);
		return 0;
	case 'q':
		n = parse_int_list(arg, opts->stack.queues, STACK_MAX_QUEUES);
		if (n < 0)
			BAD("rxtop: -q '%s' is not a queue list like 0,1 or 0-3", arg);
		if (repeated(opts->stack.queues, n) >= 0)
			BAD("rxtop: -q '%s' names queue %d twice; name each queue once", arg,
			    opts->stack.queues[repeated(opts->stack.queues, n)]);
		opts->stack.nqueues = n;
		opts->queues_given = true;
		return 0;
	case 'c':
		n = parse_int_list(arg, opts->stack.cpus, STACK_MAX_QUEUES);
		if (n < 0)
			BAD("rxtop: -c '%s' is not a CPU list like 0,1 or 0-3", arg);
		if (repeated(opts->stack.cpus, n) >= 0)
			BAD("rxtop: -c '%s' names CPU %d twice; name each CPU once", arg,
			    opts->stack.cpus[repeated(opts->stack.cpus, n)]);
		for (int i = 0; i < n; i++)
			if (!cpu_usable(opts->stack.cpus[i]))
				BAD("rxtop: -c: CPU %d is not one rxtop may run on here (%ld CPUs online, "
				    "see "
				    "'nproc'); choose another",
				    opts->stack.cpus[i], sysconf(_SC_NPROCESSORS_ONLN));
		opts->stack.ncpus = n;
		return 0;
	case OPT_NETNS:
		if (snprintf(opts->netns, sizeof(opts->netns), "%s", arg) >= (int)sizeof(opts->netns))
			BAD("rxtop: --netns name is too long");
		return 0;
	case OPT_GEN_RATE:
		/* The same parser as 'rxtop gen --rate': 200k, 1.5M, 1G. */
		if (parse_si_count(arg, &opts->gen_rate) || opts->gen_rate > 1000000000ull)
			BAD("rxtop: --gen-rate '%s' is not packets per second like 200k or 1.5M, at most 1G "
			    "(0 = as fast as possible)",
			    arg);
		return 0;
	case OPT_GEN_SIZE:
		if (parse_bounded_double(arg, 60, 1514, &v) || v != floor(v))
			BAD("rxtop: --gen-size '%s' is not a frame size from 60 to 1514 bytes", arg);
		opts->gen_size = (int)v;
		return 0;
	case OPT_GEN_FLOWS:
		if (parse_bounded_double(arg, 1, 65535, &v) || v != floor(v))
			BAD("rxtop: --gen-flows '%s' is not a number of flows from 1 to 65535", arg);
		opts->gen_flows = (int)v;
		return 0;
	case OPT_GEN_ENGINE:
		if (gen_engine_parse(arg, &opts->gen_engine))
			BAD("rxtop: --gen-engine '%s' is not xdp, packet or auto", arg);
		return 0;
	case OPT_DURATION:
		if (parse_bounded_double(arg, 0.5, 86400, &v))
			BAD("rxtop: --duration '%s' is not seconds from 0.5 to 86400", arg);
		opts->duration = v;
		return 0;
	case OPT_COUNTER_MODE:
		if (strcmp(arg, "native") == 0)
			opts->xdp_mode = 1;
		else if (strcmp(arg, "generic") == 0)
			opts->xdp_mode = 2;
		else
			BAD("rxtop: --counter-xdp-mode '%s' is unknown; use native or generic", arg);
		return 0;
	case OPT_COUNTER:
		if (strcmp(arg, "auto") == 0)
			opts->counter_hook = COUNTER_HOOK_AUTO;
		else if (strcmp(arg, "xdp") == 0)
			opts->counter_hook = COUNTER_HOOK_XDP;
		else if (strcmp(arg, "tc") == 0)
			opts->counter_hook = COUNTER_HOOK_TC;
		else
			BAD("rxtop: --counter '%s' is unknown; use auto, xdp or tc", arg);
		return 0;
	case OPT_BPF_STATS:
		if (parse_sampled_always(arg, &opts->bpf_stats_always))
			BAD("rxtop: --bpf-stats '%s' is unknown; use sampled or always", arg);
		return 0;
	case OPT_EVENT_PROBES:
		if (parse_sampled_always(arg, &opts->event_probes_always))
			BAD("rxtop: --event-probes '%s' is unknown; use sampled or always", arg);
		return 0;
	case OPT_LISTEN:
		if (metrics_listen_parse(arg, &opts->listen) < 0)
			BAD("rxtop: --listen '%s' is not [ADDR:]PORT, e.g. 9101 or 0.0.0.0:9101", arg);
		return 0;
	case OPT_DPDK_TELEMETRY:
		/* A unix socket address holds 107 bytes; whether the path is a DPDK socket is the session's
		 * to find out. */
		if (!arg[0] || snprintf(opts->dpdk_telemetry, sizeof(opts->dpdk_telemetry), "%s", arg) >=
				   (int)sizeof(opts->dpdk_telemetry))
			BAD("rxtop: --dpdk-telemetry '%s' is not a socket path of at most %zu bytes", arg,
			    sizeof(opts->dpdk_telemetry) - 1);
		return 0;
	case OPT_HELP:
		opts->help = true;
		return 0;
	default:
		BAD("rxtop: unknown option or missing value; see 'rxtop --help'");
	}
}

int options_parse(int argc, char **argv, bool run, struct top_options *opts, char *err, size_t len)
{
	size_t ntop = sizeof(top_long_options) / sizeof(top_long_options[0]);
	struct option all[96];
	int n = 0, opt;

	defaults(opts);
	for (size_t i = 0; i < ntop; i++)
		all[n++] = top_long_options[i];
	for (int i = 0; stack_long_options[i].name && n < 95; i++)
		all[n++] = stack_long_options[i];
	memset(&all[n], 0, sizeof(all[n]));

	optind = 1;
	opterr = 0;
	if (run) {
		if (argc < 2 || argv[1][0] == '-') {
			if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
				opts->help = true;
				return 0;
			}
			BAD("rxtop run: name the stacks first, e.g. 'rxtop run afxdp,epoll -i rxlab0'");
		}
		if (parse_stacks(argv[1], opts, err, len) < 0)
			return -EINVAL;
		optind = 2;
	}
	while ((opt = getopt_long(argc, argv, "bn:d:o:i:p:q:c:h", all, NULL)) != -1) {
		int r;

		if (opt == 'h') {
			opts->help = true;
			continue;
		}
		if (opt >= STACK_OPT_BASE) {
			r = stack_option_apply(&opts->stack, opt, optarg, err, len);
			if (r < 0)
				return -EINVAL;
			continue;
		}
		if (opt == '?' || opt == ':') {
			const char *word = argv[optind - 1];

			BAD("rxtop: unknown option or missing value '%s'; see 'rxtop --help'",
			    word ? word : "");
		}
		if (apply_top_option(opt, optarg, opts, err, len) < 0)
			return -EINVAL;
	}
	if (optind < argc)
		BAD("rxtop: unexpected argument '%s'; see 'rxtop --help'", argv[optind]);
	/* In 'rxtop run' one XDP program counts and redirects to the AF_XDP sockets: --xdp-mode is its mode
	 * too. */
	if (run && opts->stack.xdp_mode) {
		if (opts->xdp_mode && opts->xdp_mode != opts->stack.xdp_mode)
			BAD("rxtop: --xdp-mode and --counter-xdp-mode disagree, but one XDP program counts "
			    "and feeds "
			    "AF_XDP; give one of them");
		opts->xdp_mode = opts->stack.xdp_mode;
	}
	if (run && opts->nifaces == 0 && !opts->lab)
		opts->nifaces = 0; /* checked by the caller, which knows about --lab */
	return 0;
}

int options_check_queues(const struct top_options *opts, char *err, size_t len)
{
	if (!opts->queues_given)
		return 0;
	for (int i = 0; i < opts->nifaces; i++) {
		/* Without sysfs for it (another namespace), the kernel judges the queue at bind time. */
		int nrx = netdev_rx_queue_count(opts->ifaces[i]);

		for (int q = 0; nrx > 0 && q < opts->stack.nqueues; q++)
			if (opts->stack.queues[q] >= nrx)
				BAD("rxtop: -q: %s has %d rx queue%s (0-%d); queue %d does not exist",
				    opts->ifaces[i], nrx, nrx == 1 ? "" : "s", nrx - 1,
				    opts->stack.queues[q]);
	}
	return 0;
}

void options_help(bool run)
{
	if (run)
		printf("Usage: rxtop run STACK[,STACK...] -i IFACE [options]\n"
		       "  Runs rxtop's own receivers on IFACE one after another, --duration seconds each,\n"
		       "  and shows them live; then prints a comparison table.\n"
		       "  Stacks: afxdp dpdk iouring iouring-zc epoll recvmmsg recvfrom\n");
	else
		printf("Usage: rxtop [-i IFACE]... [-p PID]... [options]\n"
		       "  Live view of the receive path of the named interfaces (all queues).\n");
	printf(
	    "Options (as in top):\n"
	    "  -b               batch mode (default when stdout is not a terminal)\n"
	    "  -n N             number of samples, then exit\n"
	    "  -d SECONDS       interval (fractions allowed, default 1)\n"
	    "  -o FORMAT        batch format: text (default), json, csv, openmetrics, prometheus\n"
	    "  --listen [ADDR:]PORT  serve /metrics (OpenMetrics or Prometheus text) on ADDR\n"
	    "                   (default 127.0.0.1) while running\n"
	    "  -i IFACE         interface to observe (repeatable)\n"
	    "  -p PID[,PID...]  processes whose overhead to show (repeatable; \"1 2\" too, as in top);\n"
	    "                   a DPDK process's ports too, through its telemetry socket\n"
	    "  --dpdk-telemetry PATH  a DPDK process's telemetry socket, e.g.\n"
	    "                   /var/run/dpdk/PREFIX/dpdk_telemetry.v2: its ports' rx and loss counters\n"
	    "  -q QUEUES        rx queues, e.g. 0,1 (default all)\n"
	    "  -c CPUS          cores for the receivers, e.g. 0,1\n"
	    "  --netns NAME     work inside that network namespace\n"
	    "  --duration S     seconds per stack phase in 'run' (default 5)\n"
	    "  --bpf-stats sampled|always  measure rxtop's BPF programs in short windows (default:\n"
	    "                   20 ms every 3 s; kernel statistics slow every BPF program) or always\n"
	    "  --counter auto|xdp|tc  where to count per rx queue: XDP, or tc ingress (socket receivers\n"
	    "                   only); auto: tc for 'run' of socket receivers on veth, where any XDP\n"
	    "                   program makes veth copy every packet, else XDP\n"
	    "  --event-probes sampled|always  attach the per-poll and per-softirq probes (napi_poll,\n"
	    "                   NET_RX time) for a 20th of each interval and scale their counts (default),\n"
	    "                   or always: exact, at up to 14 %% of a fast receiver's rate\n"
	    "  --lab            use the built-in lab (created if missing) with its generator running:\n"
	    "                   --gen-rate PPS (k/M/G allowed: 200k, 1.5M; default max), --gen-size BYTES\n"
	    "                   (default 64), --gen-flows N,\n"
	    "                   --gen-engine xdp|packet|auto (default auto)\n"
	    "  --help, --version (anywhere on the line)\n");
	if (run)
		stack_options_help(stdout);
}
