// SPDX-License-Identifier: GPL-2.0-only
/* rxtop gen: parses the command line, runs the generator through the same API the TUI uses, prints the
 * totals. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_numbers.h"
#include "commands.h"
#include "gen.h"
#include "log.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *out)
{
	fprintf(
	    out,
	    "Usage: rxtop gen -i IFACE [OPTIONS]\n"
	    "Sends UDP/IPv4 frames out of IFACE and prints what it sent.\n"
	    "  -i, --iface IFACE     interface to send from (required)\n"
	    "      --netns NAME      send from inside network namespace NAME (IFACE is there)\n"
	    "      --size BYTES      Ethernet frame length WITHOUT the 4-byte FCS, %d..%d (default 64)\n"
	    "      --rate PPS        total packets per second, k/M/G suffixes allowed (1.5M); 0 or "
	    "absent: as fast as possible\n"
	    "      --flows N         distinct 5-tuples (UDP source ports %d..), spread over the threads "
	    "(default: one\n"
	    "                        per thread); 1..%d\n"
	    "      --duration S      stop after S seconds (fractions allowed)\n"
	    "      --count N         stop after N frames were sent (k/M/G suffixes allowed)\n"
	    "      --src IP          source address (default %s)\n"
	    "      --dst IP          destination address (default %s)\n"
	    "      --port PORT       UDP destination port (default %d)\n"
	    "      --dst-mac MAC     destination MAC (default: the neighbour entry of --dst on IFACE)\n"
	    "      --threads N       sending threads, one pinned per CPU; thread i uses tx queue CPU %% "
	    "queues\n"
	    "                        (default: one per tx queue, at most the CPUs rxtop may use and "
	    "--flows)\n"
	    "      --engine E        xdp (BPF_PROG_TEST_RUN live frames), packet (AF_PACKET, qdisc "
	    "bypass) or auto\n"
	    "                        (default: packet when --rate is set, else xdp when it works here, "
	    "else packet)\n"
	    "      --proto udp|tcp   tcp: bulk TCP to --dst:--port over --flows connections (default 4), "
	    "as fast\n"
	    "                        as possible, for --duration seconds; prints the bytes the receiver "
	    "acknowledged\n"
	    "  -h, --help            this help\n"
	    "Ends at --duration, --count, SIGINT or SIGTERM; prints a summary and a line\n"
	    "  sent=N failed=N bytes=N pps=X duration=S engine=E threads=N late=N burst_ms=N burst_mean=X\n"
	    "  burst_p99=X burst_max=X burst_p99_ratio=X burst_max_ratio=X\n"
	    "late counts frames a paced thread skipped after a long stall (it never sends a backlog);\n"
	    "burst_* are frames sent per millisecond (docs/generator.md).\n"
	    "failed counts frames the device refused (e.g. the veth peer's ring was full). Exit 0, 1 on "
	    "a runtime\n"
	    "failure, 2 on a bad option or environment.\n",
	    GEN_MIN_SIZE, GEN_MAX_SIZE, GEN_FLOW_PORT_BASE, GEN_MAX_FLOWS, GEN_DEFAULT_SRC, GEN_DEFAULT_DST,
	    GEN_DEFAULT_PORT);
}

/* A non-negative count with an optional k, M or G suffix: the parser every rate and count shares. */
static int parse_count(const char *s, uint64_t *out)
{
	return parse_si_count(s, out);
}

static int parse_ranged(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	return parse_count(s, out) || *out < min || *out > max ? -EINVAL : 0;
}

enum {
	OPT_NETNS = 256,
	OPT_SIZE,
	OPT_RATE,
	OPT_FLOWS,
	OPT_DURATION,
	OPT_COUNT,
	OPT_SRC,
	OPT_DST,
	OPT_PORT,
	OPT_DST_MAC,
	OPT_THREADS,
	OPT_ENGINE,
	OPT_PROTO,
};

static const struct option options[] = {
    {"iface", required_argument, NULL, 'i'},
    {"netns", required_argument, NULL, OPT_NETNS},
    {"size", required_argument, NULL, OPT_SIZE},
    {"rate", required_argument, NULL, OPT_RATE},
    {"flows", required_argument, NULL, OPT_FLOWS},
    {"duration", required_argument, NULL, OPT_DURATION},
    {"count", required_argument, NULL, OPT_COUNT},
    {"src", required_argument, NULL, OPT_SRC},
    {"dst", required_argument, NULL, OPT_DST},
    {"port", required_argument, NULL, OPT_PORT},
    {"dst-mac", required_argument, NULL, OPT_DST_MAC},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"engine", required_argument, NULL, OPT_ENGINE},
    {"proto", required_argument, NULL, OPT_PROTO},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* Returns 0, 1 for --help, or -1 after printing the one line about a bad option. */
int gen_parse_args(int argc, char **argv, struct gen_config *cfg)
{
	int opt, longindex = -1;
	uint64_t v;
	char *end;

	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":i:h", options, &longindex)) != -1) {
		const char *arg = optarg;
		int bad = 0;

		switch (opt) {
		case 'i':
			bad = strlen(arg) >= sizeof(cfg->iface) || !*arg;
			if (!bad)
				snprintf(cfg->iface, sizeof(cfg->iface), "%s", arg);
			break;
		case OPT_NETNS:
			bad = strlen(arg) >= sizeof(cfg->netns) || !*arg || strchr(arg, '/');
			if (!bad)
				snprintf(cfg->netns, sizeof(cfg->netns), "%s", arg);
			break;
		case OPT_SIZE:
			bad = parse_ranged(arg, GEN_MIN_SIZE, GEN_MAX_SIZE, &v) != 0;
			cfg->size = (unsigned int)v;
			break;
		case OPT_RATE:
			bad = parse_count(arg, &cfg->rate_pps) != 0;
			break;
		case OPT_FLOWS:
			bad = parse_ranged(arg, 1, GEN_MAX_FLOWS, &v) != 0;
			cfg->flows = (unsigned int)v;
			break;
		case OPT_DURATION:
			errno = 0;
			cfg->duration_s = strtod(arg, &end);
			bad = errno || end == arg || *end || !(cfg->duration_s > 0) ||
			      !isfinite(cfg->duration_s);
			break;
		case OPT_COUNT:
			bad = parse_ranged(arg, 1, UINT64_MAX, &cfg->count) != 0;
			break;
		case OPT_SRC:
			bad = inet_pton(AF_INET, arg, &cfg->src) != 1;
			break;
		case OPT_DST:
			bad = inet_pton(AF_INET, arg, &cfg->dst) != 1;
			break;
		case OPT_PORT:
			bad = parse_ranged(arg, 1, 65535, &v) != 0;
			cfg->port = (uint16_t)v;
			break;
		case OPT_DST_MAC: {
			uint8_t *m = cfg->dst_mac;
			char extra;

			bad = sscanf(arg, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx%c", &m[0], &m[1], &m[2], &m[3],
				     &m[4], &m[5], &extra) != 6;
			cfg->have_dst_mac = 1;
			break;
		}
		case OPT_THREADS:
			bad = parse_ranged(arg, 1, GEN_MAX_THREADS, &v) != 0;
			cfg->threads = (unsigned int)v;
			break;
		case OPT_ENGINE:
			bad = gen_engine_parse(arg, &cfg->engine) != 0;
			break;
		case OPT_PROTO:
			if (strcmp(arg, "tcp") == 0)
				cfg->tcp = 1;
			else if (strcmp(arg, "udp") == 0)
				cfg->tcp = 0;
			else
				bad = 1;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case ':':
			log_user("rxtop gen: %s needs a value", argv[optind - 1]);
			return -1;
		default:
			log_user("rxtop gen: unknown option '%s'; see 'rxtop gen --help'", argv[optind - 1]);
			return -1;
		}
		if (bad) {
			/* Named from the table, so "--size=59" and "--size 59" read the same. */
			log_user("rxtop gen: bad value '%s' for %s%s; see 'rxtop gen --help'", arg,
				 opt == 'i' ? "-" : "--", opt == 'i' ? "i" : options[longindex].name);
			return -1;
		}
		longindex = -1;
	}
	if (optind < argc) {
		log_user("rxtop gen: unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (!cfg->iface[0]) {
		log_user("rxtop gen: -i IFACE is required");
		return -1;
	}
	return 0;
}

int cmd_gen(int argc, char **argv)
{
	struct sigaction sa = {.sa_handler = on_signal};
	struct gen_config cfg;
	struct gen_result res;
	struct gen_proc proc;
	int err, status;

	gen_config_init(&cfg);
	err = gen_parse_args(argc, argv, &cfg);
	if (err)
		return err > 0 ? 0 : EXIT_USAGE;
	log_quiet_libs();
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (cfg.tcp)
		return gen_tcp_run(&cfg, &stop_requested);

	err = gen_start(&cfg, &proc);
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
	       cfg.iface, res.engine, res.threads, res.threads == 1 ? "" : "s", res.sent, res.failed,
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
