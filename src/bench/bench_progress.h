// SPDX-License-Identifier: GPL-2.0-only
/* The progress line on stderr while a bench runs: which cell and run, its rate, and the time left. */
#ifndef RXTOP_BENCH_PROGRESS_H
#define RXTOP_BENCH_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

struct bench_progress {
	FILE *out;
	bool tty;	/* rewrite one line in place; plain lines otherwise */
	int runs_total; /* planned (an upper bound: ndr searches may stop early) */
	int runs_done;
	double started;	   /* monotonic seconds */
	size_t last_width; /* of the line on a terminal, to blank what a shorter one leaves */
	bool bits;	   /* rates are bits per second (TCP), not packets per second */
};

/* bits: the runs' rates are TCP bits per second; else packets per second. */
void bench_progress_init(struct bench_progress *p, FILE *out, int runs_total, bool bits);
/* "cell 7/48 afxdp 512B 2 cores run 2/3: 1.23 Mpps, ETA 6m10s" once a run ended (error: its reason);
 * ncells 0: "reference WHAT run 2/5: ...". rate: packets or bits per second, as init said. */
void bench_progress_run(struct bench_progress *p, int cell, int ncells, const char *what, int run, int nruns,
			double rate, const char *error);
/* Ends the rewritten line (before other output, and at the end). */
void bench_progress_done(struct bench_progress *p);
/* "6m10s", "1h02m", "12s": pure. */
void bench_format_duration(double seconds, char *out, size_t len);
/* "1.23 Mpps", "850 kpps", "12 pps": pure. */
void bench_format_rate(double pps, char *out, size_t len);
/* "12.34 Gbit/s", "850 Mbit/s": pure. */
void bench_format_bits(double bps, char *out, size_t len);

#endif
