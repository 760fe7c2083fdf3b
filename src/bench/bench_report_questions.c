// SPDX-License-Identifier: GPL-2.0-only
/* report.md's answers to the seed talk's questions, each from the cells that measured it, or "not measured".
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "bench_views.h"

static const enum bench_measure measures[] = {BENCH_MAX, BENCH_NDR};

/* The stacks of the cells, in order of appearance (the configuration may list stacks none of which ran). */
static int stack_names(const struct bench_results *r, const char *names[], int max)
{
	int n = 0;

	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
		bool seen = false;

		for (int j = 0; j < n && !seen; j++)
			seen = strcmp(names[j], r->cells[i].stack) == 0;
		if (!seen && n < max)
			names[n++] = r->cells[i].stack;
	}
	return n;
}

static double ratio(double a, double b)
{
	return b > 0 ? a / b : 0;
}

/* "AF_XDP is slower than DPDK": afxdp over dpdk at every size and core count both ran. */
static void afxdp_vs_dpdk(FILE *f, const struct bench_results *r)
{
	int sizes[BENCH_MAX_CELLS], cores[BENCH_MAX_CELLS], rows = 0;
	int nsizes = bench_distinct(r, false, sizes, BENCH_MAX_CELLS);
	int ncores = bench_distinct(r, true, cores, BENCH_MAX_CELLS);

	fprintf(f, "### AF_XDP / DPDK, per frame size\n\n");
	for (size_t m = 0; m < sizeof(measures) / sizeof(measures[0]); m++)
		for (int s = 0; s < nsizes; s++)
			for (int c = 0; c < ncores; c++) {
				const struct bench_cell *a = bench_find_cell(r, "afxdp", STACK_PROTO_UDP,
									     sizes[s], cores[c], measures[m]);
				const struct bench_cell *d = bench_find_cell(r, "dpdk", STACK_PROTO_UDP,
									     sizes[s], cores[c], measures[m]);

				if (!a || !d)
					continue;
				if (!rows++)
					fprintf(f, "| size | cores | measure | afxdp Mpps | dpdk Mpps | "
						   "afxdp / dpdk | "
						   "range (worst to best run pairing) "
						   "|\n|--:|--:|---|--:|--:|--:|---|\n");
				fprintf(f, "| %d | %d | %s | %.3f | %.3f | **%.2f** | %.2f to %.2f |\n",
					sizes[s], cores[c], bench_measure_name(measures[m]),
					a->median_pps / 1e6, d->median_pps / 1e6,
					ratio(a->median_pps, d->median_pps), ratio(a->min_pps, d->max_pps),
					ratio(a->max_pps, d->min_pps));
			}
	if (!rows)
		fprintf(
		    f,
		    "AF_XDP / DPDK: not measured (needs afxdp and dpdk UDP cells that ran at the same size "
		    "and cores).\n");
	fputc('\n', f);
}

/* "Packet size matters less for AF_XDP": each stack's rate at its largest size over its smallest. */
static void size_sensitivity(FILE *f, const struct bench_results *r)
{
	int sizes[BENCH_MAX_CELLS], cores[BENCH_MAX_CELLS], rows = 0;
	int nsizes = bench_distinct(r, false, sizes, BENCH_MAX_CELLS);
	int ncores = bench_distinct(r, true, cores, BENCH_MAX_CELLS);
	const char *stacks[BENCH_MAX_CELLS];
	int nstacks = stack_names(r, stacks, BENCH_MAX_CELLS);

	fprintf(
	    f, "### Size sensitivity\n\npps at the largest frame over pps at the smallest: near 1, the stack "
	       "pays per packet and size hardly matters; well below 1, bytes (copies, the wire) limit it. "
	       "The payload Gbps ratio says how much more data the larger frames carried.\n\n");
	for (size_t m = 0; m < sizeof(measures) / sizeof(measures[0]); m++)
		for (int s = 0; s < nstacks; s++)
			for (int c = 0; c < ncores; c++) {
				const char *stack = stacks[s];
				const struct bench_cell *small = NULL, *large = NULL;

				for (int z = 0; z < nsizes; z++) {
					const struct bench_cell *cell = bench_find_cell(
					    r, stack, STACK_PROTO_UDP, sizes[z], cores[c], measures[m]);

					if (cell && !small)
						small = cell;
					if (cell)
						large = cell;
				}
				if (!small || small == large)
					continue;
				if (!rows++)
					fprintf(f, "| stack | cores | measure | sizes | Mpps small | Mpps "
						   "large | pps large "
						   "/ small | payload Gbps large / small "
						   "|\n|---|--:|---|---|--:|--:|--:|--:|\n");
				fprintf(f, "| %s | %d | %s | %d → %d | %.3f | %.3f | **%.2f** | %.2f |\n",
					stack, cores[c], bench_measure_name(measures[m]), small->size,
					large->size, small->median_pps / 1e6, large->median_pps / 1e6,
					ratio(large->median_pps, small->median_pps),
					ratio(large->gbps, small->gbps));
			}
	if (!rows)
		fprintf(
		    f,
		    "Size sensitivity: not measured (needs one stack's UDP cells at two or more sizes).\n");
	fputc('\n', f);
}

/* "AF_XDP is more variable": each stack's cv over its cells that had at least two repeats. */
static void variability(FILE *f, const struct bench_results *r)
{
	const char *stacks[BENCH_MAX_CELLS];
	int rows = 0, nstacks = stack_names(r, stacks, BENCH_MAX_CELLS);

	fprintf(f,
		"### Variability\n\ncv: standard deviation of a cell's repeats over their mean (measure max; "
		"an ndr cell's runs are its search's trials).\n\n");
	for (int s = 0; s < nstacks * 2; s++) {
		enum stack_proto proto = s % 2 ? STACK_PROTO_TCP : STACK_PROTO_UDP;
		const struct bench_cell *low = NULL, *high = NULL;
		char name[128];
		int cells = 0;

		for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
			const struct bench_cell *c = &r->cells[i];

			/* ndr's runs are the search's trials at different rates, not repeats of one */
			if (!bench_cell_ran(c) || c->nruns < 2 || c->measure != BENCH_MAX ||
			    c->proto != proto || strcmp(c->stack, stacks[s / 2]))
				continue;
			cells++;
			if (!low || c->cv < low->cv)
				low = c;
			if (!high || c->cv > high->cv)
				high = c;
		}
		if (!cells)
			continue;
		if (!rows++)
			fprintf(f, "| stack | proto | cells | lowest cv %% | highest cv %% | at |\n"
				   "|---|---|--:|--:|--:|---|\n");
		fprintf(f, "| %s | %s | %d | %.1f | **%.1f** | %s |\n", stacks[s / 2],
			bench_proto_name(proto), cells, 100 * low->cv, 100 * high->cv,
			bench_cell_name(high, name, sizeof(name)));
	}
	if (!rows)
		fprintf(f, "Variability: not measured (needs max cells with two or more repeats).\n");
	fputc('\n', f);
}

static const struct bench_reference *find_reference(const struct bench_results *r, const char *name_part,
						    const char *compared, int cores)
{
	for (int i = 0; i < r->nreferences && i < BENCH_MAX_REFERENCES; i++) {
		const struct bench_reference *ref = &r->references[i];

		if (strstr(ref->name, name_part) && strcmp(ref->compared, compared) == 0 &&
		    (cores < 0 || ref->cores == cores))
			return ref;
	}
	return NULL;
}

static void tcp_stack(FILE *f, const struct bench_results *r, const char *stack, int cores,
		      enum bench_measure m)
{
	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
		const struct bench_cell *c = &r->cells[i];

		if (c->proto != STACK_PROTO_TCP || c->cores != cores || c->measure != m ||
		    strcmp(c->stack, stack))
			continue;
		if (bench_cell_ran(c))
			fprintf(f, " %.2f |", c->gbps);
		else {
			fputc(' ', f);
			bench_md_text(f, c->error[0] ? c->error : "no run");
			fputs(" |", f);
		}
		return;
	}
	fprintf(f, " not measured |");
}

/* The seed's second experiment: an epoll server against an io_uring one, beside iperf3. */
static void tcp_throughput(FILE *f, const struct bench_results *r)
{
	int cores[BENCH_MAX_CELLS], rows = 0;
	int ncores = bench_distinct(r, true, cores, BENCH_MAX_CELLS);

	fprintf(f, "### TCP: epoll vs io_uring\n\nGbps: the TCP payload the server read, in Gbit/s (the "
		   "median run's); iperf3 counts the same bytes.\n\n");
	for (size_t m = 0; m < sizeof(measures) / sizeof(measures[0]); m++)
		for (int c = 0; c < ncores; c++) {
			const struct bench_cell *e = NULL, *u = NULL;
			const struct bench_reference *iperf;
			char at[32] = "";

			for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
				const struct bench_cell *cell = &r->cells[i];

				if (cell->proto != STACK_PROTO_TCP || cell->cores != cores[c] ||
				    cell->measure != measures[m] || !bench_cell_ran(cell))
					continue;
				if (!strcmp(cell->stack, "epoll"))
					e = cell;
				if (!strcmp(cell->stack, "iouring"))
					u = cell;
			}
			if (!e && !u)
				continue;
			if (!rows++)
				fprintf(f, "| cores | measure | epoll Gbps | iouring Gbps | iouring-zc Gbps "
					   "| iouring / "
					   "epoll | epoll / iperf3 |\n|--:|---|--:|--:|--:|--:|---|\n");
			fprintf(f, "| %d | %s |", cores[c], bench_measure_name(measures[m]));
			tcp_stack(f, r, "epoll", cores[c], measures[m]);
			tcp_stack(f, r, "iouring", cores[c], measures[m]);
			tcp_stack(f, r, "iouring-zc", cores[c], measures[m]);
			if (e && u)
				fprintf(f, " **%.2f** |", ratio(u->gbps, e->gbps));
			else
				fprintf(f, " not measured |");
			iperf = find_reference(r, "iperf3", "epoll", cores[c]);
			if (!iperf)
				iperf = find_reference(r, "iperf3", "epoll", -1);
			if (iperf && iperf->cores != cores[c]) /* measured on the first core count only */
				snprintf(at, sizeof(at), ", at %d core%s", iperf->cores,
					 iperf->cores > 1 ? "s" : "");
			if (iperf && !iperf->error[0])
				fprintf(f, " **%.2f** (%.2f to %.2f, %d runs%s) |\n", iperf->ratio_median,
					iperf->ratio_min, iperf->ratio_max, iperf->runs, at);
			else if (iperf) {
				fputc(' ', f);
				bench_md_text(f, iperf->error);
				fputs(" |\n", f);
			} else
				fprintf(f, " not measured |\n");
		}
	if (!rows)
		fprintf(f, "TCP Gbps: not measured (no TCP cell of epoll or iouring ran; rxtop bench --proto "
			   "tcp).\n");
	fputc('\n', f);
}

static void references(FILE *f, const struct bench_results *r)
{
	fprintf(
	    f,
	    "### Reference tools\n\nrxtop's stack over the reference tool on the same cores, as the median "
	    "of alternating runs (1.00: as fast as the reference).\n\n");
	if (r->nreferences <= 0) {
		fprintf(f, "Reference ratios: not measured (no reference tool ran in this invocation).\n\n");
		return;
	}
	fprintf(f, "| reference | rxtop stack | size | cores | ratio | min to max | runs | note |\n"
		   "|---|---|--:|--:|--:|---|--:|---|\n");
	for (int i = 0; i < r->nreferences && i < BENCH_MAX_REFERENCES; i++) {
		const struct bench_reference *ref = &r->references[i];

		fputs("| ", f);
		bench_md_text(f, ref->name);
		fputs(" | ", f);
		bench_md_text(f, ref->compared);
		if (ref->size > 0)
			fprintf(f, " | %d | %d | ", ref->size, ref->cores);
		else /* TCP: a stream has no frame size */
			fprintf(f, " | - | %d | ", ref->cores);
		if (ref->error[0]) {
			fprintf(f, "- | - | %d | ", ref->runs);
			bench_md_text(f, ref->error);
			fputs(" |\n", f);
		} else
			fprintf(f, "**%.2f** | %.2f to %.2f | %d | |\n", ref->ratio_median, ref->ratio_min,
				ref->ratio_max, ref->runs);
	}
	fputc('\n', f);
}

/* Packets are conserved: sent = received + attributed drops; a cell that does not balance is suspect. */
static void balance(FILE *f, const struct bench_results *r)
{
	int ran = 0, off = 0;

	fprintf(f, "### Balance\n\n");
	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
		const struct bench_cell *c = &r->cells[i];
		double limit = 0.001 * (double)c->sent;
		char name[128];

		if (!bench_cell_ran(c))
			continue;
		ran++;
		if ((double)llabs(c->unexplained) <= limit)
			continue;
		fprintf(f, "- %s: %" PRId64 " of %" PRIu64 " %s unexplained\n",
			bench_cell_name(c, name, sizeof(name)), c->unexplained, c->sent,
			c->proto == STACK_PROTO_TCP ? "bytes acknowledged" : "sent");
		off++;
	}
	if (!ran)
		fprintf(f, "Balance: not measured (no cell ran).\n\n");
	else if (!off)
		fprintf(f,
			"Every cell balances: |unexplained| ≤ 0.1 %% of sent in the %d cell%s that ran.\n\n",
			ran, ran == 1 ? "" : "s");
	else
		fprintf(f, "\n%d of %d cells do not balance within 0.1 %% of sent.\n\n", off, ran);
}

void bench_report_questions(FILE *f, const struct bench_results *r)
{
	afxdp_vs_dpdk(f, r);
	size_sensitivity(f, r);
	variability(f, r);
	tcp_throughput(f, r);
	references(f, r);
	balance(f, r);
}
