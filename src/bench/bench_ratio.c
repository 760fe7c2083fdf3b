// SPDX-License-Identifier: GPL-2.0-only
/* Reference ratios: rxtop's stack against a reference tool, in alternating runs on the same cores and sender.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench_options.h"
#include "bench_ratio.h"
#include "bench_reference.h"
#include "bench_run.h"
#include "bench_summary.h"
#include "gen.h"
#include "lab.h"

int bench_ratio_plan(const struct bench_config *cfg, const char *tools[BENCH_MAX_REFERENCES],
		     const char *stacks[BENCH_MAX_REFERENCES])
{
	int n = 0;

	if (!cfg->references || !cfg->lab)
		return 0;
	for (int i = 0; i < cfg->nstacks && n < BENCH_MAX_REFERENCES; i++) {
		const char *s = cfg->stacks[i];

		if (cfg->proto == STACK_PROTO_UDP && (!strcmp(s, "afxdp") || !strcmp(s, "dpdk")))
			tools[n] = "testpmd-af_xdp";
		else if (cfg->proto == STACK_PROTO_TCP && (!strcmp(s, "epoll") || !strcmp(s, "iouring")))
			tools[n] = "iperf3";
		else
			continue;
		stacks[n++] = s;
	}
	return n;
}

/* The lab's sender as the stacks' runs get it (src/top/session.c), for a tool that brings its own receiver.
 */
static int start_sender(const struct bench_config *cfg, int size, int cores, struct gen_proc *gen, char *err,
			size_t len)
{
	struct gen_config g;
	int frame = size - BENCH_FCS, rc;

	gen_config_init(&g);
	snprintf(g.iface, sizeof(g.iface), "%s", LAB_PEER_IFACE);
	snprintf(g.netns, sizeof(g.netns), "%s", LAB_NETNS);
	g.size = (unsigned int)(frame < BENCH_MIN_SIZE ? BENCH_MIN_SIZE : frame);
	g.flows = (unsigned int)cores;
	g.tcp = cfg->proto == STACK_PROTO_TCP;
	if (lab_iface_mac(g.dst_mac) == 0)
		g.have_dst_mac = 1;
	rc = gen_start(&g, gen);
	if (rc < 0) {
		snprintf(err, len, "the lab generator did not start: %s", gen_error(gen));
		gen_close(gen);
	}
	return rc < 0 ? -EIO : 0;
}

static int reference_once(const struct bench_config *cfg, const char *tool, int size, int cores, double *rate,
			  char *err, size_t len)
{
	struct gen_proc gen = {0};
	int rc = start_sender(cfg, size, cores, &gen, err, len);

	if (rc < 0)
		return rc;
	rc = bench_reference_run(tool, cfg, size, cores, cfg->warmup_s + cfg->duration_s, rate, err, len);
	gen_stop(&gen);
	gen_close(&gen);
	return rc;
}

void bench_ratio_measure(const struct bench_config *cfg, const char *tool, const char *stack, int size,
			 int cores, struct bench_progress *progress, struct bench_reference *ref)
{
	double ratios[BENCH_REFERENCE_PAIRS];
	char what[96];

	memset(ref, 0, sizeof(*ref));
	snprintf(ref->name, sizeof(ref->name), "%s",
		 !strcmp(tool, "iperf3") ? "iperf3 server" : "testpmd rxonly (net_af_xdp)");
	snprintf(ref->compared, sizeof(ref->compared), "%s", stack);
	ref->size = size;
	ref->cores = cores;
	if (cfg->proto == STACK_PROTO_TCP)
		snprintf(what, sizeof(what), "%s vs %s tcp %d core%s", stack, tool, cores,
			 cores > 1 ? "s" : "");
	else
		snprintf(what, sizeof(what), "%s vs %s %dB %d core%s", stack, tool, size, cores,
			 cores > 1 ? "s" : "");
	for (int pair = 0; pair < BENCH_REFERENCE_PAIRS && !bench_stop_requested; pair++) {
		struct bench_run_spec spec = {.stack = stack, .size = size, .cores = cores};
		struct bench_settings settings;
		struct bench_run run;
		double theirs = 0, ours;
		char err[256] = "";
		int rc = reference_once(cfg, tool, size, cores, &theirs, err, sizeof(err));

		bench_progress_run(progress, 0, 0, what, pair + 1, BENCH_REFERENCE_PAIRS, theirs, err);
		if (rc < 0 || !(theirs > 0)) {
			snprintf(ref->error, sizeof(ref->error), "%s: %s", tool, err[0] ? err : "no rate");
			return;
		}
		rc = bench_run_once(cfg, &spec, &run, &settings, err, sizeof(err));
		/* iperf3 reports bits per second: the TCP servers' Gbps stand against it. */
		ours = !strcmp(tool, "iperf3") ? run.gbps * 1e9 : run.rx_pps;
		bench_progress_run(progress, 0, 0, what, pair + 1, BENCH_REFERENCE_PAIRS, ours, err);
		if (rc < 0) {
			snprintf(ref->error, sizeof(ref->error), "%s: %s", stack, err);
			return;
		}
		ratios[ref->runs++] = ours / theirs;
	}
	if (ref->runs == 0)
		return;
	ref->ratio_median = bench_median(ratios, ref->runs); /* sorts: min and max are the ends */
	ref->ratio_min = ratios[0];
	ref->ratio_max = ratios[ref->runs - 1];
}
