// SPDX-License-Identifier: GPL-2.0-only
/* The bash completion script for rxtop, made from the commands' option tables (cli_commands[]): commands,
 * options, and the values of options and operands. */
#include <stdio.h>
#include <string.h>

#include "cli_commands.h"
#include "stack.h"

/* The shell functions every command's completer shares; $_rxtop_cur is the word being completed. */
static const char completion_helpers[] =
    "# _rxtop_list WORDS: a comma list, the words before the last comma kept (run's STACK,STACK, -p's "
    "PIDs).\n"
    "_rxtop_list() {\n"
    "\tlocal prefix='' last=$_rxtop_cur\n"
    "\tif [[ $last == *,* ]]; then\n"
    "\t\tprefix=${last%,*},\n"
    "\t\tlast=${last##*,}\n"
    "\tfi\n"
    "\tCOMPREPLY=($(compgen -P \"$prefix\" -W \"$1\" -- \"$last\"))\n"
    "\tcompopt -o nospace 2>/dev/null\n"
    "}\n"
    "\n"
    "# _rxtop_value KIND [WORDS]: COMPREPLY with the values of that kind that start like the word.\n"
    "_rxtop_value() {\n"
    "\tlocal cur=$_rxtop_cur\n"
    "\tcase $1 in\n"
    "\twords) COMPREPLY=($(compgen -W \"$2\" -- \"$cur\")) ;;\n"
    "\tiface) COMPREPLY=($(compgen -W \"$(command ls /sys/class/net 2>/dev/null)\" -- \"$cur\")) ;;\n"
    "\tpid) _rxtop_list \"$(command ls /proc 2>/dev/null | grep -E '^[0-9]+$')\" ;;\n"
    "\tstacks) _rxtop_list \"$2\" ;;\n"
    "\tnetns) COMPREPLY=($(compgen -W \"$(command ls /run/netns 2>/dev/null)\" -- \"$cur\")) ;;\n"
    "\tfile)\n"
    "\t\tcompopt -o filenames 2>/dev/null\n"
    "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
    "\t\t;;\n"
    "\tdir)\n"
    "\t\tcompopt -o filenames 2>/dev/null\n"
    "\t\tCOMPREPLY=($(compgen -d -- \"$cur\"))\n"
    "\t\t;;\n"
    "\tesac\n"
    "}\n"
    "\n"
    "# _rxtop_operands FROM ARGOPTS: how many operands stand in COMP_WORDS[FROM..COMP_CWORD-1], skipping "
    "options\n"
    "# and the values of those in ARGOPTS (the options that take a separate argument).\n"
    "_rxtop_operands() {\n"
    "\tlocal i n=0 word skip=0\n"
    "\tfor ((i = $1; i < COMP_CWORD; i++)); do\n"
    "\t\tword=${COMP_WORDS[i]}\n"
    "\t\tif ((skip)); then\n"
    "\t\t\tskip=0\n"
    "\t\telif [[ $word == -* ]]; then\n"
    "\t\t\t[[ \" $2 \" == *\" $word \"* ]] && skip=1\n"
    "\t\telif [[ $word != = ]]; then\n"
    "\t\t\tn=$((n + 1))\n"
    "\t\tfi\n"
    "\tdone\n"
    "\techo $n\n"
    "}\n";

static const char *values_kind(enum cli_values values)
{
	switch (values) {
	case CLI_VALUES_WORDS:
		return "words";
	case CLI_VALUES_IFACE:
		return "iface";
	case CLI_VALUES_PID:
		return "pid";
	case CLI_VALUES_STACKS:
		return "stacks";
	case CLI_VALUES_FILE:
		return "file";
	case CLI_VALUES_DIR:
		return "dir";
	case CLI_VALUES_NETNS:
		return "netns";
	case CLI_VALUES_NONE:
		break;
	}
	return NULL;
}

/* The words a completion of kind values offers, when they are known here (stacks and words, WORDS). */
static void value_words(FILE *out, enum cli_values values, const char *words)
{
	const struct stack_ops *ops;

	if (values == CLI_VALUES_WORDS && words)
		fprintf(out, " \"%s\"", words);
	if (values != CLI_VALUES_STACKS)
		return;
	fputs(" \"", out);
	for (size_t i = 0; (ops = stack_nth(i)); i++)
		fprintf(out, "%s%s", i ? " " : "", ops->name);
	if (words) /* names the option takes beside the stacks, e.g. bench's xdp-drop */
		fprintf(out, " %s", words);
	fputc('"', out);
}

/* Calls back for each option of cmd, the built-in ones (--help, --version, --lab) too. */
static void each_option(const struct cli_command *cmd, void (*fn)(FILE *, const struct cli_option *),
			FILE *out)
{
	bool h_taken = false;

	for (size_t g = 0; g < cmd->ngroups; g++)
		for (size_t i = 0; i < cmd->groups[g].count; i++) {
			h_taken |= cmd->groups[g].options[i].letter == 'h';
			fn(out, &cmd->groups[g].options[i]);
		}
	fn(out, &(struct cli_option){.name = "help", .letter = h_taken ? 0 : 'h'});
	fn(out, &(struct cli_option){.name = "version"});
	if (cmd->takes_lab)
		fn(out, &(struct cli_option){.name = "lab"});
}

static void option_words(FILE *out, const struct cli_option *o)
{
	if (o->letter)
		fprintf(out, " -%c", o->letter);
	if (o->name)
		fprintf(out, " --%s", o->name);
}

/* The options whose argument is the next word: what _rxtop_operands skips. */
static void argument_options(FILE *out, const struct cli_option *o)
{
	if (o->arg && !o->arg_optional)
		option_words(out, o);
}

/* One case arm per option with an argument: the values it takes, or nothing to offer (free text). */
static void value_arm(FILE *out, const struct cli_option *o)
{
	const char *kind = values_kind(o->values);

	if (!o->arg || o->arg_optional)
		return;
	fputs("\t", out);
	if (o->letter)
		fprintf(out, "-%c%s", o->letter, o->name ? "|" : "");
	if (o->name)
		fprintf(out, "--%s", o->name);
	fputs(")\n", out);
	if (kind) {
		fprintf(out, "\t\t_rxtop_value %s", kind);
		value_words(out, o->values, o->words);
		fputc('\n', out);
	}
	fputs("\t\treturn\n\t\t;;\n", out);
}

static void command_function(FILE *out, const struct cli_command *cmd)
{
	const char *kind = values_kind(cmd->operand_values);
	bool top = !strcmp(cmd->name, "rxtop");

	fprintf(out,
		"\n# rxtop%s%s: PREV is the word before the one completed, FROM where its arguments start.\n",
		top ? "" : " ", top ? "" : cmd->name);
	fprintf(out, "_rxtop_cmd_%s() {\n\tlocal prev=$1 from=$2 argopts\n\tcase $prev in\n", cmd->name);
	each_option(cmd, value_arm, out);
	fputs("\tesac\n\tif [[ $_rxtop_cur == -* ]]; then\n\t\tCOMPREPLY=($(compgen -W \"", out);
	each_option(cmd, option_words, out);
	fputs("\" -- \"$_rxtop_cur\"))\n\t\treturn\n\tfi\n\targopts=\"", out);
	each_option(cmd, argument_options, out);
	fputs("\"\n\t(($(_rxtop_operands \"$from\" \"$argopts\") == 0)) || return\n", out);
	if (top) { /* a command stands first: only --lab (which main.c takes off the line) may precede it */
		fputs("\tlocal i\n\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		      "\t\t[[ ${COMP_WORDS[i]} == --lab ]] || return\n\tdone\n"
		      "\tCOMPREPLY=($(compgen -W \"",
		      out);
		for (int i = 0; cli_commands[i]; i++)
			if (strcmp(cli_commands[i]->name, "rxtop"))
				fprintf(out, " %s", cli_commands[i]->name);
		fputs("\" -- \"$_rxtop_cur\"))\n", out);
	} else if (cmd->operands) {
		fprintf(out, "\t_rxtop_value words \"%s\"\n", cmd->operands);
	} else if (kind) {
		fprintf(out, "\t_rxtop_value %s", kind);
		value_words(out, cmd->operand_values, NULL);
		fputc('\n', out);
	}
	fputs("}\n", out);
}

void cli_bash_completion(FILE *out)
{
	fputs("# bash completion for rxtop(8)\n"
	      "# SPDX-License-Identifier: GPL-2.0-only\n"
	      "# Generated from rxtop's option tables (src/cli/cli_completion.c); do not edit.\n"
	      "# shellcheck disable=SC2207 # the words offered (names, numbers) hold no blanks\n\n",
	      out);
	fputs(completion_helpers, out);
	for (int i = 0; cli_commands[i]; i++)
		command_function(out, cli_commands[i]);
	fputs("\n_rxtop() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev='' i cmd=rxtop from=1\n"
	      "\t((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
	      "\t# --opt=value: bash splits it into --opt, =, value (COMP_WORDBREAKS has '=').\n"
	      "\tif [[ $cur == = ]]; then\n"
	      "\t\tcur=\n"
	      "\telif [[ $prev == = ]] && ((COMP_CWORD > 1)); then\n"
	      "\t\tprev=${COMP_WORDS[COMP_CWORD - 2]}\n"
	      "\tfi\n"
	      "\tCOMPREPLY=()\n"
	      "\t_rxtop_cur=$cur\n"
	      "\t# The command is the first word after rxtop but --lab, which may stand anywhere.\n"
	      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	      "\t\t[[ ${COMP_WORDS[i]} == --lab ]] && continue\n"
	      "\t\tcase ${COMP_WORDS[i]} in\n\t\t",
	      out);
	for (int i = 0, n = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, "rxtop"))
			fprintf(out, "%s%s", n++ ? " | " : "", cli_commands[i]->name);
	fputs(") cmd=${COMP_WORDS[i]} from=$((i + 1)) ;;\n"
	      "\t\tesac\n"
	      "\t\tbreak\n"
	      "\tdone\n"
	      "\tcase $cmd in\n",
	      out);
	for (int i = 0; cli_commands[i]; i++)
		fprintf(out, "\t%s) _rxtop_cmd_%s \"$prev\" \"$from\" ;;\n", cli_commands[i]->name,
			cli_commands[i]->name);
	fputs("\tesac\n}\ncomplete -F _rxtop rxtop\n", out);
}
