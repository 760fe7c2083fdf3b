// SPDX-License-Identifier: GPL-2.0-only
/* Parses `rxtop bench`'s command line into struct bench_config; pure: reads the machine, changes nothing. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_options.h"
#include "cli_numbers.h"
#include "cli_table.h"
#include "lab.h"
#include "procfs.h"

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

/* The table's target: the config, and what the line said that is not config. */
struct bench_args {
	struct bench_config *cfg;
	bool sizes_given, cores_given; /* else the defaults, fitted to the machine by check() */
	const char *compare_old;       /* --compare OLD; its NEW is the one operand */
	int options_given;	       /* --compare takes no other option */
};

/* The config an option writes into; counts the option, since --compare refuses company. */
static struct bench_config *config_of(void *target)
{
	struct bench_args *args = target;

	args->options_given++;
	return args->cfg;
}

static int apply_iface(void *target, const char *arg, char *err, size_t len)
{
	struct bench_config *cfg = config_of(target);

	if (strlen(arg) == 0 || strlen(arg) >= sizeof(cfg->iface))
		BAD("rxtop bench: -i '%s' is not an interface name; see 'ip link'", arg);
	snprintf(cfg->iface, sizeof(cfg->iface), "%s", arg);
	return 0;
}

static int apply_gen(void *target, const char *arg, char *err, size_t len)
{
	if (strcmp(arg, "none") != 0)
		BAD("rxtop bench: --gen '%s' is unknown; only --gen none (traffic from another machine)",
		    arg);
	config_of(target)->gen_none = true;
	return 0;
}

static int apply_stacks(void *target, const char *arg, char *err, size_t len)
{
	return parse_stacks(arg, config_of(target), err, len);
}

static int apply_sizes(void *target, const char *arg, char *err, size_t len)
{
	struct bench_config *cfg = config_of(target);
	/* Range-checked once the interface (its MTU) is known. */
	int n = parse_list(arg, cfg->sizes, BENCH_MAX_SIZES, 1, 1 << 20);

	if (n < 0)
		BAD("rxtop bench: --sizes '%s' is not a list of up to %d distinct frame sizes in bytes, e.g. "
		    "64,512,1518",
		    arg, BENCH_MAX_SIZES);
	cfg->nsizes = n;
	((struct bench_args *)target)->sizes_given = true;
	return 0;
}

static int apply_cores(void *target, const char *arg, char *err, size_t len)
{
	struct bench_config *cfg = config_of(target);
	int n = parse_list(arg, cfg->cores, BENCH_MAX_CORES, 1, 1 << 20);

	if (n < 0)
		BAD("rxtop bench: --cores '%s' is not a list of up to %d distinct core counts >= 1, e.g. 1,2",
		    arg, BENCH_MAX_CORES);
	cfg->ncores = n;
	((struct bench_args *)target)->cores_given = true;
	return 0;
}

static int apply_proto(void *target, const char *arg, char *err, size_t len)
{
	if (strcmp(arg, "udp") && strcmp(arg, "tcp"))
		BAD("rxtop bench: --proto '%s' is unknown; choose udp or tcp", arg);
	config_of(target)->proto = arg[0] == 't' ? STACK_PROTO_TCP : STACK_PROTO_UDP;
	return 0;
}

static int apply_measure(void *target, const char *arg, char *err, size_t len)
{
	struct bench_config *cfg = config_of(target);

	if (!strcmp(arg, "max"))
		cfg->measure = BENCH_MAX;
	else if (!strcmp(arg, "ndr"))
		cfg->measure = BENCH_NDR;
	else if (!strcmp(arg, "both"))
		cfg->measure = BENCH_BOTH;
	else
		BAD("rxtop bench: --measure '%s' is unknown; choose max, ndr or both", arg);
	return 0;
}

static int apply_repeats(void *target, const char *arg, char *err, size_t len)
{
	double v;

	if (parse_bounded_double(arg, 1, BENCH_MAX_REPEATS, &v) || v != floor(v))
		BAD("rxtop bench: --repeats '%s' is not a whole number from 1 to %d", arg, BENCH_MAX_REPEATS);
	config_of(target)->repeats = (int)v;
	return 0;
}

static int apply_duration(void *target, const char *arg, char *err, size_t len)
{
	if (parse_bounded_double(arg, 0.1, 3600, &config_of(target)->duration_s))
		BAD("rxtop bench: --duration '%s' is not a number of seconds from 0.1 to 3600", arg);
	return 0;
}

static int apply_warmup(void *target, const char *arg, char *err, size_t len)
{
	if (parse_bounded_double(arg, 0, 3600, &config_of(target)->warmup_s))
		BAD("rxtop bench: --warmup '%s' is not a number of seconds from 0 to 3600", arg);
	return 0;
}

static int apply_loss_tolerance(void *target, const char *arg, char *err, size_t len)
{
	if (parse_bounded_double(arg, 0, 100, &config_of(target)->loss_tolerance_pct))
		BAD("rxtop bench: --loss-tolerance '%s' is not a percentage from 0 to 100", arg);
	return 0;
}

static int apply_out(void *target, const char *arg, char *err, size_t len)
{
	struct bench_config *cfg = config_of(target);

	if (strlen(arg) == 0 || strlen(arg) >= sizeof(cfg->out_dir))
		BAD("rxtop bench: --out '%s' is not a usable folder name", arg);
	snprintf(cfg->out_dir, sizeof(cfg->out_dir), "%s", arg);
	return 0;
}

static int apply_no_references(void *target, const char *arg, char *err, size_t len)
{
	(void)arg, (void)err, (void)len;
	config_of(target)->references = false;
	return 0;
}

static int apply_afxdp_program(void *target, const char *arg, char *err, size_t len)
{
	if (strcmp(arg, "rxtop") && strcmp(arg, "libxdp"))
		BAD("rxtop bench: --afxdp-program '%s' is unknown; choose libxdp (as dpdk and testpmd run) "
		    "or rxtop",
		    arg);
	config_of(target)->afxdp_rxtop_program = arg[0] == 'r';
	return 0;
}

static int apply_compare(void *target, const char *arg, char *err, size_t len)
{
	struct bench_args *args = target;

	(void)err, (void)len;
	args->options_given++;
	args->compare_old = arg;
	return 0;
}

#define STRINGIFY(x) #x
#define TEXT_OF(macro) STRINGIFY(macro) /* the macro's value as written, so help and default agree */

static const struct cli_option bench_options[] = {
    {.name = "iface",
     .letter = 'i',
     .arg = "IFACE",
     .help = "bench on this interface, fed by another machine (needs --gen none); the lab's is " LAB_IFACE,
     .apply = apply_iface,
     .values = CLI_VALUES_IFACE},
    {.name = "gen",
     .arg = "none",
     .help = "the traffic comes from another machine: rxtop generates only into its lab",
     .apply = apply_gen,
     .values = CLI_VALUES_WORDS,
     .words = "none"},
    {.name = "stacks",
     .arg = "S,S",
     .help = "receivers to compare (default: every one built in for --proto); " BENCH_XDP_DROP
	     " is rxtop's XDP_DROP ceiling, also run with the references",
     .apply = apply_stacks,
     .values = CLI_VALUES_STACKS,
     .words = BENCH_XDP_DROP},
    {.name = "sizes",
     .arg = "B,B",
     .help = "frame sizes in bytes with FCS, as RFC 2544 counts them (default " BENCH_DEFAULT_SIZES ")",
     .apply = apply_sizes},
    {.name = "cores",
     .arg = "N,N",
     .help = "queues = workers = pinned CPUs, one cell per count (default 1..CPUs, at most the "
	     "interface's rx queues)",
     .apply = apply_cores},
    {.name = "proto",
     .arg = "udp|tcp",
     .help = "lab traffic: UDP frames, or TCP streams into epoll and io_uring servers (default udp)",
     .apply = apply_proto,
     .values = CLI_VALUES_WORDS,
     .words = "udp tcp"},
    {.name = "measure",
     .arg = "max|ndr|both",
     .help = "the flat-out rate, the zero-loss rate (binary search, needs rxtop's generator), or both "
	     "(default max)",
     .apply = apply_measure,
     .values = CLI_VALUES_WORDS,
     .words = "max ndr both"},
    {.name = "repeats",
     .arg = "N",
     .help = "runs per cell, alternated across stacks (default " TEXT_OF(BENCH_DEFAULT_REPEATS) ")",
     .apply = apply_repeats},
    {.name = "duration",
     .arg = "S",
     .help = "measured seconds per run (default " TEXT_OF(BENCH_DEFAULT_DURATION) ")",
     .apply = apply_duration},
    {.name = "warmup",
     .arg = "S",
     .help = "seconds of traffic cut before each measurement (default " TEXT_OF(BENCH_DEFAULT_WARMUP) ")",
     .apply = apply_warmup},
    {.name = "loss-tolerance",
     .arg = "PCT",
     .help =
	 "ndr: the highest rate losing at most PCT percent (default " TEXT_OF(BENCH_DEFAULT_TOLERANCE) ")",
     .apply = apply_loss_tolerance},
    {.name = "out",
     .arg = "DIR",
     .help = "results folder, created if absent; a file there is refused (default rxtop-bench-<timestamp>)",
     .apply = apply_out,
     .values = CLI_VALUES_DIR},
    {.name = "no-references",
     .help = "skip the reference tools (testpmd, iperf3) and the " BENCH_XDP_DROP " ceiling",
     .apply = apply_no_references},
    {.name = "afxdp-program",
     .arg = "libxdp|rxtop",
     .help = "the XDP program afxdp runs behind: libxdp's xsk_def_prog, as dpdk and testpmd (default), or "
	     "rxtop's counter, which costs afxdp alone",
     .apply = apply_afxdp_program,
     .values = CLI_VALUES_WORDS,
     .words = "libxdp rxtop"},
    {.name = "compare",
     .arg = "OLD",
     .help = "instead of a run: compare the results folder OLD with the folder NEW after it, cell by cell; "
	     "takes no other option",
     .apply = apply_compare,
     .values = CLI_VALUES_DIR},
};

static const struct cli_group bench_groups[] = {
    {.title = "Options", .options = bench_options, .count = CLI_COUNT(bench_options)},
};

const struct cli_command bench_command = {
    .name = "bench",
    .synopsis = "rxtop bench --lab | -i IFACE --gen none [OPTIONS]\nrxtop bench --compare OLD NEW",
    .summary = "stacks x sizes x cores x repeats, results and plots",
    .description =
	"Runs stacks x frame sizes x cores x repeats unattended and writes results.json, results.csv, "
	"report.md and plots into --out.",
    .operand_values = CLI_VALUES_DIR, /* the NEW of --compare OLD NEW, bench's only operand */
    .stop_at_operand = true,
    .takes_lab = true,
    .groups = bench_groups,
    .ngroups = CLI_COUNT(bench_groups),
};

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

/* --compare OLD NEW alone: the one operand is NEW; any other option or word is refused. */
static int compare_line(const struct bench_args *args, bool lab, int argc, char **argv, int next,
			struct bench_compare_dirs *compare, char *err, size_t len)
{
	if (lab || args->options_given != 1 || next != argc - 1)
		BAD("rxtop bench: --compare takes two results folders and no other option: rxtop bench "
		    "--compare OLD NEW");
	compare->old_dir = args->compare_old;
	compare->new_dir = argv[next];
	return 0;
}

int bench_options_parse(int argc, char **argv, bool lab, struct bench_config *cfg,
			struct bench_compare_dirs *compare, char *err, size_t len)
{
	struct bench_args args = {.cfg = cfg};
	int next, rc;

	defaults(cfg);
	cfg->lab = lab;
	*compare = (struct bench_compare_dirs){0};
	rc = cli_parse(&bench_command, argc, argv, 1, &args, &next, err, len);
	if (rc != 0)
		return rc;
	if (args.compare_old)
		return compare_line(&args, lab, argc, argv, next, compare, err, len);
	if (next < argc)
		BAD("rxtop bench: unexpected argument '%s'; see 'rxtop bench --help'", argv[next]);
	return check(cfg, args.sizes_given, args.cores_given, err, len);
}
