// SPDX-License-Identifier: GPL-2.0-only
/* Entry points of rxtop's subcommands; each parses its own arguments and returns the exit status. */
#ifndef RXTOP_COMMANDS_H
#define RXTOP_COMMANDS_H

#include <stdio.h>

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

/* rxtop [-i IFACE]... and rxtop run ...; help_overview lists every command before the bare --help. */
int cmd_top(int argc, char **argv, int lab, void (*help_overview)(FILE *out));
int cmd_lab(int argc, char **argv);	/* rxtop lab up|down|status */
int cmd_gen(int argc, char **argv);	/* rxtop gen */
int cmd_gen_lab(int argc, char **argv); /* rxtop --lab gen: aimed at the lab */
int cmd_doctor(int argc, char **argv);	/* rxtop doctor: what makes an AF_XDP setup slow */

#endif
