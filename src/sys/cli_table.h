// SPDX-License-Identifier: GPL-2.0-only
/* Option tables: one entry per option (name, argument, help, parser), from which each command's parser, its
 * --help, the man page and the bash completion are all made, so they cannot drift apart. */
#ifndef RXTOP_CLI_TABLE_H
#define RXTOP_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What the bash completion offers for an option's argument or a command's operand. */
enum cli_values {
	CLI_VALUES_NONE,   /* free text: nothing to offer */
	CLI_VALUES_WORDS,  /* the space-separated words in .words */
	CLI_VALUES_IFACE,  /* network interface names */
	CLI_VALUES_PID,	   /* process ids */
	CLI_VALUES_STACKS, /* receiver stack names, comma lists of them */
	CLI_VALUES_FILE,   /* file names */
	CLI_VALUES_DIR,	   /* folder names */
	CLI_VALUES_NETNS,  /* network namespace names */
};

/* Stores one option's value in the command's target (the struct the group points into); 0, or -EINVAL with
 * one line in err saying what is wrong and what to give instead. arg is NULL for a flag. */
typedef int (*cli_apply_fn)(void *target, const char *arg, char *err, size_t len);

struct cli_option {
	const char *name;	/* long name without "--", or NULL for a short-only option (top's -b) */
	char letter;		/* the short form, or 0 */
	const char *arg;	/* NULL for a flag, else the argument's name in help: "SECONDS" */
	bool arg_optional;	/* --name[=ARG] */
	const char *help;	/* what it does and its default; the printers wrap it */
	cli_apply_fn apply;	/* the parser of this option */
	enum cli_values values; /* what completion offers for the argument */
	const char *words; /* CLI_VALUES_WORDS: the choices, space separated; CLI_VALUES_STACKS: more names */
};

/* Options that share a target: a command's own, or a set several commands take (the receivers' options). */
struct cli_group {
	const char *title; /* heading in --help and the man page, e.g. "Receiver options" */
	const struct cli_option *options;
	size_t count;
	size_t target_offset; /* where this group's target lies inside the command's target */
};

struct cli_command {
	const char *name;		/* "rxtop", "run", "gen", "lab", "doctor", "bench" */
	const char *synopsis;		/* usage lines, '\n' between them, e.g. "rxtop lab up|down|status" */
	const char *summary;		/* one line for 'rxtop --help' */
	const char *description;	/* a paragraph for --help and the man page */
	const char *operands;		/* completion for the first operand: space-separated words, or NULL */
	enum cli_values operand_values; /* or a kind of value for it (run: stacks) */
	bool stop_at_operand;		/* options end at the first non-option (no permutation) */
	bool takes_lab;			/* --lab, which main.c takes off the line wherever it stands */
	const struct cli_group *groups;
	size_t ngroups;
};

#define CLI_COUNT(array) (sizeof(array) / sizeof((array)[0]))
/* A numeric macro as a string literal, so a help text states the same limit the parser checks. */
#define CLI_STRING(x) CLI_STRING_(x)
#define CLI_STRING_(x) #x

/* Parses argv[first..] of cmd into target: 0, 1 when --help or -h was given (nothing else is checked), or
 * -EINVAL with one line in err. *next gets the index of the first operand left over. */
int cli_parse(const struct cli_command *cmd, int argc, char **argv, int first, void *target, int *next,
	      char *err, size_t len);
/* The command's --help: synopsis, description and every option of every group. */
void cli_help(const struct cli_command *cmd, FILE *out);

#endif
