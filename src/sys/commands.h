// SPDX-License-Identifier: GPL-2.0-only
/* Entry points of rxtop's subcommands; each parses its own arguments and returns the exit status. */
#ifndef RXTOP_COMMANDS_H
#define RXTOP_COMMANDS_H

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

int cmd_top(int argc, char **argv, int lab); /* rxtop [-i IFACE]... and rxtop run ... */
int cmd_lab(int argc, char **argv);	     /* rxtop lab up|down|status */
int cmd_gen(int argc, char **argv);	     /* rxtop gen */
int cmd_gen_lab(int argc, char **argv);	     /* rxtop --lab gen: aimed at the lab */
int cmd_doctor(int argc, char **argv);	     /* rxtop doctor: what makes an AF_XDP setup slow */

#endif
