// SPDX-License-Identifier: GPL-2.0-only
/* The plots: which cells each one shows, their .dat and .gp files, rendered by gnuplot as SVG and PNG. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench_gnuplot.h"
#include "bench_views.h"

#define MAX_SERIES 32

/* One point of a line: x (frame size or cores), the median and the runs' range. */
struct point {
	int series;
	double x, y, low, high;
	char label[64];
};

struct plot_data {
	int nseries;
	char series[MAX_SERIES][24];
	int npoints;
	struct point points[BENCH_MAX_CELLS];
};

static int series_index(struct plot_data *d, const char *name)
{
	for (int i = 0; i < d->nseries; i++)
		if (strcmp(d->series[i], name) == 0)
			return i;
	if (d->nseries == MAX_SERIES)
		return -1;
	snprintf(d->series[d->nseries], sizeof(d->series[0]), "%s", name);
	return d->nseries++;
}

static struct point *add_point(struct plot_data *d, const char *series)
{
	int s = series_index(d, series);
	struct point *p;

	if (s < 0 || d->npoints == BENCH_MAX_CELLS)
		return NULL;
	p = &d->points[d->npoints++];
	memset(p, 0, sizeof(*p));
	p->series = s;
	return p;
}

static int by_series_then_x(const void *a, const void *b)
{
	const struct point *p = a, *q = b;

	if (p->series != q->series)
		return p->series - q->series;
	return (p->x > q->x) - (p->x < q->x);
}

static int distinct_x(const struct plot_data *d)
{
	int n = 0;

	for (int i = 0; i < d->npoints; i++) {
		bool seen = false;

		for (int j = 0; j < i && !seen; j++)
			seen = d->points[j].x == d->points[i].x;
		n += !seen;
	}
	return n;
}

static bool cell_shown(const struct bench_cell *c, enum stack_proto proto, enum bench_measure measure)
{
	return bench_cell_ran(c) && c->proto == proto && c->measure == measure;
}

/* max unless only ndr cells of this protocol ran: max is the seed's measure. */
static enum bench_measure measure_shown(const struct bench_results *r, enum stack_proto proto)
{
	bool max = false, ndr = false;

	for (int i = 0; i < r->ncells; i++) {
		max |= cell_shown(&r->cells[i], proto, BENCH_MAX);
		ndr |= cell_shown(&r->cells[i], proto, BENCH_NDR);
	}
	return ndr && !max ? BENCH_NDR : BENCH_MAX;
}

/* The value (of cores or of size) that most shown cells share, so one plot compares like with like. */
static int most_common(const struct bench_results *r, enum bench_measure measure, bool of_cores,
		       bool prefer_large)
{
	int best = 0, best_count = 0;

	for (int i = 0; i < r->ncells; i++) {
		const struct bench_cell *c = &r->cells[i];
		int v = of_cores ? c->cores : c->size, count = 0;

		if (!cell_shown(c, STACK_PROTO_UDP, measure))
			continue;
		for (int j = 0; j < r->ncells; j++)
			count += cell_shown(&r->cells[j], STACK_PROTO_UDP, measure) &&
				 (of_cores ? r->cells[j].cores : r->cells[j].size) == v;
		if (count > best_count || (count == best_count && (prefer_large ? v > best : v < best))) {
			best = v;
			best_count = count;
		}
	}
	return best;
}

static void write_points(FILE *f, const struct plot_data *d, bool labelled)
{
	for (int s = 0; s < d->nseries; s++) {
		fprintf(f, "# %s\n", d->series[s]);
		for (int i = 0; i < d->npoints; i++) {
			const struct point *p = &d->points[i];

			if (p->series != s)
				continue;
			if (labelled) {
				gnuplot_quote(f, p->label);
				fputc(' ', f);
			}
			fprintf(f, "%g %g %g %g\n", p->x, p->y, p->low, p->high);
		}
		fputs("\n\n", f); /* gnuplot's "index" separates the stacks */
	}
}

static int open_pair(const char *dir, const char *name, FILE **gp, FILE **dat, char *err, size_t len)
{
	char file[64];

	snprintf(file, sizeof(file), "%s.dat", name);
	*dat = bench_file_create(dir, file, err, len);
	if (!*dat)
		return -errno;
	snprintf(file, sizeof(file), "%s.gp", name);
	*gp = bench_file_create(dir, file, err, len);
	if (!*gp) {
		int ret = -errno;

		fclose(*dat);
		return ret;
	}
	return 0;
}

static int close_pair(const char *dir, const char *name, FILE *gp, FILE *dat, char *err, size_t len)
{
	char file[64];
	int ret, ret2;

	snprintf(file, sizeof(file), "%s.dat", name);
	ret = bench_file_finish(dat, dir, file, err, len);
	snprintf(file, sizeof(file), "%s.gp", name);
	ret2 = bench_file_finish(gp, dir, file, err, len);
	return ret ? ret : ret2;
}

/* v rounded down (or up) to one significant digit: 0.684 -> 0.6 (0.7), 11.7 -> 10 (20). */
static double one_digit(double v, bool up)
{
	double decade = pow(10, floor(log10(v))), m = v / decade;

	return (up ? ceil(m - 1e-9) : floor(m + 1e-9)) * decade;
}

/*
 * A log y axis for the pps lines: the XDP_DROP ceiling (tens of Mpps) and the receivers (tenths to a few
 * Mpps) share the plot, and on a linear axis the receivers would lie flat on the floor. The range is the
 * data's, padded and rounded to one digit. A tic on every digit of every decade; over more than one decade
 * only 1, 2 and 5 (and the ends) are labelled, so the labels do not crowd. A log axis has no 0: a run that
 * received nothing stretches its bar down to the floor, and plot_lines leaves out a median of 0 (the table
 * has it).
 */
static void write_log_yaxis(FILE *gp, struct plot_data *d)
{
	double low = INFINITY, high = 0, bottom, top;
	bool dense;
	int shown = 0;

	for (int i = 0; i < d->npoints; i++) { /* every point's median is > 0 (plot_lines) */
		const struct point *p = &d->points[i];

		low = fmin(low, p->low > 0 ? p->low : p->y);
		high = fmax(high, fmax(p->high, p->y));
	}
	if (!(low > 0 && high > 0)) { /* no point (plot_lines skips before): gnuplot's own log range */
		fputs("set logscale y 10\n", gp);
		return;
	}
	bottom = one_digit(low / 1.1, false);
	top = one_digit(high * 1.1, true);
	dense = top / bottom <= 10 + 1e-9;
	for (int i = 0; i < d->npoints; i++)
		if (d->points[i].low <= 0)
			d->points[i].low = bottom;
	fprintf(gp, "set logscale y 10\nset yrange [%g:%g]\nset grid ytics mytics\nset ytics (", bottom, top);
	for (int k = (int)floor(log10(bottom) + 1e-9); k <= (int)floor(log10(top) + 1e-9); k++)
		for (int m = 1; m <= 9; m++) {
			double t = m * pow(10, k);
			bool end = fabs(t / bottom - 1) < 1e-9 || fabs(t / top - 1) < 1e-9;

			if (t < bottom * (1 - 1e-9) || t > top * (1 + 1e-9))
				continue;
			if (dense || end || m == 1 || m == 2 || m == 5)
				fprintf(gp, "%s\"%g\" %g", shown++ ? ", " : "", t, t);
			else /* level 1: a minor tic, unlabelled */
				fprintf(gp, "%s\"\" %g 1", shown++ ? ", " : "", t);
		}
	fputs(")\n", gp);
}

/* pps by frame size (the seed's figure) or by cores: one line per stack, error bars from min to max. */
static int plot_lines(const struct bench_results *r, const char *dir, struct bench_plot_status *st,
		      struct plot_data *d, bool by_size, char *err, size_t len)
{
	enum bench_measure m = measure_shown(r, STACK_PROTO_UDP);
	int fixed = most_common(r, m, by_size, by_size); /* by size: at the most common cores, the largest */
	FILE *gp, *dat;
	int ret;

	snprintf(st->name, sizeof(st->name), by_size ? "pps_by_size" : "pps_by_cores");
	if (fixed == 0) /* no UDP cell: the plot is skipped, its title names no cell */
		snprintf(st->title, sizeof(st->title), "UDP packets received per second by %s",
			 by_size ? "frame size" : "cores");
	else if (by_size)
		snprintf(st->title, sizeof(st->title),
			 "UDP packets received per second by frame size, %d core%s (%s)", fixed,
			 fixed == 1 ? "" : "s", bench_measure_name(m));
	else
		snprintf(st->title, sizeof(st->title),
			 "UDP packets received per second by cores, %d-byte frames (%s)", fixed,
			 bench_measure_name(m));
	memset(d, 0, sizeof(*d));
	for (int i = 0; i < r->ncells; i++) {
		const struct bench_cell *c = &r->cells[i];
		struct point *p;

		if (!cell_shown(c, STACK_PROTO_UDP, m) || (by_size ? c->cores : c->size) != fixed)
			continue;
		if (!(c->median_pps > 0)) /* nothing to draw on a log axis */
			continue;
		p = add_point(d, c->stack);
		if (!p)
			break;
		p->x = by_size ? c->size : c->cores;
		p->y = c->median_pps / 1e6;
		p->low = c->min_pps / 1e6;
		p->high = c->max_pps / 1e6;
	}
	if (d->npoints == 0) {
		snprintf(st->note, sizeof(st->note), "skipped: no UDP cell ran or received a packet");
		return 0;
	}
	if (distinct_x(d) < 2) {
		snprintf(st->note, sizeof(st->note), "skipped: only one %s was measured (%g)",
			 by_size ? "frame size" : "core count", d->points[0].x);
		return 0;
	}
	qsort(d->points, (size_t)d->npoints, sizeof(d->points[0]), by_series_then_x);
	ret = open_pair(dir, st->name, &gp, &dat, err, len);
	if (ret)
		return ret;
	gnuplot_script_begin(gp, st->name, st->title);
	fputs("set ylabel \"Mpps received, log scale (median; bars: min to max of the repeats)\"\n", gp);
	write_log_yaxis(gp, d); /* before the data: it lifts a bar's 0 to the axis' floor */
	write_points(dat, d, false);
	if (by_size) {
		fputs("set xlabel \"frame size (bytes, log scale)\"\nset logscale x 2\nset xtics (", gp);
		for (int i = 0, first = 1; i < d->npoints; i++) {
			bool seen = false;

			for (int j = 0; j < i && !seen; j++)
				seen = d->points[j].x == d->points[i].x;
			if (!seen)
				fprintf(gp, "%s%g", first ? "" : ", ", d->points[i].x), first = 0;
		}
		fputs(")\nset offsets graph 0.05, graph 0.05, 0, 0\n", gp);
	} else {
		fputs("set xlabel \"cores (rx queues = receiver workers)\"\nset xtics 1\n"
		      "set offsets graph 0.05, graph 0.05, 0, 0\n",
		      gp);
	}
	fputs("plot ", gp);
	for (int s = 0; s < d->nseries; s++) {
		fprintf(gp, "%s\"%s.dat\" index %d using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1.2 title ",
			s ? ", \\\n     " : "", st->name, s);
		gnuplot_quote(gp, d->series[s]);
	}
	fputc('\n', gp);
	gnuplot_script_end(gp, st->name);
	st->written = true;
	return close_pair(dir, st->name, gp, dat, err, len);
}

static void run_gbps_range(const struct bench_cell *c, double *low, double *high)
{
	*low = *high = c->gbps;
	for (int i = 0; i < c->nruns && i < BENCH_MAX_REPEATS; i++) {
		if (c->runs[i].gbps < *low)
			*low = c->runs[i].gbps;
		if (c->runs[i].gbps > *high)
			*high = c->runs[i].gbps;
	}
}

/* The x range of n bars at 0..n-1: fewer than three keep the width of three, so one bar is not a wall. */
static const char *bar_range(int n, char *buf, size_t len)
{
	double pad = n < 3 ? (3 - n) / 2.0 : 0;

	snprintf(buf, len, "%g:%g", -0.6 - pad, n - 0.4 + pad);
	return buf;
}

/* TCP: one bar per stack (and core count), the median run's Gbps with the runs' range. */
static int plot_tcp(const struct bench_results *r, const char *dir, struct bench_plot_status *st,
		    struct plot_data *d, char *err, size_t len)
{
	enum bench_measure m = measure_shown(r, STACK_PROTO_TCP);
	char range[64];
	FILE *gp, *dat;
	int ret;

	snprintf(st->name, sizeof(st->name), "tcp_gbps");
	snprintf(st->title, sizeof(st->title), "TCP payload received per second, per stack (%s)",
		 bench_measure_name(m));
	memset(d, 0, sizeof(*d));
	for (int i = 0; i < r->ncells; i++) {
		const struct bench_cell *c = &r->cells[i];
		struct point *p;

		if (!cell_shown(c, STACK_PROTO_TCP, m) || !(p = add_point(d, "tcp")))
			continue;
		snprintf(p->label, sizeof(p->label), "%s, %d core%s", c->stack, c->cores,
			 c->cores == 1 ? "" : "s");
		p->x = d->npoints - 1;
		p->y = c->gbps;
		run_gbps_range(c, &p->low, &p->high);
	}
	if (d->npoints == 0) {
		snprintf(st->note, sizeof(st->note), "skipped: no TCP cell ran");
		return 0;
	}
	ret = open_pair(dir, st->name, &gp, &dat, err, len);
	if (ret)
		return ret;
	write_points(dat, d, true);
	gnuplot_script_begin(gp, st->name, st->title);
	fprintf(
	    gp,
	    "set ylabel \"payload Gbit/s read (median run; bars: min to max)\"\nset yrange [0:*]\n"
	    "set xrange [%s]\nset offsets 0, 0, graph 0.08, 0\nset style fill solid 0.6 border -1\nset "
	    "boxwidth 0.6\n"
	    "plot \"%s.dat\" using 2:3:xtic(1) with boxes lc rgb \"#4c72b0\" title \"payload Gbit/s (median "
	    "run)\", \\\n"
	    "     \"\" using 2:3:4:5 with yerrorbars lc rgb \"black\" pt 7 ps 0.6 lw 2 title \"min to "
	    "max of the runs\"\n",
	    bar_range(d->npoints, range, sizeof(range)), st->name);
	gnuplot_script_end(gp, st->name);
	st->written = true;
	return close_pair(dir, st->name, gp, dat, err, len);
}

/* Per stack, the cell whose CPU split is shown: UDP at the plots' core count and the smallest size, else
 * that stack's first cell that ran. */
static const struct bench_cell *cost_cell(const struct bench_results *r, const char *stack, int cores)
{
	const struct bench_cell *best = NULL;

	for (int i = 0; i < r->ncells; i++) {
		const struct bench_cell *c = &r->cells[i];

		if (!bench_cell_ran(c) || strcmp(c->stack, stack) != 0)
			continue;
		if (!best)
			best = c;
		else if (c->proto == STACK_PROTO_UDP && c->cores == cores &&
			 (best->proto != STACK_PROTO_UDP || best->cores != cores || c->size < best->size))
			best = c;
	}
	return best;
}

static int plot_cost(const struct bench_results *r, const char *dir, struct bench_plot_status *st,
		     struct plot_data *d, char *err, size_t len)
{
	int cores = most_common(r, measure_shown(r, STACK_PROTO_UDP), true, true);
	const struct bench_cell *shown[MAX_SERIES];
	bool any_cost = false, tcp = true;
	char range[64];
	FILE *gp, *dat;
	int ret;

	memset(d, 0, sizeof(*d));
	for (int i = 0; i < r->ncells; i++)
		if (bench_cell_ran(&r->cells[i]))
			series_index(d, r->cells[i].stack);
	for (int s = 0; s < d->nseries; s++) {
		shown[s] = cost_cell(r, d->series[s], cores);
		any_cost |= shown[s]->cost.user + shown[s]->cost.syscall + shown[s]->cost.softirq > 0;
		tcp &= shown[s]->proto == STACK_PROTO_TCP;
	}
	/* A TCP "packet" is one read, 8 KB for one server, 64 KB for another: TCP's cost is per KB read. */
	snprintf(st->name, sizeof(st->name), "ns_per_pkt");
	snprintf(st->title, sizeof(st->title), "Where the receiver's CPU time goes: ns per %s",
		 tcp ? "KB of TCP payload read" : "packet");
	if (!any_cost) {
		snprintf(st->note, sizeof(st->note), "skipped: %s",
			 d->nseries ? "no cell carries a CPU attribution" : "no cell ran");
		return 0;
	}
	ret = open_pair(dir, st->name, &gp, &dat, err, len);
	if (ret)
		return ret;
	fprintf(dat, "# cell user syscall softirq (ns per %s)\n", tcp ? "KB read" : "packet");
	for (int s = 0; s < d->nseries; s++) {
		const struct bench_cell *c = shown[s];
		double kb_per_s = c->gbps * 1e9 / 8 / 1024,
		       per = tcp && kb_per_s > 0 ? c->median_pps / kb_per_s : 1; /* reads per KB */
		char label[96];

		if (c->proto == STACK_PROTO_TCP) /* TCP has no frame size of its own */
			snprintf(label, sizeof(label), "%s tcp %dc%s", c->stack, c->cores,
				 tcp ? "" : " (per read)");
		else
			snprintf(label, sizeof(label), "%s udp %dB %dc", c->stack, c->size, c->cores);
		gnuplot_quote(dat, label);
		fprintf(dat, " %g %g %g\n", c->cost.user * per, c->cost.syscall * per, c->cost.softirq * per);
	}
	gnuplot_script_begin(gp, st->name, st->title);
	fprintf(gp,
		"set ylabel \"CPU ns per %s\"\nset yrange [0:*]\nset xlabel \"stack, protocol, %scores "
		"(c)\"\n",
		tcp ? "KB of payload read" : "packet received", tcp ? "" : "frame size (B), ");
	fputs(
	    "set style data histograms\nset style histogram rowstacked\nset style fill solid 0.8 border -1\n"
	    "set boxwidth 0.6\n",
	    gp);
	fprintf(gp, "set xrange [%s]\nset offsets 0, 0, graph 0.08, 0\n",
		bar_range(d->nseries, range, sizeof(range)));
	fprintf(gp,
		"plot \"%s.dat\" using 2:xtic(1) lc rgb \"#4c72b0\" title \"user\", \\\n"
		"     \"\" using 3 lc rgb \"#dd8452\" title \"syscall\", \\\n"
		"     \"\" using 4 lc rgb \"#55a868\" title \"softirq\"\n",
		st->name);
	gnuplot_script_end(gp, st->name);
	st->written = true;
	return close_pair(dir, st->name, gp, dat, err, len);
}

static void render(const char *gnuplot, const char *dir, struct bench_plot_status *st)
{
	if (!st->written)
		return;
	if (!gnuplot) {
		snprintf(st->note, sizeof(st->note),
			 "not rendered: gnuplot is not installed; apt-get install gnuplot-nox, then cd %s && "
			 "gnuplot %s.gp",
			 dir, st->name);
		return;
	}
	st->rendered = gnuplot_render(gnuplot, dir, st->name, st->note, sizeof(st->note)) == 0;
}

int bench_plot_write(const struct bench_results *r, const char *dir, struct bench_plots *plots, char *err,
		     size_t len)
{
	struct plot_data *d = malloc(sizeof(*d));
	char gnuplot[1024];
	int ret;

	memset(plots, 0, sizeof(*plots));
	if (!d) {
		snprintf(err, len, "bench: out of memory for the plots");
		return -ENOMEM;
	}
	ret = plot_lines(r, dir, &plots->plot[0], d, true, err, len);
	if (!ret)
		ret = plot_lines(r, dir, &plots->plot[1], d, false, err, len);
	if (!ret)
		ret = plot_tcp(r, dir, &plots->plot[2], d, err, len);
	if (!ret)
		ret = plot_cost(r, dir, &plots->plot[3], d, err, len);
	free(d);
	if (ret)
		return ret;
	plots->gnuplot_found = gnuplot_find(gnuplot, sizeof(gnuplot));
	for (int i = 0; i < BENCH_PLOTS; i++)
		render(plots->gnuplot_found ? gnuplot : NULL, dir, &plots->plot[i]);
	return 0;
}
