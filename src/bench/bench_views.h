// SPDX-License-Identifier: GPL-2.0-only
/* The pieces behind bench_output.h: one writer per file kind, and the small helpers they share. */
#ifndef RXTOP_BENCH_VIEWS_H
#define RXTOP_BENCH_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bench.h"

#define BENCH_PLOTS 4

/* What became of one plot, for report.md. */
struct bench_plot_status {
	char name[32];	/* file stem: pps_by_size, pps_by_cores, tcp_gbps, ns_per_pkt */
	char title[96]; /* what it shows */
	bool written;	/* .gp and .dat are in the folder */
	bool rendered;	/* gnuplot made the .svg and .png */
	char note[256]; /* why it was skipped or not rendered; "" when rendered */
};

struct bench_plots {
	bool gnuplot_found;
	struct bench_plot_status plot[BENCH_PLOTS];
};

int bench_json_write(const struct bench_results *r, const char *dir, char *err, size_t len);
int bench_csv_write(const struct bench_results *r, const char *dir, char *err, size_t len);
/* Never fails for gnuplot's sake: what happened to each plot is in plots. */
int bench_plot_write(const struct bench_results *r, const char *dir, struct bench_plots *plots, char *err,
		     size_t len);
int bench_report_write(const struct bench_results *r, const struct bench_plots *plots, const char *dir,
		       char *err, size_t len);

/* report.md's section answering the seed talk's questions from the data (bench_report_questions.c). */
void bench_report_questions(FILE *f, const struct bench_results *r);

/* Helpers (bench_files.c) */
const char *bench_measure_name(enum bench_measure m); /* "max", "ndr", "both" */
const char *bench_proto_name(enum stack_proto p);     /* "udp", "tcp" */
/* Opens dir/name for writing; NULL with one line in err. */
FILE *bench_file_create(const char *dir, const char *name, char *err, size_t len);
/* Closes a file from bench_file_create; a write error (disk full) becomes -EIO with one line in err. */
int bench_file_finish(FILE *f, const char *dir, const char *name, char *err, size_t len);
/* A cell with numbers: it ran and has at least one run. */
bool bench_cell_ran(const struct bench_cell *c);
/* The cell that ran with these coordinates; NULL when there is none. */
const struct bench_cell *bench_find_cell(const struct bench_results *r, const char *stack,
					 enum stack_proto proto, int size, int cores,
					 enum bench_measure measure);
/* The distinct sizes (of_cores false) or core counts of the cells that ran, ascending; returns how many. */
int bench_distinct(const struct bench_results *r, bool of_cores, int *values, int max);
/* "afxdp udp 64 B, 1 core, max" or "epoll tcp, 2 cores, max": a cell named for a reader. */
const char *bench_cell_name(const struct bench_cell *c, char *buf, size_t len);
/* Writes s for a Markdown table cell ('|' and line breaks would end the cell). */
void bench_md_text(FILE *f, const char *s);

#endif
