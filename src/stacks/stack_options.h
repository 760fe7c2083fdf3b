// SPDX-License-Identifier: GPL-2.0-only
/* Command-line options shared by every receiver stack (rxtop run, rxtop bench, rxtop-dev __stack). */
#ifndef RXTOP_STACK_OPTIONS_H
#define RXTOP_STACK_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "cli_table.h"
#include "stack.h"

/* The receivers' options: a cli_group over the struct stack_config inside each command's target. */
#define STACK_CLI_NOPTIONS 23
extern const struct cli_option stack_cli_options[STACK_CLI_NOPTIONS];

void stack_config_defaults(struct stack_config *cfg);
/* "0,2-3" -> list; returns count or -EINVAL. */
int parse_int_list(const char *text, int *out, int max);

#endif
