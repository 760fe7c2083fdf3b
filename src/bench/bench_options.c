// SPDX-License-Identifier: GPL-2.0-only
/* Parses `rxtop bench`'s command line into struct bench_config; pure: reads the machine, changes nothing. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_options.h"
#include "cli_numbers.h"
#include "lab.h"
#include "procfs.h"

enum {
	OPT_LAB = 1,
	OPT_GEN,
	OPT_STACKS,
	OPT_SIZES,
	OPT_CORES,
	OPT_PROTO,
	OPT_MEASURE,
	OPT_REPEATS,
	OPT_DURATION,
	OPT_WARMUP,
	OPT_TOLERANCE,
	OPT_OUT,
	OPT_NO_REFERENCES,
	OPT_HELP,
};

static const struct option bench_long_options[] = {
    {"lab", no_argument, NULL, OPT_LAB},
    {"iface", required_argument, NULL, 'i'},
    {"gen", required_argument, NULL, OPT_GEN},
    {"stacks", required_argument, NULL, OPT_STACKS},
    {"sizes", required_argument, NULL, OPT_SIZES},
    {"cores", required_argument, NULL, OPT_CORES},
    {"proto", required_argument, NULL, OPT_PROTO},
    {"measure", required_argument, NULL, OPT_MEASURE},
    {"repeats", required_argument, NULL, OPT_REPEATS},
    {"duration", required_argument, NULL, OPT_DURATION},
    {"warmup", required_argument, NULL, OPT_WARMUP},
    {"loss-tolerance", required_argument, NULL, OPT_TOLERANCE},
    {"out", required_argument, NULL, OPT_OUT},
    {"no-references", no_argument, NULL, OPT_NO_REFERENCES},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

#define BAD(...)                                                                                             \
	do {                                                                                                 \
		snprintf(err, len, __VA_ARGS__);                                                             \
		return -EINVAL;                                                                              \
	} while (0)

static const char *const udp_stacks[] = {"afxdp", "dpdk",     "iouring", "iouring-zc",
					 "epoll", "recvmmsg", "recvfrom"};
static const char *const tcp_stacks[] = {"epoll", "iouring", "iouring-zc"};

/* "64,512": whole numbers in [min, max], at most `max_n`, each once; count or -EINVAL. */
static int parse_list(const char *text, int *out, int max_n, int min, int max)
{
	char buf[256], *save = NULL;
	int n = 0;

	if (snprintf(buf, sizeof(buf), "%s", text) >= (int)sizeof(buf))
		return -EINVAL;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double v;

		if (n >= max_n || parse_bounded_double(tok, min, max, &v) || v != floor(v))
			return -EINVAL;
		for (int i = 0; i < n; i++)
			if (out[i] == (int)v)
				return -EINVAL;
		out[n++] = (int)v;
	}
	return n > 0 ? n : -EINVAL;
}

static bool stack_known(const char *name)
{
	return strcmp(name, BENCH_XDP_DROP) == 0 || stack_find(name) != NULL;
}

static int parse_stacks(const char *list, struct bench_config *cfg, char *err, size_t len)
{
	char buf[256], *save = NULL;

	if (snprintf(buf, sizeof(buf), "%s", list) >= (int)sizeof(buf))
		BAD("rxtop bench: the stack list is too long; name at most %d stacks", BENCH_MAX_STACKS);
	cfg->nstacks = 0;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (cfg->nstacks >= BENCH_MAX_STACKS)
			BAD("rxtop bench: at most %d stacks per bench", BENCH_MAX_STACKS);
		if (!stack_known(tok))
			BAD("rxtop bench: unknown or unavailable stack '%s'; choose from afxdp, dpdk, "
			    "iouring, "
			    "iouring-zc, epoll, recvmmsg, recvfrom, xdp-drop",
			    tok);
		for (int i = 0; i < cfg->nstacks; i++)
			if (!strcmp(cfg->stacks[i], tok))
				BAD("rxtop bench: stack '%s' is named twice in --stacks", tok);
		snprintf(cfg->stacks[cfg->nstacks++], sizeof(cfg->stacks[0]), "%s", tok);
	}
	if (cfg->nstacks == 0)
		BAD("rxtop bench: --stacks names no stack; e.g. --stacks afxdp,epoll");
	return 0;
}

/* Every stack built into this rxtop for the protocol; those that cannot run here get a cell saying why. */
static void default_stacks(struct bench_config *cfg)
{
	const char *const *names = cfg->proto == STACK_PROTO_TCP ? tcp_stacks : udp_stacks;
	size_t n = cfg->proto == STACK_PROTO_TCP ? sizeof(tcp_stacks) / sizeof(tcp_stacks[0])
						 : sizeof(udp_stacks) / sizeof(udp_stacks[0]);

	cfg->nstacks = 0;
	for (size_t i = 0; i < n && cfg->nstacks < BENCH_MAX_STACKS; i++)
		if (stack_find(names[i]))
			snprintf(cfg->stacks[cfg->nstacks++], sizeof(cfg->stacks[0]), "%s", names[i]);
}

static void defaults(struct bench_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	/* The default is the text --help shows, read by the parser a user's --sizes goes through. */
	cfg->nsizes = parse_list(BENCH_DEFAULT_SIZES, cfg->sizes, BENCH_MAX_SIZES, 1, 1 << 20);
	cfg->proto = STACK_PROTO_UDP;
	cfg->measure = BENCH_MAX;
	cfg->repeats = BENCH_DEFAULT_REPEATS;
	cfg->duration_s = BENCH_DEFAULT_DURATION;
	cfg->warmup_s = BENCH_DEFAULT_WARMUP;
	cfg->loss_tolerance_pct = BENCH_DEFAULT_TOLERANCE;
	cfg->references = true;
}

/* The largest frame (with FCS) the interface carries: its MTU plus the Ethernet header and FCS. */
static int max_frame(const struct bench_config *cfg)
{
	char path[96];
	FILE *f;
	int mtu = 1500;

	snprintf(path, sizeof(path), "/sys/class/net/%s/mtu", cfg->iface);
	f = cfg->iface[0] ? fopen(path, "r") : NULL;
	if (f) {
		if (fscanf(f, "%d", &mtu) != 1 || mtu < 68)
			mtu = 1500;
		fclose(f);
	}
	return mtu + 14 + BENCH_FCS;
}

static int apply(int opt, const char *arg, struct bench_config *cfg, bool *sizes_given, bool *cores_given,
		 char *err, size_t len)
{
	double v;
	int n;

	switch (opt) {
	case OPT_LAB:
		cfg->lab = true;
		return 0;
	case 'i':
		if (strlen(arg) == 0 || strlen(arg) >= sizeof(cfg->iface))
			BAD("rxtop bench: -i '%s' is not an interface name; see 'ip link'", arg);
		snprintf(cfg->iface, sizeof(cfg->iface), "%s", arg);
		return 0;
	case OPT_GEN:
		if (strcmp(arg, "none") != 0)
			BAD("rxtop bench: --gen '%s' is unknown; only --gen none (traffic from another "
			    "machine)",
			    arg);
		cfg->gen_none = true;
		return 0;
	case OPT_STACKS:
		return parse_stacks(arg, cfg, err, len);
	case OPT_SIZES:
		/* Range-checked once the interface (its MTU) is known. */
		n = parse_list(arg, cfg->sizes, BENCH_MAX_SIZES, 1, 1 << 20);
		if (n < 0)
			BAD("rxtop bench: --sizes '%s' is not a list of up to %d distinct frame sizes in "
			    "bytes, "
			    "e.g. 64,512,1518",
			    arg, BENCH_MAX_SIZES);
		cfg->nsizes = n;
		*sizes_given = true;
		return 0;
	case OPT_CORES:
		n = parse_list(arg, cfg->cores, BENCH_MAX_CORES, 1, 1 << 20);
		if (n < 0)
			BAD("rxtop bench: --cores '%s' is not a list of up to %d distinct core counts >= 1, "
			    "e.g. 1,2",
			    arg, BENCH_MAX_CORES);
		cfg->ncores = n;
		*cores_given = true;
		return 0;
	case OPT_PROTO:
		if (strcmp(arg, "udp") && strcmp(arg, "tcp"))
			BAD("rxtop bench: --proto '%s' is unknown; choose udp or tcp", arg);
		cfg->proto = arg[0] == 't' ? STACK_PROTO_TCP : STACK_PROTO_UDP;
		return 0;
	case OPT_MEASURE:
		if (!strcmp(arg, "max"))
			cfg->measure = BENCH_MAX;
		else if (!strcmp(arg, "ndr"))
			cfg->measure = BENCH_NDR;
		else if (!strcmp(arg, "both"))
			cfg->measure = BENCH_BOTH;
		else
			BAD("rxtop bench: --measure '%s' is unknown; choose max, ndr or both", arg);
		return 0;
	case OPT_REPEATS:
		if (parse_bounded_double(arg, 1, BENCH_MAX_REPEATS, &v) || v != floor(v))
			BAD("rxtop bench: --repeats '%s' is not a whole number from 1 to %d", arg,
			    BENCH_MAX_REPEATS);
		cfg->repeats = (int)v;
		return 0;
	case OPT_DURATION:
		if (parse_bounded_double(arg, 0.1, 3600, &cfg->duration_s))
			BAD("rxtop bench: --duration '%s' is not a number of seconds from 0.1 to 3600", arg);
		return 0;
	case OPT_WARMUP:
		if (parse_bounded_double(arg, 0, 3600, &cfg->warmup_s))
			BAD("rxtop bench: --warmup '%s' is not a number of seconds from 0 to 3600", arg);
		return 0;
	case OPT_TOLERANCE:
		if (parse_bounded_double(arg, 0, 100, &cfg->loss_tolerance_pct))
			BAD("rxtop bench: --loss-tolerance '%s' is not a percentage from 0 to 100", arg);
		return 0;
	case OPT_OUT:
		if (strlen(arg) == 0 || strlen(arg) >= sizeof(cfg->out_dir))
			BAD("rxtop bench: --out '%s' is not a usable folder name", arg);
		snprintf(cfg->out_dir, sizeof(cfg->out_dir), "%s", arg);
		return 0;
	case OPT_NO_REFERENCES:
		cfg->references = false;
		return 0;
	default:
		BAD("rxtop bench: unknown option; see 'rxtop bench --help'");
	}
}

/* What the options say together, against this machine. */
static int check(struct bench_config *cfg, bool sizes_given, bool cores_given, char *err, size_t len)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int queues = 0, biggest;
	struct stat st;

	if (cfg->lab && cfg->iface[0])
		BAD("rxtop bench: --lab and -i do not go together; the lab's interface is %s", LAB_IFACE);
	if (!cfg->lab && !cfg->iface[0])
		BAD("rxtop bench: name an interface with -i IFACE --gen none, or use --lab for the built-in "
		    "test bed");
	if (cfg->lab && cfg->gen_none)
		BAD("rxtop bench: --gen none is for -i IFACE fed by another machine; --lab brings its own "
		    "generator");
	if (!cfg->lab && !cfg->gen_none)
		BAD("rxtop bench: -i %s needs --gen none: rxtop generates only into its lab; send from "
		    "another "
		    "machine",
		    cfg->iface);
	if (cfg->gen_none && (cfg->measure & BENCH_NDR))
		BAD("rxtop bench: --measure ndr varies the offered rate, which needs rxtop's generator; use "
		    "--lab or --measure max");
	if (cfg->lab)
		snprintf(cfg->iface, sizeof(cfg->iface), "%s", LAB_IFACE);
	if (cpus < 1)
		cpus = 1;
	if (!cfg->lab) {
		queues = netdev_rx_queue_count(cfg->iface);
		if (queues <= 0)
			BAD("rxtop bench: no interface '%s' here; check 'ip link'", cfg->iface);
	}
	if (!cores_given) {
		long most = cpus < BENCH_MAX_CORES ? cpus : BENCH_MAX_CORES;

		if (queues > 0 && queues < most)
			most = queues;
		cfg->ncores = (int)most;
		for (int i = 0; i < cfg->ncores; i++)
			cfg->cores[i] = i + 1;
	}
	for (int i = 0; i < cfg->ncores; i++) {
		if (cfg->cores[i] > cpus)
			BAD("rxtop bench: --cores %d is more than the %ld CPUs here; e.g. --cores 1,%ld",
			    cfg->cores[i], cpus, cpus);
		if (queues > 0 && cfg->cores[i] > queues)
			BAD("rxtop bench: --cores %d is more than %s's %d rx queues; raise them with "
			    "'ethtool -L' or lower --cores",
			    cfg->cores[i], cfg->iface, queues);
	}
	biggest = max_frame(cfg);
	for (int i = 0; sizes_given && i < cfg->nsizes; i++)
		if (cfg->sizes[i] < BENCH_MIN_SIZE || cfg->sizes[i] > biggest)
			BAD("rxtop bench: --sizes %d is outside %d..%d bytes (the minimum frame .. %s's MTU "
			    "plus "
			    "header and FCS)",
			    cfg->sizes[i], BENCH_MIN_SIZE, biggest, cfg->iface);
	if (!sizes_given) {
		int n = 0;

		for (int i = 0; i < cfg->nsizes; i++)
			if (cfg->sizes[i] <= biggest)
				cfg->sizes[n++] = cfg->sizes[i];
		cfg->nsizes = n;
	}
	if (cfg->nstacks == 0)
		default_stacks(cfg);
	if (cfg->proto == STACK_PROTO_TCP)
		for (int i = 0; i < cfg->nstacks; i++)
			if (!strcmp(cfg->stacks[i], "afxdp") || !strcmp(cfg->stacks[i], "dpdk") ||
			    !strcmp(cfg->stacks[i], BENCH_XDP_DROP))
				BAD("rxtop bench: %s receives frames, not a TCP stream; --proto tcp runs "
				    "epoll, "
				    "iouring and iouring-zc",
				    cfg->stacks[i]);
	if (cfg->out_dir[0] && stat(cfg->out_dir, &st) == 0 && !S_ISDIR(st.st_mode))
		BAD("rxtop bench: --out %s is an existing file, not a folder; name a new folder",
		    cfg->out_dir);
	return 0;
}

int bench_options_parse(int argc, char **argv, struct bench_config *cfg, char *err, size_t len)
{
	bool sizes_given = false, cores_given = false;
	int opt, rc;

	defaults(cfg);
	optind = 0; /* a full reset: the parser may run more than once in one process */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+i:", bench_long_options, NULL)) != -1) {
		if (opt == '?' || opt == ':')
			BAD("rxtop bench: unknown option or missing value '%s'; see 'rxtop bench --help'",
			    argv[optind - 1 < argc ? optind - 1 : argc - 1]);
		if (opt == OPT_HELP)
			continue;
		rc = apply(opt, optarg, cfg, &sizes_given, &cores_given, err, len);
		if (rc < 0)
			return rc;
	}
	if (optind < argc)
		BAD("rxtop bench: unexpected argument '%s'; see 'rxtop bench --help'", argv[optind]);
	return check(cfg, sizes_given, cores_given, err, len);
}

bool bench_options_help_asked(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

void bench_options_help(void)
{
	printf(
	    "Usage: rxtop bench [--lab | -i IFACE --gen none] [OPTIONS]\n"
	    "       rxtop bench --compare OLD_DIR NEW_DIR\n"
	    "Runs stacks x frame sizes x cores x repeats unattended and writes results.json, results.csv,\n"
	    "report.md and plots into --out.\n"
	    "  --stacks S,S          receivers to compare (default: every one built in; xdp-drop is\n"
	    "                        rxtop's XDP_DROP ceiling, added with the references)\n"
	    "  --sizes B,B           frame sizes with FCS, as RFC 2544 (default " BENCH_DEFAULT_SIZES ")\n"
	    "  --cores N,N           queues = workers = pinned CPUs (default 1..CPUs)\n"
	    "  --proto udp|tcp       lab traffic (default udp)\n"
	    "  --measure max|ndr|both  flat-out rate, zero-loss rate (binary search), or both\n"
	    "  --repeats N           repeats per cell, alternated across stacks (default %d)\n"
	    "  --duration S          measured seconds per repeat (default %.0f)\n"
	    "  --warmup S            seconds cut before each measurement (default %.0f)\n"
	    "  --loss-tolerance PCT  ndr: highest rate losing at most PCT %% (default %.2f)\n"
	    "  --out DIR             results folder (default rxtop-bench-<timestamp>)\n"
	    "  --no-references       skip testpmd / iperf3 and the XDP_DROP ceiling\n",
	    BENCH_DEFAULT_REPEATS, BENCH_DEFAULT_DURATION, BENCH_DEFAULT_WARMUP, BENCH_DEFAULT_TOLERANCE);
}
