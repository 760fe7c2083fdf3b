// SPDX-License-Identifier: GPL-2.0-only
/* The progress line on stderr while a bench runs: which cell and run, its rate, and the time left. */
#include <string.h>
#include <unistd.h>

#include "bench_progress.h"
#include "clock.h"

void bench_progress_init(struct bench_progress *p, FILE *out, int runs_total, bool bits)
{
	memset(p, 0, sizeof(*p));
	p->bits = bits;
	p->out = out;
	p->tty = isatty(fileno(out));
	p->runs_total = runs_total;
	p->started = monotonic_seconds();
}

void bench_format_duration(double seconds, char *out, size_t len)
{
	long s = seconds > 0 ? (long)(seconds + 0.5) : 0;

	if (s >= 3600)
		snprintf(out, len, "%ldh%02ldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(out, len, "%ldm%02lds", s / 60, s % 60);
	else
		snprintf(out, len, "%lds", s);
}

void bench_format_rate(double pps, char *out, size_t len)
{
	if (pps >= 1e6)
		snprintf(out, len, "%.2f Mpps", pps / 1e6);
	else if (pps >= 1e3)
		snprintf(out, len, "%.0f kpps", pps / 1e3);
	else
		snprintf(out, len, "%.0f pps", pps);
}

void bench_format_bits(double bps, char *out, size_t len)
{
	if (bps >= 1e9)
		snprintf(out, len, "%.2f Gbit/s", bps / 1e9);
	else
		snprintf(out, len, "%.0f Mbit/s", bps / 1e6);
}

void bench_progress_run(struct bench_progress *p, int cell, int ncells, const char *what, int run, int nruns,
			double rate, const char *error)
{
	double elapsed = monotonic_seconds() - p->started;
	char shown[32], eta[32], line[512]; /* room for a cell's error (256) */
	int left;
	size_t n;

	p->runs_done++;
	left = p->runs_total > p->runs_done ? p->runs_total - p->runs_done : 0;
	if (p->bits)
		bench_format_bits(rate, shown, sizeof(shown));
	else
		bench_format_rate(rate, shown, sizeof(shown));
	bench_format_duration(elapsed / p->runs_done * left, eta, sizeof(eta));
	if (ncells > 0)
		snprintf(line, sizeof(line), "cell %d/%d %s run %d/%d: %s, ETA %s", cell, ncells, what, run,
			 nruns, error && error[0] ? error : shown, eta);
	else /* a reference pair's run */
		snprintf(line, sizeof(line), "reference %s run %d/%d: %s, ETA %s", what, run, nruns,
			 error && error[0] ? error : shown, eta);
	n = strlen(line);
	if (p->tty)
		fprintf(p->out, "\r%s%*s", line, p->last_width > n ? (int)(p->last_width - n) : 0, "");
	else
		fprintf(p->out, "%s\n", line);
	p->last_width = n;
	fflush(p->out);
}

void bench_progress_done(struct bench_progress *p)
{
	if (p->tty && p->last_width) {
		fputc('\n', p->out);
		fflush(p->out);
	}
	p->last_width = 0;
}
