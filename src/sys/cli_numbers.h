// SPDX-License-Identifier: GPL-2.0-only
/* Number and list parsers shared by every command line: counts with k/M/G suffixes, pid lists. */
#ifndef RXTOP_CLI_NUMBERS_H
#define RXTOP_CLI_NUMBERS_H

#include <stdint.h>
#include <sys/types.h>

/*
 * A whole non-negative count, optionally with a decimal fraction and a k/K, M or G suffix (powers of 1000):
 * "200k", "1.5M", "100000". The result must be whole ("1.5" is refused, "1.5k" is 1500) and fit in 64 bits.
 * Returns 0, or -EINVAL (not such a number) / -ERANGE (too large).
 */
int parse_si_count(const char *text, uint64_t *out);

/* A finite decimal number in [min, max] ("0.5", "1e3"), nothing after it; 0, or -EINVAL. */
int parse_bounded_double(const char *text, double min, double max, double *out);

/*
 * Process ids separated by commas and/or blanks, as top -p takes them: "1,2", "1 2", "$(pidof app)". Appends
 * to pids[*n] (at most max in all); returns 0, -EINVAL on a word that is not a pid (1 to 4194304) or an empty
 * list, -E2BIG when more than max.
 */
int parse_pid_list(const char *text, pid_t *pids, int *n, int max);

#endif
