// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the option-table parser and help printer (src/sys/cli_table.c) on a table made for them. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli_table.h"

struct inner {
	int level;
};

struct target {
	int delay;
	int verbose;
	int quiet;
	char name[16];
	const char *optional;
	struct inner inner;
};

static int apply_delay(void *t, const char *arg, char *err, size_t len)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || v < 1) {
		snprintf(err, len, "test: --delay '%s' is not a whole number >= 1", arg);
		return -EINVAL;
	}
	((struct target *)t)->delay = (int)v;
	return 0;
}

static int apply_verbose(void *t, const char *arg, char *err, size_t len)
{
	(void)arg, (void)err, (void)len;
	((struct target *)t)->verbose++;
	return 0;
}

static int apply_name(void *t, const char *arg, char *err, size_t len)
{
	(void)err, (void)len;
	snprintf(((struct target *)t)->name, sizeof(((struct target *)t)->name), "%s", arg);
	return 0;
}

static int apply_optional(void *t, const char *arg, char *err, size_t len)
{
	(void)err, (void)len;
	((struct target *)t)->optional = arg ? arg : "(none)";
	return 0;
}

static int apply_quiet(void *t, const char *arg, char *err, size_t len)
{
	(void)arg, (void)err, (void)len;
	((struct target *)t)->quiet = 1;
	return 0;
}

/* A group whose target is the struct inner inside struct target: it must get that address. */
static int apply_level(void *t, const char *arg, char *err, size_t len)
{
	if (!arg[0] || arg[1]) {
		snprintf(err, len, "test: --level '%s' is not one digit", arg);
		return -EINVAL;
	}
	((struct inner *)t)->level = arg[0] - '0';
	return 0;
}

/* Leaves err empty: the table parser must say something itself. */
static int apply_silent_failure(void *t, const char *arg, char *err, size_t len)
{
	(void)t, (void)arg, (void)err, (void)len;
	return -EINVAL;
}

static const struct cli_option outer_options[] = {
    {.name = "delay", .letter = 'd', .arg = "SECONDS", .help = "interval, default 1", .apply = apply_delay},
    {.name = "verbose", .letter = 'v', .help = "say more (repeatable)", .apply = apply_verbose},
    /* Short only (top's -b): the entries after it must still reach their own parsers. */
    {.letter = 'q', .help = "quiet, short only", .apply = apply_quiet},
    {.name = "name", .arg = "NAME", .help = "a name", .apply = apply_name},
    {.name = "busy-poll",
     .arg = "US",
     .arg_optional = true,
     .help = "optional value",
     .apply = apply_optional},
    {.name = "silent", .arg = "X", .help = "fails without a message", .apply = apply_silent_failure},
};

static const struct cli_option inner_options[] = {
    {.name = "level", .letter = 'l', .arg = "N", .help = "a level from 0 to 9", .apply = apply_level},
};

static const struct cli_group groups[] = {
    {.title = "Options", .options = outer_options, .count = CLI_COUNT(outer_options)},
    {.title = "Inner options",
     .options = inner_options,
     .count = CLI_COUNT(inner_options),
     .target_offset = offsetof(struct target, inner)},
};

static const struct cli_command test_cmd = {
    .name = "test",
    .synopsis = "rxtop test [OPTIONS] WORD\nrxtop test --other",
    .summary = "a command for the tests",
    .description = "Parses what the unit test gives it.",
    .groups = groups,
    .ngroups = CLI_COUNT(groups),
};

/* A command whose option takes the letter h: -h is that option there, only --help is help. */
static const struct cli_option host_options[] = {
    {.name = "name", .letter = 'h', .arg = "HOST", .help = "a host", .apply = apply_name},
};
static const struct cli_group host_groups[] = {
    {.title = "Options", .options = host_options, .count = CLI_COUNT(host_options)},
};
static const struct cli_command host_cmd = {
    .name = "host",
    .synopsis = "rxtop host [-h HOST]",
    .summary = "a command whose -h is an option",
    .description = "Parses what the unit test gives it.",
    .groups = host_groups,
    .ngroups = CLI_COUNT(host_groups),
};

/* Parses the words after "test"; returns cli_parse's result, the target in *t, the leftover index. */
static int parse(struct target *t, int *next, char *err, size_t len, int argc, ...)
{
	char *argv[16];
	va_list ap;

	memset(t, 0, sizeof(*t));
	argv[0] = "test";
	va_start(ap, argc);
	for (int i = 1; i < argc && i < 15; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	return cli_parse(&test_cmd, argc, argv, 1, t, next, err, len);
}

int main(void)
{
	struct target t;
	char err[256], help[4096];
	int next, rc;
	FILE *f;

	rc = parse(&t, &next, err, sizeof(err), 5, "-d", "3", "--name", "x");
	CHECK("short and long options", rc == 0 && t.delay == 3 && !strcmp(t.name, "x") && next == 5);
	rc = parse(&t, &next, err, sizeof(err), 4, "-vv", "--delay=7", "word");
	CHECK("bundled flags, --opt=value, one operand left",
	      rc == 0 && t.verbose == 2 && t.delay == 7 && next == 3);
	rc = parse(&t, &next, err, sizeof(err), 6, "-q", "--name", "y", "--level", "3");
	CHECK("short-only entry, and the entries after it",
	      rc == 0 && t.quiet && !strcmp(t.name, "y") && t.inner.level == 3);
	rc = parse(&t, &next, err, sizeof(err), 2, "--q");
	CHECK("a short-only entry has no long form", rc == -EINVAL && !t.quiet);
	rc = parse(&t, &next, err, sizeof(err), 3, "--busy-poll", "--busy-poll=50");
	CHECK("optional argument given", rc == 0 && !strcmp(t.optional, "50"));
	rc = parse(&t, &next, err, sizeof(err), 2, "--busy-poll");
	CHECK("optional argument absent", rc == 0 && !strcmp(t.optional, "(none)"));
	rc = parse(&t, &next, err, sizeof(err), 3, "--level", "4");
	CHECK("a group's target is at its offset", rc == 0 && t.inner.level == 4 && t.delay == 0);
	rc = parse(&t, &next, err, sizeof(err), 3, "--level", "42");
	CHECK("the option's own message", rc == -EINVAL && strstr(err, "--level '42' is not one digit"));
	rc = parse(&t, &next, err, sizeof(err), 3, "-d", "0");
	CHECK("a bad value fails", rc == -EINVAL && strstr(err, "--delay '0'"));
	rc = parse(&t, &next, err, sizeof(err), 3, "--silent", "y");
	CHECK("a silent parser still gets a message",
	      rc == -EINVAL && strstr(err, "bad value 'y' for --silent"));
	rc = parse(&t, &next, err, sizeof(err), 2, "--nope");
	CHECK("unknown long option",
	      rc == -EINVAL && strstr(err, "unknown option '--nope'") && strstr(err, "rxtop test --help"));
	rc = parse(&t, &next, err, sizeof(err), 2, "-x");
	CHECK("unknown short option", rc == -EINVAL && strstr(err, "unknown option '-x'"));
	rc = parse(&t, &next, err, sizeof(err), 2, "--delay");
	CHECK("missing value, long", rc == -EINVAL && strstr(err, "--delay needs a value (SECONDS)"));
	rc = parse(&t, &next, err, sizeof(err), 2, "-d");
	CHECK("missing value, short", rc == -EINVAL && strstr(err, "-d needs a value (SECONDS)"));
	rc = parse(&t, &next, err, sizeof(err), 4, "--nope", "--delay", "--help");
	CHECK("--help wins over bad words", rc == 1);
	rc = parse(&t, &next, err, sizeof(err), 2, "-h");
	CHECK("-h is help", rc == 1);
	rc = parse(&t, &next, err, sizeof(err), 4, "--", "--help", "x");
	CHECK("after -- nothing is help", rc == 0 && next == 2);
	rc = parse(&t, &next, err, sizeof(err), 3, "-l", "6");
	CHECK("a letter of a later group reaches that group's entry", rc == 0 && t.inner.level == 6);
	rc = parse(&t, &next, err, sizeof(err), 2, "-l");
	CHECK("missing value, short, later group", rc == -EINVAL && strstr(err, "-l needs a value (N)"));
	rc = parse(&t, &next, err, sizeof(err), 2, "--level");
	CHECK("missing value, long, later group", rc == -EINVAL && strstr(err, "--level needs a value (N)"));
	{
		char *argv[] = {"host", "-h", "box", NULL}, *help_argv[] = {"host", "--help", NULL};

		memset(&t, 0, sizeof(t));
		rc = cli_parse(&host_cmd, 3, argv, 1, &t, &next, err, sizeof(err));
		CHECK("-h is the option that takes the letter",
		      rc == 0 && !strcmp(t.name, "box") && next == 3);
		rc = cli_parse(&host_cmd, 2, help_argv, 1, &t, &next, err, sizeof(err));
		CHECK("--help is help there", rc == 1);
		f = fmemopen(help, sizeof(help), "w");
		cli_help(&host_cmd, f);
		fclose(f);
		CHECK("help: -h is not help's letter there", strstr(help, "  -h, --name HOST") &&
								 strstr(help, "      --help") &&
								 !strstr(help, "-h, --help"));
	}
	rc = parse(&t, &next, err, sizeof(err), 3, "-d", "2");
	rc = parse(&t, &next, err, sizeof(err), 3, "-d", "5");
	CHECK("a second parse in one process starts afresh", rc == 0 && t.delay == 5);

	f = fmemopen(help, sizeof(help), "w");
	cli_help(&test_cmd, f);
	fclose(f);
	CHECK("help: both usage lines",
	      strstr(help, "Usage: rxtop test [OPTIONS] WORD\n       rxtop test --other"));
	CHECK("help: short and long", strstr(help, "  -d, --delay SECONDS"));
	CHECK("help: long only", strstr(help, "      --name NAME"));
	CHECK("help: short only", strstr(help, "\n  -q                        quiet, short only\n"));
	CHECK("help: optional argument", strstr(help, "--busy-poll[=US]"));
	CHECK("help: group title", strstr(help, "\nInner options:\n"));
	CHECK("help: help and version", strstr(help, "-h, --help") && strstr(help, "--version"));
	CHECK("help: no --lab for a command without it", !strstr(help, "--lab"));
	return check_failures ? 1 : 0;
}
