// SPDX-License-Identifier: GPL-2.0-only
/* results.csv: one row per cell under a header row (RFC 4180 quoting, LF line ends), for spreadsheets and
 * --compare. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "bench_views.h"

/* The header; bench_compare reads columns by these names, so renaming one is a format change. */
static const char *const columns[] = {
    "stack",
    "proto",
    "size",
    "cores",
    "measure",
    "error",
    "runs",
    "runs_pps",
    "median_pps",
    "min_pps",
    "max_pps",
    "cv",
    "ndr_pps",
    "loss_pct",
    "gbps",
    "sent",
    "received",
    "dropped",
    "unexplained",
    "user_ns_per_pkt",
    "syscall_ns_per_pkt",
    "softirq_ns_per_pkt",
    "syscalls_per_pkt",
    "ctxsw_per_pkt",
    "main_drop",
    "ring_size",
    "fill_ring_size",
    "batch",
    "rcvbuf",
    "busy_poll_us",
    "need_wakeup",
    "counting_program",
    "mode",
};

static void put_text(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Rates keep three decimals; small ratios (cv, syscalls per packet) six significant digits. */
static void put_double(FILE *f, double v)
{
	char buf[64];
	size_t n;

	if (!isfinite(v))
		return; /* an empty field: no number */
	if (v != 0 && fabs(v) < 1) {
		fprintf(f, "%.6g", v);
		return;
	}
	n = (size_t)snprintf(buf, sizeof(buf), "%.3f", v);
	while (n > 2 && buf[n - 1] == '0' && buf[n - 2] != '.')
		buf[--n] = '\0';
	fputs(buf, f);
}

static void put_runs(FILE *f, const struct bench_cell *c)
{
	int nruns = c->nruns < BENCH_MAX_REPEATS ? c->nruns : BENCH_MAX_REPEATS;

	for (int i = 0; i < nruns; i++) {
		if (i)
			fputc(' ', f);
		put_double(f, c->runs[i].rx_pps);
	}
}

static void write_row(FILE *f, const struct bench_cell *c)
{
	const struct bench_settings *s = &c->settings;

	put_text(f, c->stack);
	fprintf(f, ",%s,%d,%d,%s,", bench_proto_name(c->proto), c->size, c->cores,
		bench_measure_name(c->measure));
	put_text(f, c->error);
	fprintf(f, ",%d,", c->nruns);
	put_runs(f, c);
	const double numbers[] = {c->median_pps, c->min_pps,  c->max_pps, c->cv,
				  c->ndr_pps,	 c->loss_pct, c->gbps};
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		fputc(',', f);
		put_double(f, numbers[i]);
	}
	fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRId64, c->sent, c->received, c->dropped,
		c->unexplained);
	const double costs[] = {c->cost.user, c->cost.syscall, c->cost.softirq, c->cost.syscalls_per_pkt,
				c->cost.ctxsw_per_pkt};
	for (size_t i = 0; i < sizeof(costs) / sizeof(costs[0]); i++) {
		fputc(',', f);
		put_double(f, costs[i]);
	}
	fputc(',', f);
	put_text(f, c->main_drop);
	fprintf(f, ",%d,%d,%d,%d,%d,%d,%d,", s->ring_size, s->fill_ring_size, s->batch, s->rcvbuf,
		s->busy_poll_us, s->need_wakeup, s->counting_program);
	put_text(f, s->mode);
	fputc('\n', f);
}

int bench_csv_write(const struct bench_results *r, const char *dir, char *err, size_t len)
{
	FILE *f = bench_file_create(dir, "results.csv", err, len);

	if (!f)
		return -errno;
	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		fprintf(f, "%s%s", i ? "," : "", columns[i]);
	fputc('\n', f);
	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++)
		write_row(f, &r->cells[i]);
	return bench_file_finish(f, dir, "results.csv", err, len);
}
