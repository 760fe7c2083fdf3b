// SPDX-License-Identifier: GPL-2.0-only
/* The parser and the --help printer made from a command's option tables (cli_table.h). */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <string.h>

#include "cli_table.h"

#define CLI_MAX_OPTIONS 128
#define CLI_HELP_ID (CLI_MAX_OPTIONS + 256)
#define CLI_FIRST_ID 256 /* getopt ids of table entries: CLI_FIRST_ID + flat index, above every letter */
#define HELP_WIDTH 100
#define HELP_COLUMN 28

/* The entry of flat index i over all the command's groups, and its group. */
static const struct cli_option *nth_option(const struct cli_command *cmd, int i,
					   const struct cli_group **group)
{
	if (i < 0)
		return NULL;
	for (size_t g = 0; g < cmd->ngroups; g++) {
		if (i < (int)cmd->groups[g].count) {
			*group = &cmd->groups[g];
			return &cmd->groups[g].options[i];
		}
		i -= (int)cmd->groups[g].count;
	}
	return NULL;
}

/* The flat index of the entry with that short letter, or -1. letter is getopt's int: 0 and the ids of long
 * options (CLI_FIRST_ID and up) are no letter. */
static int index_of_letter(const struct cli_command *cmd, int letter)
{
	const struct cli_group *group;
	const struct cli_option *o;

	if (letter <= 0 || letter >= CLI_FIRST_ID)
		return -1;
	for (int i = 0; (o = nth_option(cmd, i, &group)); i++)
		if (o->letter == letter)
			return i;
	return -1;
}

/* -h is help unless an entry of the command takes that letter. */
static bool h_is_help(const struct cli_command *cmd)
{
	return index_of_letter(cmd, 'h') < 0;
}

/* getopt_long's tables from the entries; -ENOSPC past CLI_MAX_OPTIONS (a programming error). */
static int build_getopt(const struct cli_command *cmd, struct option *longs, char *shorts, size_t shorts_len)
{
	const struct cli_group *group;
	const struct cli_option *o;
	size_t s = 0;
	int n = 0, k = 0; /* k: entries in longs, which short-only options (no name) do not take */

	if (cmd->stop_at_operand)
		shorts[s++] = '+';
	shorts[s++] = ':'; /* a missing value returns ':' rather than '?', so the message can say which */
	for (; (o = nth_option(cmd, n, &group)); n++) {
		if (n >= CLI_MAX_OPTIONS || s + 4 >= shorts_len)
			return -ENOSPC;
		if (o->name)
			longs[k++] = (struct option){
			    .name = o->name,
			    .has_arg = !o->arg		 ? no_argument
				       : o->arg_optional ? optional_argument
							 : required_argument,
			    .val = CLI_FIRST_ID + n,
			};
		if (o->letter) {
			shorts[s++] = o->letter;
			if (o->arg)
				shorts[s++] = ':';
			if (o->arg && o->arg_optional)
				shorts[s++] = ':';
		}
	}
	longs[k++] = (struct option){.name = "help", .has_arg = no_argument, .val = CLI_HELP_ID};
	longs[k] = (struct option){0};
	if (h_is_help(cmd))
		shorts[s++] = 'h';
	shorts[s] = '\0';
	return 0;
}

/* --help (or -h, where no option takes that letter) before any "--": help wins over every other word. */
static bool help_asked(const struct cli_command *cmd, int argc, char **argv, int first)
{
	for (int i = first; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return false;
		if (!strcmp(argv[i], "--help") || (!strcmp(argv[i], "-h") && h_is_help(cmd)))
			return true;
	}
	return false;
}

static const char *command_words(const struct cli_command *cmd, char *buf, size_t len)
{
	snprintf(buf, len, strcmp(cmd->name, "rxtop") ? "rxtop %s" : "%s", cmd->name);
	return buf;
}

/* The entry getopt stopped at, for the message: matched by letter (optopt) or by the word itself. */
static const struct cli_option *entry_of(const struct cli_command *cmd, int letter, const char *word)
{
	const struct cli_group *group;
	const struct cli_option *o;
	size_t n;

	if (word && !strncmp(word, "--", 2)) {
		n = strcspn(word + 2, "=");
		for (int i = 0; (o = nth_option(cmd, i, &group)); i++)
			if (o->name && strlen(o->name) == n && !strncmp(o->name, word + 2, n))
				return o;
	}
	return nth_option(cmd, index_of_letter(cmd, letter), &group);
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv, int first, void *target, int *next,
	      char *err, size_t len)
{
	struct option longs[CLI_MAX_OPTIONS + 2];
	char shorts[3 * CLI_MAX_OPTIONS + 4], who[32];
	const struct cli_group *group;
	const struct cli_option *o;
	int opt, base = first - 1; /* getopt sees argv[base] as its argv[0] */

	command_words(cmd, who, sizeof(who));
	*next = first;
	if (help_asked(cmd, argc, argv, first))
		return 1;
	if (build_getopt(cmd, longs, shorts, sizeof(shorts)) < 0) {
		snprintf(err, len, "%s: too many options in its table (programming error)", who);
		return -EINVAL;
	}
	optind = 0; /* a full reset: a parser may run more than once in one process */
	opterr = 0;
	while ((opt = getopt_long(argc - base, argv + base, shorts, longs, NULL)) != -1) {
		const char *word = argv[base + optind - 1];

		if (opt == '?' || opt == ':') {
			o = entry_of(cmd, optopt, word);
			if (opt == ':' && o)
				snprintf(err, len, "%s: %s%s needs a value (%s); see '%s --help'", who,
					 o->letter && optopt == o->letter ? "-" : "--",
					 o->letter && optopt == o->letter ? (char[2]){o->letter, 0} : o->name,
					 o->arg, who);
			else if (optopt && optopt < CLI_FIRST_ID && !o)
				snprintf(err, len, "%s: unknown option '-%c'; see '%s --help'", who, optopt,
					 who);
			else
				snprintf(err, len, "%s: unknown option '%s'; see '%s --help'", who,
					 word ? word : "", who);
			return -EINVAL;
		}
		if (opt == CLI_HELP_ID || (opt == 'h' && h_is_help(cmd)))
			return 1;
		/* A long option's id is CLI_FIRST_ID + its index; a short option is found by its letter. */
		o = nth_option(cmd, opt >= CLI_FIRST_ID ? opt - CLI_FIRST_ID : index_of_letter(cmd, opt),
			       &group);
		if (o) {
			err[0] = '\0';
			if (o->apply((char *)target + group->target_offset, optarg, err, len) < 0) {
				if (!err[0])
					snprintf(err, len, "%s: bad value '%s' for %s%s; see '%s --help'",
						 who, optarg ? optarg : "", o->name ? "--" : "-",
						 o->name ? o->name : (char[2]){o->letter, 0}, who);
				return -EINVAL;
			}
			continue;
		}
		snprintf(err, len, "%s: unknown option '%s'; see '%s --help'", who, word ? word : "", who);
		return -EINVAL;
	}
	*next = base + optind;
	return 0;
}

/* text, wrapped at HELP_WIDTH, every line but the first indented by indent; col is where the first starts. */
static void wrap(FILE *out, const char *text, int col, int indent)
{
	const char *p = text;

	while (*p) {
		size_t word = strcspn(p, " \n");

		if (col > indent && col + 1 + (int)word > HELP_WIDTH) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fprintf(out, "%.*s", (int)word, p);
		col += (int)word;
		p += word;
		if (*p == '\n') { /* a line break the author wanted */
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		}
		while (*p == ' ' || *p == '\n')
			p++;
	}
	fputc('\n', out);
}

static void help_line(FILE *out, const struct cli_option *o)
{
	char left[96];
	int n;

	if (!o->name)
		n = snprintf(left, sizeof(left), "  -%c", o->letter);
	else if (o->letter)
		n = snprintf(left, sizeof(left), "  -%c, --%s", o->letter, o->name);
	else
		n = snprintf(left, sizeof(left), "      --%s", o->name);
	if (o->arg)
		snprintf(left + n, sizeof(left) - (size_t)n, o->arg_optional ? "[=%s]" : " %s", o->arg);
	n = (int)strlen(left);
	if (n + 2 > HELP_COLUMN) {
		fprintf(out, "%s\n%*s", left, HELP_COLUMN, "");
		n = HELP_COLUMN;
	} else {
		fprintf(out, "%-*s", HELP_COLUMN, left);
		n = HELP_COLUMN;
	}
	wrap(out, o->help, n, HELP_COLUMN);
}

void cli_help(const struct cli_command *cmd, FILE *out)
{
	const char *line = cmd->synopsis;
	bool first = true;

	while (*line) {
		size_t n = strcspn(line, "\n");

		fprintf(out, "%s%.*s\n", first ? "Usage: " : "       ", (int)n, line);
		first = false;
		line += n + (line[n] == '\n');
	}
	fputc('\n', out);
	wrap(out, cmd->description, 0, 0);
	for (size_t g = 0; g < cmd->ngroups; g++) {
		fprintf(out, "\n%s:\n", cmd->groups[g].title);
		for (size_t i = 0; i < cmd->groups[g].count; i++)
			help_line(out, &cmd->groups[g].options[i]);
	}
	fprintf(out, "\n");
	help_line(out, &(struct cli_option){.name = "help",
					    .letter = h_is_help(cmd) ? 'h' : 0,
					    .help = "show this help and exit"});
	help_line(out, &(struct cli_option){.name = "version", .help = "print rxtop's version and exit"});
	if (cmd->takes_lab)
		help_line(out, &(struct cli_option){.name = "lab",
						    .help = "against the built-in lab (created if missing), "
							    "its generator running; it may stand anywhere on "
							    "the line"});
}
