// SPDX-License-Identifier: GPL-2.0-only
/* Command-line options shared by every receiver stack (rxtop run, rxtop __stack). */
#ifndef RXTOP_STACK_OPTIONS_H
#define RXTOP_STACK_OPTIONS_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "stack.h"

/* getopt_long entries, ids >= STACK_OPT_BASE, terminated by a zero entry. */
#define STACK_OPT_BASE 1000
extern const struct option stack_long_options[];

void stack_config_defaults(struct stack_config *cfg);
/* 1 when opt was a stack option and applied, 0 when it is not one, -EINVAL with err filled when bad. */
int stack_option_apply(struct stack_config *cfg, int opt, const char *arg, char *err, size_t len);
/* "0,2-3" -> list; returns count or -EINVAL. */
int parse_int_list(const char *text, int *out, int max);
void stack_options_help(FILE *out);

#endif
