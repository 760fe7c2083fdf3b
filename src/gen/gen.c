// SPDX-License-Identifier: GPL-2.0-only
/* rxtop gen: parses the command line, runs the generator through the same API the TUI uses, prints the
 * totals. */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_numbers.h"
#include "cli_table.h"
#include "commands.h"
#include "gen.h"
#include "lab.h"
#include "log.h"
#include "stop_signals.h"

/* The limits as text, for the help and the messages that state them. */
#define TEXT_MIN_SIZE CLI_STRING(GEN_MIN_SIZE)
#define TEXT_MAX_SIZE CLI_STRING(GEN_MAX_SIZE)
#define TEXT_MAX_FLOWS CLI_STRING(GEN_MAX_FLOWS)
#define TEXT_MAX_THREADS CLI_STRING(GEN_MAX_THREADS)
#define TEXT_FLOW_PORT_BASE CLI_STRING(GEN_FLOW_PORT_BASE)
#define TEXT_DEFAULT_PORT CLI_STRING(GEN_DEFAULT_PORT)

static volatile sig_atomic_t stop_requested;

/* One line for a value the option refuses: the old "bad value" wording, then what it wants. */
static int refuse(char *err, size_t len, const char *option, const char *arg, const char *wanted)
{
	snprintf(err, len, "rxtop gen: bad value '%s' for --%s: %s; see 'rxtop gen --help'", arg, option,
		 wanted);
	return -EINVAL;
}

/* A whole count with an optional k, M or G suffix in [min, max]: every rate, count and size shares it. */
static int parse_ranged(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	return parse_si_count(s, out) || *out < min || *out > max ? -EINVAL : 0;
}

static int apply_iface(void *target, const char *arg, char *err, size_t len)
{
	struct gen_config *cfg = target;

	if (!*arg || strlen(arg) >= sizeof(cfg->iface))
		return refuse(err, len, "iface", arg, "an interface name of 1 to 15 characters");
	snprintf(cfg->iface, sizeof(cfg->iface), "%s", arg);
	return 0;
}

static int apply_netns(void *target, const char *arg, char *err, size_t len)
{
	struct gen_config *cfg = target;

	if (!*arg || strlen(arg) >= sizeof(cfg->netns) || strchr(arg, '/'))
		return refuse(err, len, "netns", arg, "a namespace name as 'ip netns list' shows it");
	snprintf(cfg->netns, sizeof(cfg->netns), "%s", arg);
	return 0;
}

static int apply_size(void *target, const char *arg, char *err, size_t len)
{
	uint64_t v;

	if (parse_ranged(arg, GEN_MIN_SIZE, GEN_MAX_SIZE, &v))
		return refuse(err, len, "size", arg,
			      "a frame length from " TEXT_MIN_SIZE " to " TEXT_MAX_SIZE
			      " bytes, without the FCS");
	((struct gen_config *)target)->size = (unsigned int)v;
	return 0;
}

static int apply_rate(void *target, const char *arg, char *err, size_t len)
{
	if (parse_si_count(arg, &((struct gen_config *)target)->rate_pps))
		return refuse(err, len, "rate", arg, "packets per second, e.g. 100000, 200k or 1.5M");
	return 0;
}

static int apply_flows(void *target, const char *arg, char *err, size_t len)
{
	uint64_t v;

	if (parse_ranged(arg, 1, GEN_MAX_FLOWS, &v))
		return refuse(err, len, "flows", arg, "a whole number from 1 to " TEXT_MAX_FLOWS);
	((struct gen_config *)target)->flows = (unsigned int)v;
	return 0;
}

static int apply_duration(void *target, const char *arg, char *err, size_t len)
{
	struct gen_config *cfg = target;
	char *end;

	errno = 0;
	cfg->duration_s = strtod(arg, &end);
	if (errno || end == arg || *end || !(cfg->duration_s > 0) || !isfinite(cfg->duration_s))
		return refuse(err, len, "duration", arg, "seconds above 0, fractions allowed");
	return 0;
}

static int apply_count(void *target, const char *arg, char *err, size_t len)
{
	if (parse_ranged(arg, 1, UINT64_MAX, &((struct gen_config *)target)->count))
		return refuse(err, len, "count", arg, "frames, at least 1, e.g. 1000 or 2M");
	return 0;
}

static int apply_src(void *target, const char *arg, char *err, size_t len)
{
	if (inet_pton(AF_INET, arg, &((struct gen_config *)target)->src) != 1)
		return refuse(err, len, "src", arg, "an IPv4 address such as " GEN_DEFAULT_SRC);
	return 0;
}

static int apply_dst(void *target, const char *arg, char *err, size_t len)
{
	if (inet_pton(AF_INET, arg, &((struct gen_config *)target)->dst) != 1)
		return refuse(err, len, "dst", arg, "an IPv4 address such as " GEN_DEFAULT_DST);
	return 0;
}

static int apply_port(void *target, const char *arg, char *err, size_t len)
{
	uint64_t v;

	if (parse_ranged(arg, 1, 65535, &v))
		return refuse(err, len, "port", arg, "a UDP port from 1 to 65535");
	((struct gen_config *)target)->port = (uint16_t)v;
	return 0;
}

static int apply_dst_mac(void *target, const char *arg, char *err, size_t len)
{
	struct gen_config *cfg = target;
	uint8_t *m = cfg->dst_mac;
	char extra;

	if (sscanf(arg, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx%c", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5],
		   &extra) != 6)
		return refuse(err, len, "dst-mac", arg,
			      "six hex bytes separated by colons, 02:00:00:00:00:01");
	cfg->have_dst_mac = 1;
	return 0;
}

static int apply_threads(void *target, const char *arg, char *err, size_t len)
{
	uint64_t v;

	if (parse_ranged(arg, 1, GEN_MAX_THREADS, &v))
		return refuse(err, len, "threads", arg, "a whole number from 1 to " TEXT_MAX_THREADS);
	((struct gen_config *)target)->threads = (unsigned int)v;
	return 0;
}

static int apply_engine(void *target, const char *arg, char *err, size_t len)
{
	if (gen_engine_parse(arg, &((struct gen_config *)target)->engine))
		return refuse(err, len, "engine", arg, "xdp, packet or auto");
	return 0;
}

static int apply_proto(void *target, const char *arg, char *err, size_t len)
{
	struct gen_config *cfg = target;

	if (strcmp(arg, "tcp") && strcmp(arg, "udp"))
		return refuse(err, len, "proto", arg, "udp or tcp");
	cfg->tcp = !strcmp(arg, "tcp");
	return 0;
}

static const struct cli_option gen_options[] = {
    {.name = "iface",
     .letter = 'i',
     .arg = "IFACE",
     .help = "interface to send from (required)",
     .apply = apply_iface,
     .values = CLI_VALUES_IFACE},
    {.name = "netns",
     .arg = "NAME",
     .help = "send from inside network namespace NAME (IFACE is there)",
     .apply = apply_netns,
     .values = CLI_VALUES_NETNS},
    {.name = "size",
     .arg = "BYTES",
     .help =
	 "Ethernet frame length without the 4-byte FCS, " TEXT_MIN_SIZE ".." TEXT_MAX_SIZE " (default 64)",
     .apply = apply_size,
     .values = CLI_VALUES_WORDS,
     .words = "64 128 256 512 1024 1514"},
    {.name = "rate",
     .arg = "PPS",
     .help = "total packets per second, k/M/G suffixes allowed (1.5M); 0 or absent: as fast as possible",
     .apply = apply_rate},
    {.name = "flows",
     .arg = "N",
     .help = "distinct 5-tuples (UDP source ports " TEXT_FLOW_PORT_BASE " on), spread over the "
	     "threads, 1.." TEXT_MAX_FLOWS " (default: one per thread; TCP: 4 connections)",
     .apply = apply_flows},
    {.name = "duration",
     .arg = "S",
     .help = "stop after S seconds, fractions allowed (default: until stopped)",
     .apply = apply_duration},
    {.name = "count",
     .arg = "N",
     .help = "stop after N frames were sent, k/M/G suffixes allowed (default: until stopped)",
     .apply = apply_count},
    {.name = "src", .arg = "IP", .help = "source address (default " GEN_DEFAULT_SRC ")", .apply = apply_src},
    {.name = "dst",
     .arg = "IP",
     .help = "destination address (default " GEN_DEFAULT_DST ")",
     .apply = apply_dst},
    {.name = "port",
     .arg = "PORT",
     .help = "UDP (or TCP) destination port (default " TEXT_DEFAULT_PORT ")",
     .apply = apply_port},
    {.name = "dst-mac",
     .arg = "MAC",
     .help = "destination MAC (default: the neighbour entry of --dst on IFACE)",
     .apply = apply_dst_mac},
    {.name = "threads",
     .arg = "N",
     .help = "sending threads, one pinned per CPU; thread i uses tx queue CPU % queues (default: one per tx "
	     "queue, at most the CPUs rxtop may use and --flows), 1.." TEXT_MAX_THREADS,
     .apply = apply_threads},
    {.name = "engine",
     .arg = "E",
     .help = "xdp (BPF_PROG_TEST_RUN live frames), packet (AF_PACKET, qdisc bypass) or auto (default: "
	     "packet when --rate is set, else xdp when it works here, else packet)",
     .apply = apply_engine,
     .values = CLI_VALUES_WORDS,
     .words = "auto xdp packet"},
    {.name = "proto",
     .arg = "udp|tcp",
     .help = "udp (default) frames; tcp: bulk TCP to --dst:--port over --flows connections, as fast as "
	     "possible, for --duration seconds; prints the bytes the receiver acknowledged",
     .apply = apply_proto,
     .values = CLI_VALUES_WORDS,
     .words = "udp tcp"},
};

static const struct cli_group gen_groups[] = {
    {.title = "Options", .options = gen_options, .count = CLI_COUNT(gen_options)},
};

const struct cli_command gen_command = {
    .name = "gen",
    .synopsis = "rxtop gen -i IFACE [OPTIONS]",
    .summary = "traffic generator",
    .description =
	"Sends UDP/IPv4 frames out of IFACE and prints what it sent (docs/generator.md). It ends at "
	"--duration, --count, SIGINT or SIGTERM with a summary and the line\n"
	"sent=N failed=N bytes=N pps=X duration=S engine=E threads=N late=N burst_ms=N burst_mean=X "
	"burst_p99=X burst_max=X burst_p99_ratio=X burst_max_ratio=X\n"
	"late counts frames a paced thread skipped after a long stall (it never sends a backlog); burst_* "
	"are frames sent per millisecond; failed counts frames the device refused (e.g. the veth peer's ring "
	"was full). With --lab it sends from the lab's " LAB_PEER_IFACE " in " LAB_NETNS
	" unless -i or --netns say otherwise.\n"
	"Exit status: 0, 1 on a runtime failure, 2 on a bad option or environment.",
    .takes_lab = true,
    .groups = gen_groups,
    .ngroups = CLI_COUNT(gen_groups),
};

/* Returns 0, 1 for --help, or -1 after printing the one line about a bad option. */
int gen_parse_args(int argc, char **argv, struct gen_config *cfg)
{
	char err[320];
	int next, rc;

	rc = cli_parse(&gen_command, argc, argv, 1, cfg, &next, err, sizeof(err));
	if (rc == 1) {
		cli_help(&gen_command, stdout);
		return 1;
	}
	if (rc < 0) {
		log_user("%s", err);
		return -1;
	}
	if (next < argc) {
		log_user("rxtop gen: unexpected argument '%s'; see 'rxtop gen --help'", argv[next]);
		return -1;
	}
	if (!cfg->iface[0]) {
		log_user("rxtop gen: -i IFACE is required; e.g. 'rxtop gen -i eth0 --rate 100k' or 'rxtop "
			 "--lab gen'");
		return -1;
	}
	return 0;
}

int gen_send_and_report(const struct gen_config *cfg)
{
	struct gen_result res;
	struct gen_proc proc;
	int err, status;

	log_quiet_libs();
	stop_signals_install(&stop_requested);
	if (cfg->tcp)
		return gen_tcp_run(cfg, &stop_requested);

	err = gen_start(cfg, &proc);
	if (err < 0) {
		gen_close(&proc);
		return -err;
	}
	while (!stop_requested && !gen_wait(&proc, 100))
		;
	status = gen_stop(&proc);
	gen_result(&proc, &res);
	if (status && gen_error(&proc)[0])
		log_user("%s", gen_error(&proc));
	printf("rxtop gen: %s, %s engine, %u thread%s: sent %" PRIu64 " failed %" PRIu64
	       " in %.3f s = %.0f pps\n",
	       cfg->iface, res.engine, res.threads, res.threads == 1 ? "" : "s", res.sent, res.failed,
	       res.seconds, res.pps);
	if (res.burst.ms)
		printf("rxtop gen: burstiness over %" PRIu64 " ms: mean %.1f, p99 %.0f, max %.0f frames/ms "
		       "(p99/mean %.2f, max/mean %.2f); late %" PRIu64 " frames\n",
		       res.burst.ms, res.burst.mean, res.burst.p99, res.burst.max, res.burst.p99_ratio,
		       res.burst.max_ratio, res.late);
	printf("sent=%" PRIu64 " failed=%" PRIu64 " bytes=%" PRIu64
	       " pps=%.1f duration=%.3f engine=%s threads=%u late=%" PRIu64 " burst_ms=%" PRIu64
	       " burst_mean=%.1f burst_p99=%.0f burst_max=%.0f burst_p99_ratio=%.3f "
	       "burst_max_ratio=%.3f\n",
	       res.sent, res.failed, res.bytes, res.pps, res.seconds, res.engine, res.threads, res.late,
	       res.burst.ms, res.burst.mean, res.burst.p99, res.burst.max, res.burst.p99_ratio,
	       res.burst.max_ratio);
	fflush(stdout);
	gen_close(&proc);
	return status;
}

int cmd_gen(int argc, char **argv)
{
	struct gen_config cfg;
	int err;

	gen_config_init(&cfg);
	err = gen_parse_args(argc, argv, &cfg);
	if (err)
		return err > 0 ? 0 : EXIT_USAGE;
	return gen_send_and_report(&cfg);
}
