// SPDX-License-Identifier: GPL-2.0-only
/* The option tables of `rxtop` and `rxtop run` and their parsers into struct top_options; pure, no side
 * effects. */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_numbers.h"
#include "cli_table.h"
#include "options.h"
#include "metrics_server.h"
#include "procfs.h"
#include "xdp.h"
#include "stack_options.h"

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

/* Each option's parser: t is the struct top_options being filled. */
#define OPTS ((struct top_options *)t)

static int apply_batch(void *t, const char *arg, char *err, size_t len)
{
	(void)arg, (void)err, (void)len;
	OPTS->batch = OPTS->batch_given = true;
	return 0;
}

static int apply_samples(void *t, const char *arg, char *err, size_t len)
{
	double v;

	if (parse_bounded_double(arg, 1, 1e12, &v) || v != floor(v))
		BAD("rxtop: -n '%s' is not a whole number of samples >= 1", arg);
	OPTS->samples = (long)v;
	return 0;
}

static int apply_interval(void *t, const char *arg, char *err, size_t len)
{
	double v;

	if (parse_bounded_double(arg, 0.01, 3600, &v))
		BAD("rxtop: -d '%s' is not an interval in seconds from 0.01 to 3600", arg);
	OPTS->interval = v;
	return 0;
}

static int apply_format(void *t, const char *arg, char *err, size_t len)
{
	static const struct {
		const char *name;
		enum output_format format;
	} formats[] = {
	    {"text", OUTPUT_TEXT},
	    {"json", OUTPUT_JSON},
	    {"csv", OUTPUT_CSV},
	    {"openmetrics", OUTPUT_OPENMETRICS},
	    {"prometheus", OUTPUT_PROMETHEUS},
	};

	for (size_t i = 0; i < CLI_COUNT(formats); i++) {
		if (strcmp(arg, formats[i].name) == 0) {
			OPTS->format = formats[i].format;
			return 0;
		}
	}
	BAD("rxtop: -o '%s' is unknown; use text, json, csv, openmetrics or prometheus", arg);
}

static int apply_iface(void *t, const char *arg, char *err, size_t len)
{
	if (OPTS->nifaces >= TOP_MAX_IFACES)
		BAD("rxtop: at most %d interfaces", TOP_MAX_IFACES);
	if (strlen(arg) == 0 || strlen(arg) >= sizeof(OPTS->ifaces[0]))
		BAD("rxtop: -i '%s' is not an interface name", arg);
	snprintf(OPTS->ifaces[OPTS->nifaces++], sizeof(OPTS->ifaces[0]), "%s", arg);
	return 0;
}

static int apply_pids(void *t, const char *arg, char *err, size_t len)
{
	/* As in top: "-p 1,2", "-p '1 2'" and "-p \"$(pidof app)\"" all name several processes. */
	int n = parse_pid_list(arg, OPTS->pids, &OPTS->npids, TOP_MAX_PIDS);

	if (n == -E2BIG)
		BAD("rxtop: at most %d processes with -p", TOP_MAX_PIDS);
	if (n < 0)
		BAD("rxtop: -p '%s' is not a process id or a list of them like 1,2 or \"1 2\"", arg);
	return 0;
}

static int apply_queues(void *t, const char *arg, char *err, size_t len)
{
	struct stack_config *stack = &OPTS->stack;
	int n = parse_int_list(arg, stack->queues, STACK_MAX_QUEUES);

	if (n < 0)
		BAD("rxtop: -q '%s' is not a queue list like 0,1 or 0-3", arg);
	if (repeated(stack->queues, n) >= 0)
		BAD("rxtop: -q '%s' names queue %d twice; name each queue once", arg,
		    stack->queues[repeated(stack->queues, n)]);
	stack->nqueues = n;
	OPTS->queues_given = true;
	return 0;
}

static int apply_cpus(void *t, const char *arg, char *err, size_t len)
{
	struct stack_config *stack = &OPTS->stack;
	int n = parse_int_list(arg, stack->cpus, STACK_MAX_QUEUES);

	if (n < 0)
		BAD("rxtop: -c '%s' is not a CPU list like 0,1 or 0-3", arg);
	if (repeated(stack->cpus, n) >= 0)
		BAD("rxtop: -c '%s' names CPU %d twice; name each CPU once", arg,
		    stack->cpus[repeated(stack->cpus, n)]);
	for (int i = 0; i < n; i++)
		if (!cpu_usable(stack->cpus[i]))
			BAD("rxtop: -c: CPU %d is not one rxtop may run on here (%ld CPUs online, see "
			    "'nproc'); "
			    "choose another",
			    stack->cpus[i], sysconf(_SC_NPROCESSORS_ONLN));
	stack->ncpus = n;
	return 0;
}

static int apply_netns(void *t, const char *arg, char *err, size_t len)
{
	if (snprintf(OPTS->netns, sizeof(OPTS->netns), "%s", arg) >= (int)sizeof(OPTS->netns))
		BAD("rxtop: --netns name is too long");
	return 0;
}

static int apply_gen_rate(void *t, const char *arg, char *err, size_t len)
{
	/* The same parser as 'rxtop gen --rate': 200k, 1.5M, 1G. */
	if (parse_si_count(arg, &OPTS->gen_rate) || OPTS->gen_rate > 1000000000ull)
		BAD("rxtop: --gen-rate '%s' is not packets per second like 200k or 1.5M, at most 1G "
		    "(0 = as fast as possible)",
		    arg);
	return 0;
}

static int apply_gen_size(void *t, const char *arg, char *err, size_t len)
{
	double v;

	if (parse_bounded_double(arg, 60, 1514, &v) || v != floor(v))
		BAD("rxtop: --gen-size '%s' is not a frame size from 60 to 1514 bytes", arg);
	OPTS->gen_size = (int)v;
	return 0;
}

static int apply_gen_flows(void *t, const char *arg, char *err, size_t len)
{
	double v;

	if (parse_bounded_double(arg, 1, 65535, &v) || v != floor(v))
		BAD("rxtop: --gen-flows '%s' is not a number of flows from 1 to 65535", arg);
	OPTS->gen_flows = (int)v;
	return 0;
}

static int apply_gen_engine(void *t, const char *arg, char *err, size_t len)
{
	if (gen_engine_parse(arg, &OPTS->gen_engine))
		BAD("rxtop: --gen-engine '%s' is not xdp, packet or auto", arg);
	return 0;
}

static int apply_duration(void *t, const char *arg, char *err, size_t len)
{
	double v;

	if (parse_bounded_double(arg, 0.5, 86400, &v))
		BAD("rxtop: --duration '%s' is not seconds from 0.5 to 86400", arg);
	OPTS->duration = v;
	return 0;
}

static int apply_counter_mode(void *t, const char *arg, char *err, size_t len)
{
	if (strcmp(arg, "native") == 0)
		OPTS->xdp_mode = 1;
	else if (strcmp(arg, "generic") == 0)
		OPTS->xdp_mode = 2;
	else
		BAD("rxtop: --counter-xdp-mode '%s' is unknown; use native or generic", arg);
	return 0;
}

static int apply_counter(void *t, const char *arg, char *err, size_t len)
{
	if (strcmp(arg, "auto") == 0)
		OPTS->counter_hook = COUNTER_HOOK_AUTO;
	else if (strcmp(arg, "xdp") == 0)
		OPTS->counter_hook = COUNTER_HOOK_XDP;
	else if (strcmp(arg, "tc") == 0)
		OPTS->counter_hook = COUNTER_HOOK_TC;
	else if (strcmp(arg, "none") == 0)
		OPTS->counter_hook = COUNTER_HOOK_NONE;
	else
		BAD("rxtop: --counter '%s' is unknown; use auto, xdp, tc or none", arg);
	return 0;
}

static int apply_bpf_stats(void *t, const char *arg, char *err, size_t len)
{
	if (parse_sampled_always(arg, &OPTS->bpf_stats_always))
		BAD("rxtop: --bpf-stats '%s' is unknown; use sampled or always", arg);
	return 0;
}

static int apply_event_probes(void *t, const char *arg, char *err, size_t len)
{
	if (parse_sampled_always(arg, &OPTS->event_probes_always))
		BAD("rxtop: --event-probes '%s' is unknown; use sampled or always", arg);
	return 0;
}

static int apply_syscall_counts(void *t, const char *arg, char *err, size_t len)
{
	if (!strcmp(arg, "auto"))
		OPTS->syscall_counts = SYSCALL_COUNTS_AUTO;
	else if (!strcmp(arg, "exact"))
		OPTS->syscall_counts = SYSCALL_COUNTS_EXACT;
	else if (!strcmp(arg, "sampled"))
		OPTS->syscall_counts = SYSCALL_COUNTS_SAMPLED;
	else
		BAD("rxtop: --syscall-counts '%s' is unknown; use auto, exact or sampled", arg);
	return 0;
}

static int apply_listen(void *t, const char *arg, char *err, size_t len)
{
	if (metrics_listen_parse(arg, &OPTS->listen) < 0)
		BAD("rxtop: --listen '%s' is not [ADDR:]PORT, e.g. 9101 or 0.0.0.0:9101", arg);
	return 0;
}

static int apply_dpdk_telemetry(void *t, const char *arg, char *err, size_t len)
{
	/* A unix socket address holds 107 bytes; whether the path is a DPDK socket is the session's to find.
	 */
	if (!arg[0] || snprintf(OPTS->dpdk_telemetry, sizeof(OPTS->dpdk_telemetry), "%s", arg) >=
			   (int)sizeof(OPTS->dpdk_telemetry))
		BAD("rxtop: --dpdk-telemetry '%s' is not a socket path of at most %zu bytes", arg,
		    sizeof(OPTS->dpdk_telemetry) - 1);
	return 0;
}

static int apply_replay(void *t, const char *arg, char *err, size_t len)
{
	if (!arg[0] || snprintf(OPTS->replay, sizeof(OPTS->replay), "%s", arg) >= (int)sizeof(OPTS->replay))
		BAD("rxtop: --replay '%s' is not a file path of at most %zu bytes", arg,
		    sizeof(OPTS->replay) - 1);
	return 0;
}

/* The bare command's only: a recording replaces everything the other options choose. */
static const struct cli_option top_replay_options[] = {
    {.name = "replay",
     .arg = "FILE",
     .help = "play a recording of 'rxtop -b -o json > FILE' in the live view, at its pace: space pauses, "
	     ". steps, + - speed; alone on the line",
     .apply = apply_replay,
     .values = CLI_VALUES_FILE},
};

/* Options of both rxtop and rxtop run (-q, -c and --duration matter to run; rxtop takes them too). */
static const struct cli_option top_options_table[] = {
    {.letter = 'b',
     .help =
	 "batch mode: lines instead of the full-screen view (the default when stdout is not a terminal, or "
	 "TERM is dumb or unset)",
     .apply = apply_batch},
    {.name = "iterations",
     .letter = 'n',
     .arg = "N",
     .help = "number of samples, then exit (default: until "
	     "interrupted)",
     .apply = apply_samples},
    {.name = "delay",
     .letter = 'd',
     .arg = "SECONDS",
     .help = "interval between samples, fractions allowed "
	     "(default 1)",
     .apply = apply_interval},
    {.name = "output",
     .letter = 'o',
     .arg = "FORMAT",
     .help = "batch format: text (default), json, csv, openmetrics or prometheus",
     .apply = apply_format,
     .values = CLI_VALUES_WORDS,
     .words = "text json csv openmetrics prometheus"},
    {.name = "listen",
     .arg = "[ADDR:]PORT",
     .help = "serve /metrics (OpenMetrics or Prometheus text) on ADDR (default 127.0.0.1) while running",
     .apply = apply_listen},
    {.name = "iface",
     .letter = 'i',
     .arg = "IFACE",
     .help = "interface to observe (repeatable)",
     .apply = apply_iface,
     .values = CLI_VALUES_IFACE},
    {.name = "pid",
     .letter = 'p',
     .arg = "PID[,PID...]",
     .help = "processes whose overhead to show (repeatable; \"1 2\" too, as in top); a DPDK process's "
	     "ports too, through its telemetry socket",
     .apply = apply_pids,
     .values = CLI_VALUES_PID},
    {.name = "dpdk-telemetry",
     .arg = "PATH",
     .help = "a DPDK process's telemetry socket, e.g. /var/run/dpdk/PREFIX/dpdk_telemetry.v2: its ports' rx "
	     "and loss counters",
     .apply = apply_dpdk_telemetry,
     .values = CLI_VALUES_FILE},
    {.name = "queues",
     .letter = 'q',
     .arg = "QUEUES",
     .help = "rx queues, e.g. 0,1 or 0-3 (default all)",
     .apply = apply_queues},
    {.name = "cpus",
     .letter = 'c',
     .arg = "CPUS",
     .help = "cores for the receivers of 'run', e.g. 0,1",
     .apply = apply_cpus},
    {.name = "netns",
     .arg = "NAME",
     .help = "work inside that network namespace",
     .apply = apply_netns,
     .values = CLI_VALUES_NETNS},
    {.name = "duration",
     .arg = "SECONDS",
     .help = "seconds per stack phase in 'run' (default 5)",
     .apply = apply_duration},
    {.name = "counter",
     .arg = "auto|xdp|tc|none",
     .help = "where to count per rx queue: XDP, tc ingress (socket receivers only), or none: attach nothing, "
	     "read the NIC's queue counters (qstats, ethtool -S) and sysfs totals; auto: tc for 'run' of "
	     "socket receivers on veth, where any XDP program makes veth copy every packet, none beside "
	     "another XDP program on a NIC, else XDP",
     .apply = apply_counter,
     .values = CLI_VALUES_WORDS,
     .words = "auto xdp tc none"},
    {.name = "counter-xdp-mode",
     .arg = "native|generic",
     .help = "attach mode of rxtop's XDP counter (default: native where the driver has it, else generic); in "
	     "'run' with afxdp the same program feeds the sockets, so --xdp-mode sets it too",
     .apply = apply_counter_mode,
     .values = CLI_VALUES_WORDS,
     .words = "native generic"},
    {.name = "bpf-stats",
     .arg = "sampled|always",
     .help =
	 "measure rxtop's BPF programs in short windows (default: 20 ms every 3 s; kernel statistics slow "
	 "every BPF program) or always",
     .apply = apply_bpf_stats,
     .values = CLI_VALUES_WORDS,
     .words = "sampled always"},
    {.name = "event-probes",
     .arg = "sampled|always",
     .help =
	 "attach the per-poll, per-softirq, syscall-exit and scheduler probes (napi_poll, NET_RX time, "
	 "syscall time) for a 20th of each interval and scale their counts, taking switches and CPU times "
	 "from /proc, and detaching xdp_redirect_err while rxtop's own AF_XDP sockets count its events "
	 "(default), or always: exact, at up to 14 % of a fast receiver's rate",
     .apply = apply_event_probes,
     .values = CLI_VALUES_WORDS,
     .words = "sampled always"},
    {.name = "syscall-counts",
     .arg = "auto|exact|sampled",
     .help =
	 "count every syscall of the tracked processes (exact: each syscall on the machine then costs "
	 "~115-135 ns here, up to 14 % of a receiver that makes one per datagram) or count them in the "
	 "probes' windows and estimate (sampled: a stack's by its packets, others by time); auto (default): "
	 "exact when -p names a process, else sampled",
     .apply = apply_syscall_counts,
     .values = CLI_VALUES_WORDS,
     .words = "auto exact sampled"},
};

/* The lab's generator, running while rxtop watches with --lab. */
static const struct cli_option top_gen_options[] = {
    {.name = "gen-rate",
     .arg = "PPS",
     .help = "packets per second, k/M/G allowed: 200k, 1.5M (default: as fast as possible)",
     .apply = apply_gen_rate},
    {.name = "gen-size",
     .arg = "BYTES",
     .help = "frame size, 60 to 1514 (default 64)",
     .apply = apply_gen_size},
    {.name = "gen-flows",
     .arg = "N",
     .help = "flows, 1 to 65535 (default: one per queue)",
     .apply = apply_gen_flows},
    {.name = "gen-engine",
     .arg = "xdp|packet|auto",
     .help = "how it sends (default auto; see generator.md)",
     .apply = apply_gen_engine,
     .values = CLI_VALUES_WORDS,
     .words = "xdp packet auto"},
};

static const struct cli_group top_groups[] = {
    {.title = "Options (as in top)", .options = top_options_table, .count = CLI_COUNT(top_options_table)},
    {.title = "Generator options (with --lab)",
     .options = top_gen_options,
     .count = CLI_COUNT(top_gen_options)},
    {.title = "Record and replay", .options = top_replay_options, .count = CLI_COUNT(top_replay_options)},
};

static const struct cli_group run_groups[] = {
    {.title = "Options (as in top)", .options = top_options_table, .count = CLI_COUNT(top_options_table)},
    {.title = "Generator options (with --lab)",
     .options = top_gen_options,
     .count = CLI_COUNT(top_gen_options)},
    {.title = "Receiver options",
     .options = stack_cli_options,
     .count = STACK_CLI_NOPTIONS,
     .target_offset = offsetof(struct top_options, stack)},
};

const struct cli_command cli_top_command = {
    .name = "rxtop",
    .synopsis = "rxtop [-i IFACE]... [-p PID]... [OPTIONS]",
    .summary = "live view of the receive path",
    .description =
	"Live view of the receive path of the named interfaces (all queues, or those of -q): "
	"packets, drops and where they happen per rx queue, NAPI and softirq time, and the cost of the "
	"processes of -p. Full-screen on a terminal, else lines in the format of -o.",
    .takes_lab = true,
    .groups = top_groups,
    .ngroups = CLI_COUNT(top_groups),
};

const struct cli_command cli_run_command = {
    .name = "run",
    .synopsis = "rxtop run STACK[,STACK...] -i IFACE [OPTIONS]",
    .summary = "run rxtop's receivers and show them",
    .description =
	"Runs rxtop's own receivers on IFACE one after another, --duration seconds each, and shows "
	"them live; then prints a comparison table.\nStacks: afxdp dpdk iouring iouring-zc epoll "
	"recvmmsg recvfrom",
    .operand_values = CLI_VALUES_STACKS,
    .takes_lab = true,
    .groups = run_groups,
    .ngroups = CLI_COUNT(run_groups),
};

int options_parse(int argc, char **argv, bool run, struct top_options *opts, char *err, size_t len)
{
	const struct cli_command *cmd = run ? &cli_run_command : &cli_top_command;
	int next, r, first = 1;

	defaults(opts);
	if (run) {
		if (argc < 2 || argv[1][0] == '-') {
			/* --help wins even before the stacks: 'rxtop run --help'. */
			if (cli_parse(cmd, argc, argv, 1, opts, &next, err, len) == 1) {
				defaults(opts);
				opts->help = true;
				return 0;
			}
			BAD("rxtop run: name the stacks first, e.g. 'rxtop run afxdp,epoll -i rxlab0'");
		}
		if (parse_stacks(argv[1], opts, err, len) < 0)
			return -EINVAL;
		first = 2;
	}
	r = cli_parse(cmd, argc, argv, first, opts, &next, err, len);
	if (r < 0)
		return -EINVAL;
	if (r == 1) {
		opts->help = true;
		return 0;
	}
	if (next < argc)
		BAD("rxtop: unexpected argument '%s'; see 'rxtop --help'", argv[next]);
	if (opts->syscall_counts == SYSCALL_COUNTS_SAMPLED && opts->event_probes_always)
		BAD("rxtop: --syscall-counts sampled counts in the probes' windows, which "
		    "--event-probes always removes; drop one of them");
	/* In 'rxtop run' one XDP program counts and redirects to the AF_XDP sockets: --xdp-mode is its mode
	 * too. */
	if (run && opts->stack.xdp_mode) {
		if (opts->xdp_mode && opts->xdp_mode != opts->stack.xdp_mode)
			BAD("rxtop: --xdp-mode and --counter-xdp-mode disagree, but one XDP program counts "
			    "and feeds AF_XDP; give one of them");
		opts->xdp_mode = opts->stack.xdp_mode;
	}
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

void options_help(bool run, void (*overview)(FILE *out))
{
	/* 'rxtop --help' is the overview of all the commands and the bare command's own options. */
	if (!run && overview) {
		overview(stdout);
		fputc('\n', stdout);
	}
	cli_help(run ? &cli_run_command : &cli_top_command, stdout);
}
