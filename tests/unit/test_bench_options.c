// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of `rxtop bench`'s parser: defaults and the bad input it refuses (no lab, no root needed). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Where the default in the option's --help entry starts ("(default X)", perhaps wrapped), or NULL. */
static const char *help_default(const char *help, const char *option)
{
	const char *entry = strstr(help, option), *next, *found;

	if (!entry)
		return NULL;
	next = strstr(entry + 1, "\n  -");
	found = strstr(entry, "(default");
	if (!found || (next && found > next))
		return NULL;
	return found + strlen("(default") + strspn(found + strlen("(default"), " \n");
}

/* The help's default for a numeric option equals the parser's: they cannot drift apart unseen. */
static bool help_number_is(const char *help, const char *option, double want)
{
	const char *text = help_default(help, option);
	char *end;

	return text && strtod(text, &end) == want && *end == ')';
}

static void check_help(const struct bench_config *defaults)
{
	char *help = NULL, sizes[128] = "";
	size_t size = 0, at = 0;
	FILE *out = open_memstream(&help, &size);
	const char *text;

	if (!out)
		return;
	cli_help(&bench_command, out);
	fclose(out);
	for (int i = 0; i < defaults->nsizes; i++)
		at += (size_t)snprintf(sizes + at, sizeof(sizes) - at, "%s%d", i ? "," : "",
				       defaults->sizes[i]);
	text = help_default(help, "--sizes ");
	CHECK("help: default sizes", text && !strncmp(text, sizes, at) && text[at] == ')');
	CHECK("help: default repeats", help_number_is(help, "--repeats ", defaults->repeats));
	CHECK("help: default duration", help_number_is(help, "--duration ", defaults->duration_s));
	CHECK("help: default warmup", help_number_is(help, "--warmup ", defaults->warmup_s));
	CHECK("help: default loss tolerance",
	      help_number_is(help, "--loss-tolerance ", defaults->loss_tolerance_pct));
	text = help_default(help, "--proto ");
	CHECK("help: default proto", text && !strncmp(text, "udp)", 4) && defaults->proto == STACK_PROTO_UDP);
	text = help_default(help, "--measure ");
	CHECK("help: default measure", text && !strncmp(text, "max)", 4) && defaults->measure == BENCH_MAX);
	CHECK("help: both usages",
	      strstr(help, "rxtop bench --compare OLD NEW") && strstr(help, "--gen none"));
	CHECK("help: --lab", strstr(help, "--lab") != NULL);
	free(help);
}

static void check_compare(struct bench_config *cfg, char *err, size_t len)
{
	char *line[] = {"bench", "--compare", "old", "new"};
	char *joined[] = {"bench", "--compare=old", "new"};
	char *one_folder[] = {"bench", "--compare", "old"};
	char *more_after[] = {"bench", "--compare", "old", "new", "--repeats", "2"};
	char *more_before[] = {"bench", "--no-references", "--compare", "old", "new"};
	char *twice[] = {"bench", "--compare", "a", "--compare", "old", "new"};
	char *three[] = {"bench", "--compare", "old", "new", "newer"};

	CHECK("compare parses", bench_options_parse(4, line, false, cfg, &compare, err, len) == 0 &&
				    compare.old_dir && !strcmp(compare.old_dir, "old") &&
				    !strcmp(compare.new_dir, "new"));
	CHECK("compare=OLD parses", bench_options_parse(3, joined, false, cfg, &compare, err, len) == 0 &&
					compare.new_dir && !strcmp(compare.new_dir, "new"));
	CHECK("a run sets no compare",
	      PARSE(cfg, err, "bench", "--lab") == 0 && !compare.old_dir && !compare.new_dir);
	CHECK("compare with one folder",
	      bench_options_parse(3, one_folder, false, cfg, &compare, err, len) == -EINVAL);
	CHECK("compare: says how", strstr(err, "--compare OLD NEW") != NULL);
	CHECK("compare then an option",
	      bench_options_parse(6, more_after, false, cfg, &compare, err, len) == -EINVAL);
	CHECK("an option then compare",
	      bench_options_parse(5, more_before, false, cfg, &compare, err, len) == -EINVAL);
	CHECK("compare twice", bench_options_parse(6, twice, false, cfg, &compare, err, len) == -EINVAL);
	CHECK("compare with three folders",
	      bench_options_parse(5, three, false, cfg, &compare, err, len) == -EINVAL);
	CHECK("compare with --lab", bench_options_parse(4, line, true, cfg, &compare, err, len) == -EINVAL);
}

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
	check_help(&cfg);
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
	check_compare(&cfg, err, sizeof(err));
	return check_failures != 0;
}
