// SPDX-License-Identifier: GPL-2.0-only
/* Batch views: write one snapshot as a JSON line, CSV rows or a text block. They never touch BPF. */
#ifndef RXTOP_OUTPUT_H
#define RXTOP_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "snapshot.h"

enum output_format {
	OUTPUT_TEXT = 0,
	OUTPUT_JSON = 1,
	OUTPUT_CSV = 2,
	OUTPUT_OPENMETRICS = 3,
	OUTPUT_PROMETHEUS = 4
};

/* OpenMetrics 1.0 (ends in "# EOF"), or Prometheus' text format 0.0.4 (promtool, node_exporter textfiles). */
enum metrics_dialect { METRICS_OPENMETRICS = 0, METRICS_PROMETHEUS = 1 };

struct jsonw;
/* Writes more keys into a JSON line before it closes. */
typedef void (*output_json_extra)(struct jsonw *w, const void *arg);

/*
 * The batch format version every JSON line ("format") and CSV row (the last column, "format") carries
 * (SPEC.md "Batch format version", docs/json-schema.md): raised when a key or column changes meaning, not
 * when one is added.
 */
#define OUTPUT_BATCH_FORMAT 1

/* One object on one line, flushed (SPEC: JSON lines). */
void output_json(FILE *out, const struct snapshot *snap);
/* The same line with extra(w, arg)'s keys at its end (e.g. `rxtop run`'s summary on its last line). */
void output_json_with(FILE *out, const struct snapshot *snap, output_json_extra extra, const void *arg);
/* Long-format CSV: one row per queue, drop, stack and the ledger; header on the first call. */
void output_csv(FILE *out, const struct snapshot *snap, bool header);
/* One metrics exposition of the snapshot's counters (docs/openmetrics.md). */
void output_metrics(FILE *out, const struct snapshot *snap, enum metrics_dialect dialect);
/* A block a person reads in a terminal. */
void output_text(FILE *out, const struct snapshot *snap);
struct rx_path;
/* A queue's receive-path map: its "path" key, and one line for people ("" past len is cut). */
void output_path_json(struct jsonw *w, const struct rx_path *p);
void output_path_line(const struct rx_path *p, char *buf, size_t len);
/* The queues where a receiver shares a CPU with the interrupt, softirq or NAPI thread: "rxlab0/0 cpu 1, ...";
 * how many. */
int output_path_shared(const struct snapshot *snap, char *buf, size_t len);
void output_snapshot(FILE *out, enum output_format format, const struct snapshot *snap, bool first);

#endif
