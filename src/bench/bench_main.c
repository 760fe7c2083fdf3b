// SPDX-License-Identifier: GPL-2.0-only
/* `rxtop bench`: options, the plan's cells run in alternation, ndr searches, references, results. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_machine.h"
#include "bench_main.h"
#include "bench_ndr.h"
#include "bench_options.h"
#include "bench_output.h"
#include "bench_plan.h"
#include "bench_progress.h"
#include "bench_ratio.h"
#include "bench_run.h"
#include "bench_summary.h"
#include "clock.h"
#include "commands.h"
#include "lab.h"
#include "log.h"
#include "stop_signals.h"

#define NDR_RESOLUTION 0.02

struct bench {
	struct bench_config *cfg;
	struct bench_results *r;
	struct bench_progress progress;
};

static void describe(const struct bench_cell *c, char *out, size_t len)
{
	if (c->proto == STACK_PROTO_TCP)
		snprintf(out, len, "%s tcp %d core%s%s", c->stack, c->cores, c->cores > 1 ? "s" : "",
			 c->measure == BENCH_NDR ? " ndr" : "");
	else
		snprintf(out, len, "%s %dB %d core%s%s", c->stack, c->size, c->cores, c->cores > 1 ? "s" : "",
			 c->measure == BENCH_NDR ? " ndr" : "");
}

/* One run of cell i at rate_pps, appended to its runs; its error, if any, ends the cell. */
static int cell_run(struct bench *b, int i, double rate_pps, int run_no, int nruns)
{
	struct bench_cell *c = &b->r->cells[i];
	struct bench_run_spec spec = {
	    .stack = c->stack, .size = c->size, .cores = c->cores, .rate_pps = rate_pps};
	struct bench_run run;
	char err[256] = "", what[96];
	int rc;

	if (c->nruns >= BENCH_MAX_REPEATS)
		return -ENOSPC;
	rc = bench_run_once(b->cfg, &spec, &run, &c->settings, err, sizeof(err));
	describe(c, what, sizeof(what));
	bench_progress_run(&b->progress, i + 1, b->r->ncells, what, run_no, nruns,
			   c->proto == STACK_PROTO_TCP ? run.gbps * 1e9 : run.rx_pps, err);
	if (rc == -EINTR)
		return rc;
	if (rc < 0) {
		snprintf(c->error, sizeof(c->error), "%s", err);
		return rc;
	}
	c->runs[c->nruns++] = run;
	return 0;
}

/* max: each repeat runs every stack once before the next repeat (A B C A B C), so drift spreads evenly. */
static void run_max(struct bench *b, int size, int cores)
{
	for (int rep = 0; rep < b->cfg->repeats && !bench_stop_requested; rep++)
		for (int i = 0; i < b->r->ncells && !bench_stop_requested; i++) {
			struct bench_cell *c = &b->r->cells[i];

			if (c->size != size || c->cores != cores || c->measure != BENCH_MAX || c->error[0])
				continue;
			cell_run(b, i, 0, rep + 1, b->cfg->repeats);
		}
}

struct ndr_trial_ctx {
	struct bench *b;
	int cell;
	int trial;
};

static int ndr_trial(void *ctx, double rate_pps, double *loss_pct)
{
	struct ndr_trial_ctx *t = ctx;
	struct bench_cell *c = &t->b->r->cells[t->cell];
	int rc = cell_run(t->b, t->cell, rate_pps, ++t->trial, BENCH_NDR_MAX_TRIALS);

	if (rc < 0)
		return rc;
	*loss_pct = bench_run_loss_pct(&c->runs[c->nruns - 1]);
	return 0;
}

/* The rate an ndr search starts at: the cell's max median, else one flat-out run's rate. */
static double ndr_start(struct bench *b, const struct bench_cell *c)
{
	int m = bench_cell_find(b->r, c->stack, c->size, c->cores, BENCH_MAX);
	struct bench_run_spec spec = {.stack = c->stack, .size = c->size, .cores = c->cores};
	struct bench_settings settings;
	struct bench_run run;
	char err[256];
	double v[BENCH_MAX_REPEATS];

	if (m >= 0 && b->r->cells[m].nruns > 0) {
		for (int i = 0; i < b->r->cells[m].nruns; i++)
			v[i] = b->r->cells[m].runs[i].rx_pps;
		return bench_median(v, b->r->cells[m].nruns);
	}
	if (bench_run_once(b->cfg, &spec, &run, &settings, err, sizeof(err)) < 0)
		return 0;
	return run.rx_pps;
}

static void run_ndr(struct bench *b, int size, int cores)
{
	for (int i = 0; i < b->r->ncells && !bench_stop_requested; i++) {
		struct bench_cell *c = &b->r->cells[i];
		struct ndr_trial_ctx ctx = {.b = b, .cell = i};
		struct bench_ndr_search search = {.loss_tolerance_pct = b->cfg->loss_tolerance_pct,
						  .resolution = NDR_RESOLUTION,
						  .max_trials = BENCH_NDR_MAX_TRIALS};
		double ndr;
		int m;

		if (c->size != size || c->cores != cores || c->measure != BENCH_NDR || c->error[0])
			continue;
		m = bench_cell_find(b->r, c->stack, c->size, c->cores, BENCH_MAX);
		if (m >= 0 && b->r->cells[m].error[0]) {
			snprintf(c->error, sizeof(c->error), "%s", b->r->cells[m].error);
			continue;
		}
		search.start_pps = ndr_start(b, c);
		if (!(search.start_pps > 0)) {
			snprintf(c->error, sizeof(c->error), "no flat-out rate to start the search from");
			continue;
		}
		bench_ndr_run(&search, ndr_trial, &ctx, &ndr);
	}
}

static int bring_lab_up(int cores)
{
	int rc = lab_up(cores);

	if (rc < 0)
		log_user(
		    "rxtop bench: could not bring the lab up with %d queues: %s; try 'rxtop lab down' then "
		    "again",
		    cores, strerror(-rc));
	return rc;
}

static void run_references(struct bench *b)
{
	const char *tools[BENCH_MAX_REFERENCES], *stacks[BENCH_MAX_REFERENCES];
	int n = bench_ratio_plan(b->cfg, tools, stacks);
	int size = b->cfg->proto == STACK_PROTO_TCP ? 0 : b->cfg->sizes[0], cores = b->cfg->cores[0];

	if (n == 0 || bring_lab_up(cores) < 0)
		return;
	for (int i = 0; i < n && !bench_stop_requested && b->r->nreferences < BENCH_MAX_REFERENCES; i++)
		bench_ratio_measure(b->cfg, tools[i], stacks[i], size, cores, &b->progress,
				    &b->r->references[b->r->nreferences++]);
}

static int run_all(struct bench *b)
{
	int sizes[BENCH_MAX_SIZES], nsizes = bench_plan_sizes(b->cfg, sizes), npairs;
	const char *tools[BENCH_MAX_REFERENCES], *stacks[BENCH_MAX_REFERENCES];

	npairs = bench_ratio_plan(b->cfg, tools, stacks) * BENCH_REFERENCE_PAIRS;
	bench_progress_init(&b->progress, stderr, bench_plan_runs(b->cfg, npairs),
			    b->cfg->proto == STACK_PROTO_TCP);
	for (int c = 0; c < b->cfg->ncores && !bench_stop_requested; c++) {
		if (b->cfg->lab && bring_lab_up(b->cfg->cores[c]) < 0)
			return EXIT_RUNTIME;
		for (int z = 0; z < nsizes && !bench_stop_requested; z++) {
			run_max(b, sizes[z], b->cfg->cores[c]);
			run_ndr(b, sizes[z], b->cfg->cores[c]);
		}
	}
	if (!bench_stop_requested)
		run_references(b);
	bench_progress_done(&b->progress);
	return bench_stop_requested ? EXIT_RUNTIME : 0;
}

static int compare(const struct bench_compare_dirs *dirs)
{
	char err[256] = "";
	int rc = bench_compare(dirs->old_dir, dirs->new_dir, stdout, err, sizeof(err));

	if (rc && err[0])
		log_user("%s", err);
	return rc;
}

/* --out, or a new rxtop-bench-<timestamp> folder; created now so a bad path fails before any run. */
static int prepare_out(struct bench_config *cfg)
{
	if (!cfg->out_dir[0]) {
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(cfg->out_dir, sizeof(cfg->out_dir), "rxtop-bench-%Y%m%d-%H%M%S", &tm);
	}
	if (mkdir(cfg->out_dir, 0755) < 0 && errno != EEXIST) {
		log_user("rxtop bench: cannot create --out %s: %s; name a folder you may write", cfg->out_dir,
			 strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

/* The line into cfg; --help and --compare are answered here (*answered). The exit code, or 0. */
static int parse(int argc, char **argv, int lab, struct bench_config *cfg, bool *answered)
{
	struct bench_compare_dirs dirs;
	char err[320];
	int rc = bench_options_parse(argc, argv, lab, cfg, &dirs, err, sizeof(err));

	*answered = rc == 1 || (rc == 0 && dirs.old_dir);
	if (rc < 0) {
		log_user("%s", err);
		return EXIT_USAGE;
	}
	if (rc == 1) {
		cli_help(&bench_command, stdout);
		return 0;
	}
	return dirs.old_dir ? compare(&dirs) : 0;
}

int cmd_bench(int argc, char **argv, int lab)
{
	struct bench b = {0};
	bool answered;
	int rc;

	b.cfg = calloc(1, sizeof(*b.cfg));
	b.r = calloc(1, sizeof(*b.r));
	if (!b.cfg || !b.r) {
		log_user("rxtop bench: out of memory");
		rc = EXIT_RUNTIME;
		goto out;
	}
	rc = parse(argc, argv, lab, b.cfg, &answered);
	if (rc || answered)
		goto out;
	if (geteuid() != 0) {
		log_user("rxtop bench: needs root for BPF, XDP and the lab; run it with sudo");
		rc = EXIT_USAGE;
		goto out;
	}
	if (bench_plan_cells(b.cfg, b.r) < 0) {
		log_user("rxtop bench: more than %d cells; name fewer stacks, sizes or cores",
			 BENCH_MAX_CELLS);
		rc = EXIT_USAGE;
		goto out;
	}
	rc = prepare_out(b.cfg);
	if (rc)
		goto out;
	stop_signals_install(&bench_stop_requested);
	log_quiet_libs();
	b.r->config = *b.cfg;
	/* The lab's interface exists from here on, so its driver is a fact to read. */
	if (b.cfg->lab && bring_lab_up(b.cfg->cores[0]) < 0) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	bench_machine_read(b.cfg->iface, &b.r->machine);
	b.r->started = realtime_seconds();
	rc = run_all(&b);
	b.r->finished = realtime_seconds();
	for (int i = 0; i < b.r->ncells; i++)
		bench_cell_summarise(&b.r->cells[i], b.cfg->loss_tolerance_pct);
	{
		char err[320] = "";

		if (bench_write_results(b.r, b.cfg->out_dir, err, sizeof(err)) < 0) {
			log_user("rxtop bench: %s", err);
			rc = EXIT_RUNTIME;
		} else {
			fprintf(stderr, "rxtop bench: %d cells%s in %.0f s; results in %s\n", b.r->ncells,
				bench_stop_requested ? " (interrupted)" : "", b.r->finished - b.r->started,
				b.cfg->out_dir);
		}
	}
out:
	free(b.cfg);
	free(b.r);
	return rc;
}
