// SPDX-License-Identifier: GPL-2.0-only
/* The registry of rxtop's user commands: 'rxtop --help', the man page and the completion walk it. Each
 * command's table lives beside its parser. */
#include "bench_options.h"
#include "cli_table.h"

extern const struct cli_command cli_top_command; /* src/top/options.c */
extern const struct cli_command cli_run_command; /* src/top/options.c */
extern const struct cli_command gen_command;	 /* src/gen/gen.c */
extern const struct cli_command lab_command;	 /* src/lab/lab_options.c */
extern const struct cli_command doctor_command;	 /* src/doctor/doctor.c */

const struct cli_command *const cli_commands[] = {
    &cli_top_command, &cli_run_command, &gen_command, &lab_command, &doctor_command, &bench_command, NULL,
};
