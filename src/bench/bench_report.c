// SPDX-License-Identifier: GPL-2.0-only
/* report.md: what ran where, the results tables, the seed's questions answered, and the plots. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_options.h"
#include "bench_views.h"

static void write_list(FILE *f, const int *v, int n)
{
	for (int i = 0; i < n; i++)
		fprintf(f, "%s%d", i ? "," : "", v[i]);
}

static void write_header(FILE *f, const struct bench_results *r)
{
	const struct bench_machine *m = &r->machine;
	const struct bench_config *c = &r->config;
	char when[64] = "?";
	time_t started = (time_t)r->started;
	struct tm tm;

	if (r->started > 0 && gmtime_r(&started, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	fprintf(f, "# rxtop bench report\n\n");
	fprintf(f, "- Machine: kernel %s; CPU %s (%d CPUs); driver %s; rxtop %s; DPDK %s\n", m->kernel,
		m->cpu, m->cpus, m->driver[0] ? m->driver : "?", m->rxtop_version[0] ? m->rxtop_version : "?",
		m->dpdk_version[0] ? m->dpdk_version : "-");
	if (c->lab)
		fprintf(f, "- Traffic: rxtop's lab (veth %s fed by rxtop's generator)\n", c->iface);
	else
		fprintf(f, "- Traffic: interface %s, %s\n", c->iface,
			c->gen_none ? "fed from elsewhere (--gen none: sent read from the interface counters)"
				    : "fed by rxtop's generator");
	fprintf(f, "- Cells: stacks ");
	for (int i = 0; i < c->nstacks; i++)
		fprintf(f, "%s%s", i ? "," : "", c->stacks[i]);
	fprintf(f, "; sizes ");
	write_list(f, c->sizes, c->nsizes);
	fprintf(f, " B; cores ");
	write_list(f, c->cores, c->ncores);
	fprintf(f, "; %s; measure %s\n", bench_proto_name(c->proto), bench_measure_name(c->measure));
	fprintf(f, "- Each cell: %d repeat%s of %.1f s measured after a %.1f s warm-up", c->repeats,
		c->repeats == 1 ? "" : "s", c->duration_s, c->warmup_s);
	if (c->measure & BENCH_NDR)
		fprintf(f, "; ndr loss tolerance %g %%", c->loss_tolerance_pct);
	fprintf(f, "\n- Started %s, took %.0f s; results in results.json and results.csv\n\n", when,
		r->finished > r->started ? r->finished - r->started : 0.0);
}

static void write_results(FILE *f, const struct bench_results *r)
{
	int shown = 0;

	fprintf(f,
		"## Results\n\nMpps: packets received per second (median of the repeats, min and max beside "
		"it; for "
		"ndr, the rate received in the highest trial within the loss tolerance, offered at ndr "
		"offered Mpps); "
		"cv: the repeats' standard deviation over their mean; ns/pkt: CPU time per received packet "
		"(user / syscall / softirq); unexplained: sent minus received minus attributed drops. "
		"Payload Gbps: the UDP or TCP payload the receiver read, in Gbit/s, without any header (a "
		"64-byte frame carries 18 bytes of it; the XDP_DROP ceiling reads none). TCP: Mpps and the "
		"per-packet "
		"columns count the receiver's reads, and sent, received and unexplained are bytes "
		"(acknowledged by the sender, "
		"read by the receiver); TCP drops nothing, it retransmits.\n\n");
	fprintf(
	    f,
	    "| stack | proto | size | cores | measure | median Mpps | min | max | cv %% | ndr offered Mpps | "
	    "loss %% | payload Gbps | "
	    "sent | received | dropped | unexplained | ns/pkt user | syscall | softirq | syscalls/pkt | "
	    "ctxsw/pkt | main drop |\n");
	fprintf(
	    f, "|---|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
		const struct bench_cell *c = &r->cells[i];

		if (!bench_cell_ran(c))
			continue;
		fprintf(f, "| ");
		bench_md_text(f, c->stack);
		fprintf(f, " | %s | ", bench_proto_name(c->proto));
		if (c->proto == STACK_PROTO_TCP)
			fputs("-", f);
		else
			fprintf(f, "%d", c->size);
		fprintf(f, " | %d | %s | %.3f | %.3f | %.3f | %.1f | ", c->cores,
			bench_measure_name(c->measure), c->median_pps / 1e6, c->min_pps / 1e6,
			c->max_pps / 1e6, 100 * c->cv);
		if (c->measure == BENCH_NDR)
			fprintf(f, "%.3f", c->ndr_pps / 1e6);
		else
			fputs("-", f);
		fprintf(f, " | %.3f | ", c->loss_pct);
		if (strcmp(c->stack, BENCH_XDP_DROP)) /* the ceiling reads no payload */
			fprintf(f, "%.2f", c->gbps);
		else
			fputs("-", f);
		fprintf(f,
			" | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRId64
			" | %.0f | %.0f | %.0f | %.3f | %.4f | ",
			c->sent, c->received, c->dropped, c->unexplained, c->cost.user, c->cost.syscall,
			c->cost.softirq, c->cost.syscalls_per_pkt, c->cost.ctxsw_per_pkt);
		bench_md_text(f, c->main_drop[0] ? c->main_drop : "-");
		fprintf(f, " |\n");
		shown++;
	}
	if (!shown)
		fprintf(f, "| (no cell ran) |||||||||||||||||||||\n");
	fputc('\n', f);
}

static bool same_settings(const struct bench_settings *a, const struct bench_settings *b)
{
	return a->ring_size == b->ring_size && a->fill_ring_size == b->fill_ring_size &&
	       a->batch == b->batch && a->rcvbuf == b->rcvbuf && a->busy_poll_us == b->busy_poll_us &&
	       a->need_wakeup == b->need_wakeup && a->counting_program == b->counting_program &&
	       strcmp(a->mode, b->mode) == 0;
}

/* 1: every ran cell of the stack had rxtop's counting program, 0: none had, -1: mixed or the stack did not
 * run. */
static int stack_counted(const struct bench_results *r, const char *stack)
{
	int with = 0, without = 0;

	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++)
		if (bench_cell_ran(&r->cells[i]) && strcmp(r->cells[i].stack, stack) == 0)
			(void)(r->cells[i].settings.counting_program ? with++ : without++);
	return with && !without ? 1 : without && !with ? 0 : -1;
}

/*
 * The two AF_XDP receivers are compared with each other, so the report says whether both paid for rxtop's
 * counting XDP program, neither did, or only one (then their rates differ by that program's cost too).
 */
static void write_counting_program(FILE *f, const struct bench_results *r)
{
	int afxdp = stack_counted(r, "afxdp"), dpdk = stack_counted(r, "dpdk");

	if (afxdp < 0 || dpdk < 0)
		return;
	if (afxdp == dpdk)
		fprintf(f, "Counting program: %s (afxdp and dpdk %s rxtop's XDP counter).\n\n",
			afxdp ? "both" : "neither", afxdp ? "both run behind" : "both run without");
	else
		fprintf(f,
			"Counting program: only %s pays for rxtop's XDP counter; %s runs %s, so their rates "
			"differ by that program's cost too.\n\n",
			afxdp ? "afxdp" : "dpdk", afxdp ? "dpdk" : "afxdp",
			afxdp ? "libxdp's redirect-only xsk_def_prog" : "without it");
}

/* The first ran cell of the stack (dpdk: on the af_xdp PMD), or NULL. */
static const struct bench_settings *af_xdp_settings(const struct bench_results *r, const char *stack)
{
	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
		const struct bench_cell *c = &r->cells[i];

		if (bench_cell_ran(c) && strcmp(c->stack, stack) == 0 &&
		    (strcmp(stack, "dpdk") || strcmp(c->settings.mode, "af_xdp pmd") == 0))
			return &c->settings;
	}
	return NULL;
}

/*
 * The two AF_XDP receivers' rings: the bench gives afxdp the rx ring the dpdk stack gives DPDK's af_xdp PMD,
 * and both post the same number of frames to the fill ring (the PMD's fill ring is twice as large).
 */
static void write_af_xdp_rings(FILE *f, const struct bench_results *r)
{
	const struct bench_settings *afxdp = af_xdp_settings(r, "afxdp"), *dpdk = af_xdp_settings(r, "dpdk");

	if (!afxdp || !dpdk)
		return;
	if (afxdp->ring_size == dpdk->ring_size && afxdp->fill_ring_size == STACK_DPDK_AF_XDP_POSTED)
		fprintf(
		    f,
		    "Rings: afxdp and dpdk (af_xdp PMD) both ran with an rx ring of %d and %d frames posted "
		    "to the fill ring (the PMD's fill ring has room for %d).\n\n",
		    afxdp->ring_size, STACK_DPDK_AF_XDP_POSTED, dpdk->fill_ring_size);
	else
		fprintf(
		    f,
		    "Rings differ: afxdp ran with an rx ring of %d and %d frames posted, dpdk (af_xdp PMD) "
		    "with %d and %d posted.\n\n",
		    afxdp->ring_size, afxdp->fill_ring_size, dpdk->ring_size, STACK_DPDK_AF_XDP_POSTED);
}

/* One row per stack and distinct settings: they rarely change between a stack's cells. */
static void write_settings(FILE *f, const struct bench_results *r)
{
	fprintf(
	    f,
	    "## Receiver settings\n\nWhat each stack ran with, to judge fairness (every cell's own settings "
	    "are in results.json).\n\n");
	fprintf(
	    f,
	    "| stack | ring | fill ring | batch | rcvbuf | busy poll µs | need_wakeup | counting program | "
	    "mode |\n|---|--:|--:|--:|--:|--:|---|---|---|\n");
	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
		const struct bench_cell *c = &r->cells[i];
		const struct bench_settings *s = &c->settings;
		bool seen = false;

		if (!bench_cell_ran(c))
			continue;
		for (int j = 0; j < i && !seen; j++)
			seen = bench_cell_ran(&r->cells[j]) && strcmp(r->cells[j].stack, c->stack) == 0 &&
			       same_settings(&r->cells[j].settings, s);
		if (seen)
			continue;
		fprintf(f, "| ");
		bench_md_text(f, c->stack);
		fprintf(f, " | %d | ", s->ring_size);
		if (s->fill_ring_size)
			fprintf(f, "%d", s->fill_ring_size);
		else
			fputc('-', f); /* a socket receiver has no fill ring */
		fprintf(f, " | %d | %d | %d | %s | %s | ", s->batch, s->rcvbuf, s->busy_poll_us,
			s->need_wakeup ? "yes" : "no", s->counting_program ? "yes" : "no");
		bench_md_text(f, s->mode[0] ? s->mode : "-");
		fprintf(f, " |\n");
	}
	fputc('\n', f);
	write_counting_program(f, r);
	write_af_xdp_rings(f, r);
}

static void write_not_run(FILE *f, const struct bench_results *r)
{
	int n = 0;

	fprintf(f, "### Cells that did not run, and why\n\n");
	for (int i = 0; i < r->ncells && i < BENCH_MAX_CELLS; i++) {
		const struct bench_cell *c = &r->cells[i];
		char name[128];

		if (bench_cell_ran(c))
			continue;
		fprintf(f, "- %s: ", bench_cell_name(c, name, sizeof(name)));
		bench_md_text(f, c->error[0] ? c->error : "no run was recorded");
		fputc('\n', f);
		n++;
	}
	if (!n)
		fprintf(f, "Every cell ran.\n");
	fputc('\n', f);
}

static void write_plots(FILE *f, const struct bench_plots *plots, const char *dir)
{
	fprintf(f, "## Plots\n\n");
	for (int i = 0; i < BENCH_PLOTS; i++) {
		const struct bench_plot_status *p = &plots->plot[i];

		if (p->rendered)
			fprintf(
			    f, "### %s\n\n![%s](%s.png)\n\n[%s.svg](%s.svg) · script %s.gp · data %s.dat\n\n",
			    p->title, p->title, p->name, p->name, p->name, p->name, p->name);
		else
			fprintf(f, "### %s\n\n%s.png: %s%s\n\n", p->title, p->name, p->note,
				p->written ? " (script and data are written)" : "");
	}
	if (!plots->gnuplot_found)
		fprintf(
		    f,
		    "gnuplot was not found, so no plot was rendered. The scripts (.gp) and their data (.dat) "
		    "are here; to render them: `apt-get install gnuplot-nox`, then `cd %s && for g in *.gp; "
		    "do gnuplot \"$g\"; done` (each writes an .svg and a .png).\n\n",
		    dir);
}

int bench_report_write(const struct bench_results *r, const struct bench_plots *plots, const char *dir,
		       char *err, size_t len)
{
	FILE *f = bench_file_create(dir, "report.md", err, len);

	if (!f)
		return -errno;
	write_header(f, r);
	write_results(f, r);
	write_settings(f, r);
	fprintf(f, "## The seed's questions, answered from the data\n\n");
	bench_report_questions(f, r);
	write_not_run(f, r);
	write_plots(f, plots, dir);
	return bench_file_finish(f, dir, "report.md", err, len);
}
