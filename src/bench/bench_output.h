// SPDX-License-Identifier: GPL-2.0-only
/* rxtop bench's outputs: the results written as files, and two result folders compared. */
#ifndef RXTOP_BENCH_OUTPUT_H
#define RXTOP_BENCH_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "bench.h"

/* Writes results.json, results.csv, the plots (.gp, .dat, .svg, .png) and report.md into dir (created if
 * absent). Returns 0, or a negative errno with one line in err. A missing gnuplot is not an error: the
 * scripts and data are written and report.md says how to render them. */
int bench_write_results(const struct bench_results *r, const char *dir, char *err, size_t len);

/* rxtop bench --compare OLD NEW: reads both folders' results.csv and prints, per cell, the old and new
 * medians, the change and whether it lies beyond the runs' own spread. Returns an exit status: 0, or 2 for
 * bad input (a missing folder, a malformed results.csv) with one line in err. */
int bench_compare(const char *old_dir, const char *new_dir, FILE *out, char *err, size_t len);

#endif
