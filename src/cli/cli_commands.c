// SPDX-License-Identifier: GPL-2.0-only
/* The registry of rxtop's user commands: 'rxtop --help', the man page and the completion walk it. Each
 * command's table lives beside its parser. */
#include "bench_options.h"
#include "cli_table.h"

extern const struct cli_command cli_top_command; /* src/options.c */
extern const struct cli_command cli_run_command; /* src/options.c */
extern const struct cli_command gen_command;	 /* src/gen.c */
extern const struct cli_command lab_command;	 /* src/lab_options.c */
extern const struct cli_command doctor_command;	 /* src/doctor.c */

const struct cli_command *const cli_commands[] = {
    &cli_top_command, &cli_run_command, &gen_command, &lab_command, &doctor_command, &bench_command, NULL,
};
