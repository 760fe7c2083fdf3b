// SPDX-License-Identifier: GPL-2.0-only
/* The registry of rxtop's user commands: 'rxtop --help', the man page and the completion walk it. Each
 * command's table lives beside its parser. */
#include "bench_options.h"
#include "cli_table.h"

const struct cli_command *const cli_commands[] = {
    &bench_command,
    NULL,
};
