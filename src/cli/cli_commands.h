// SPDX-License-Identifier: GPL-2.0-only
/* The registry of rxtop's user commands and what is made from it: 'rxtop --help', the man page, the
 * completion. Above every command: the commands' own files never include this one (a command that prints the
 * overview is handed cli_help_commands, as cmd_top is). */
#ifndef RXTOP_CLI_COMMANDS_H
#define RXTOP_CLI_COMMANDS_H

#include <stdio.h>

#include "cli_table.h"

/* Every user command, in the order of the man page (NULL-terminated). */
extern const struct cli_command *const cli_commands[];

/* rxtop's own --help: each command's synopsis and summary. */
void cli_help_commands(FILE *out);

/* Generated documentation: the rxtop(8) man page in roff and the bash completion script. */
void cli_man_page(FILE *out, const char *version, const char *date);
/* The same, naming docdir (make install's DOCDIR) where it points to the installed docs. */
void cli_man_page_docs(FILE *out, const char *version, const char *date, const char *docdir);
void cli_bash_completion(FILE *out);

#endif
