// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of `rxtop bench`'s parser: defaults and the bad input it refuses (no lab, no root needed). */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "bench_options.h"
#include "check.h"

static struct bench_compare_dirs compare;

/* As main does, --lab comes off the line wherever it stands and reaches the parser as a flag. */
static int parse(struct bench_config *cfg, char *err, size_t len, int argc, char **argv)
{
	char *rest[64];
	bool lab = false;
	int n = 0;

	for (int i = 0; i < argc && n < (int)(sizeof(rest) / sizeof(rest[0])) - 1; i++) {
		if (i > 0 && !strcmp(argv[i], "--lab"))
			lab = true;
		else
			rest[n++] = argv[i];
	}
	rest[n] = NULL;
	return bench_options_parse(n, rest, lab, cfg, &compare, err, len);
}

#define PARSE(cfg, err, ...)                                                                                 \
	parse(cfg, err, sizeof(err), (int)(sizeof((char *[]){__VA_ARGS__}) / sizeof(char *)),                \
	      (char *[]){__VA_ARGS__})

int main(void)
{
	struct bench_config cfg;
	char err[320];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	char many[24];

	CHECK("defaults parse", PARSE(&cfg, err, "bench", "--lab") == 0);
	CHECK("default sizes: 6", cfg.nsizes == 6 && cfg.sizes[0] == 64 && cfg.sizes[5] == 1518);
	CHECK("default cores: 1..CPUs",
	      cfg.ncores == (cpus < BENCH_MAX_CORES ? cpus : BENCH_MAX_CORES) && cfg.cores[0] == 1);
	CHECK("default repeats 3, max, references",
	      cfg.repeats == 3 && cfg.measure == BENCH_MAX && cfg.references);
	CHECK("default stacks: those built in", cfg.nstacks >= 5);
	CHECK_STR("lab interface", cfg.iface, "rxlab0");
	CHECK("options parse",
	      PARSE(&cfg, err, "bench", "--lab", "--stacks", "epoll,afxdp", "--sizes", "64,512", "--cores",
		    "1", "--repeats", "1", "--duration", "1", "--warmup", "0.5", "--measure", "both",
		    "--loss-tolerance", "0.1", "--no-references") == 0);
	CHECK("stacks kept in order", cfg.nstacks == 2 && !strcmp(cfg.stacks[1], "afxdp"));
	CHECK("measure both", cfg.measure == BENCH_BOTH);
	CHECK("no references", !cfg.references);
	CHECK_NEAR("warmup", cfg.warmup_s, 0.5, 0);
	CHECK("tcp default stacks are servers",
	      PARSE(&cfg, err, "bench", "--lab", "--proto", "tcp") == 0 && !strcmp(cfg.stacks[0], "epoll"));
	CHECK("--help", PARSE(&cfg, err, "bench", "--repeats", "0", "--help") == 1);
	CHECK("-h", PARSE(&cfg, err, "bench", "-h") == 1);

	CHECK("unknown stack", PARSE(&cfg, err, "bench", "--lab", "--stacks", "nope") == -EINVAL);
	CHECK("unknown stack: names it", strstr(err, "'nope'") != NULL);
	CHECK("size below the minimum frame", PARSE(&cfg, err, "bench", "--lab", "--sizes", "10") == -EINVAL);
	CHECK("size above the MTU", PARSE(&cfg, err, "bench", "--lab", "--sizes", "9000") == -EINVAL);
	snprintf(many, sizeof(many), "%ld", cpus + 1);
	CHECK("more cores than CPUs", PARSE(&cfg, err, "bench", "--lab", "--cores", many) == -EINVAL);
	CHECK("repeats 0", PARSE(&cfg, err, "bench", "--lab", "--repeats", "0") == -EINVAL);
	CHECK("repeats 0: says the range", strstr(err, "from 1 to") != NULL);
	CHECK("out names a file", PARSE(&cfg, err, "bench", "--lab", "--out", "/etc/hostname") == -EINVAL);
	CHECK("neither lab nor interface", PARSE(&cfg, err, "bench") == -EINVAL);
	CHECK("interface without --gen none", PARSE(&cfg, err, "bench", "-i", "lo") == -EINVAL);
	CHECK("ndr without a generator",
	      PARSE(&cfg, err, "bench", "-i", "lo", "--gen", "none", "--measure", "ndr") == -EINVAL);
	CHECK("afxdp with tcp",
	      PARSE(&cfg, err, "bench", "--lab", "--proto", "tcp", "--stacks", "afxdp") == -EINVAL);
	CHECK("stray argument", PARSE(&cfg, err, "bench", "--lab", "extra") == -EINVAL);
	CHECK("stray argument: names it", strstr(err, "'extra'") != NULL);
	CHECK("bad duration", PARSE(&cfg, err, "bench", "--lab", "--duration", "x") == -EINVAL);
	CHECK("unknown option", PARSE(&cfg, err, "bench", "--lab", "--frobnicate") == -EINVAL);
	CHECK("unknown option: names it", strstr(err, "--frobnicate") && strstr(err, "rxtop bench --help"));
	CHECK("missing value", PARSE(&cfg, err, "bench", "--lab", "--repeats") == -EINVAL);
	CHECK("missing value: names the option", strstr(err, "--repeats") != NULL);
	CHECK("a stack twice", PARSE(&cfg, err, "bench", "--lab", "--stacks", "epoll,epoll") == -EINVAL);
	CHECK("one line", strchr(err, '\n') == NULL);
	return check_failures != 0;
}
