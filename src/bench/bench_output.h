/* TEMPORARY (bench-core's branch): the views' interface, declared so the runner builds; bench-views owns it.
 */
#ifndef RXTOP_BENCH_OUTPUT_H
#define RXTOP_BENCH_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "bench.h"

/* results.json, results.csv, report.md and plots into dir; 0, or a negative errno with one line in err. */
int bench_write_results(const struct bench_results *r, const char *dir, char *err, size_t len);
/* Prints the change per cell between two results folders; returns an exit status. */
int bench_compare(const char *old_dir, const char *new_dir, FILE *out, char *err, size_t len);

#endif
