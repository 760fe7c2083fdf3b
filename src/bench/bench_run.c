// SPDX-License-Identifier: GPL-2.0-only
/* One repeat of one cell through rxtop's own session: warm-up cut, measured window, drain, balance. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_cost.h"
#include "bench_options.h"
#include "bench_run.h"
#include "clock.h"
#include "commands.h"
#include "cost_window.h"
#include <linux/types.h>

#include "rx_xdp.h"
#include "sampler.h"
#include "session.h"
#include "stack_options.h"
#include "stop_signals.h"
#include "xdp.h"

#define READING_INTERVAL 1.0 /* seconds between readings, as `rxtop run`'s default: the probes' windows */
#define DRAIN_STEP_MS 100
#define DRAIN_STEPS 20 /* up to 2 s for the last frames (AF_XDP rings, socket buffers) to be counted */

volatile sig_atomic_t bench_stop_requested;

/* A reading at `when`, with the sampled probes' and the BPF statistics' windows open before it as the live
 * view opens them (src/probes/cost_window.h, src/probes/cost_window.h). */
static int read_at(struct session *s, double when, struct snapshot *snap)
{
	if (!s->opts.event_probes_always) {
		sleep_until_or_stop(when - sample_window_seconds(READING_INTERVAL), &bench_stop_requested);
		session_open_sample_window(s);
	}
	if (!s->opts.bpf_stats_always) {
		sleep_until_or_stop(when - cost_window_seconds(READING_INTERVAL), &bench_stop_requested);
		session_open_cost_window(s);
	}
	sleep_until_or_stop(when, &bench_stop_requested);
	return collector_read(&s->collector, snap);
}

/* The session's options as `rxtop run STACK -q 0-N -c 0-N` would parse them. */
static int session_options(const struct bench_config *cfg, const struct bench_run_spec *spec,
			   struct top_options *opts, char *err, size_t len)
{
	char range[16], size[16], rate[32], duration[16], ring[16];
	const char *argv[32];
	bool ceiling = !strcmp(spec->stack, BENCH_XDP_DROP);
	int argc = 0, frame = spec->size - BENCH_FCS;

	if (frame < BENCH_MIN_SIZE)
		frame = BENCH_MIN_SIZE;
	snprintf(range, sizeof(range), spec->cores > 1 ? "0-%d" : "0", spec->cores - 1);
	snprintf(size, sizeof(size), "%d", frame);
	snprintf(rate, sizeof(rate), "%.0f", spec->rate_pps);
	/* The stack's own time limit stays out of the way: the bench stops it. */
	snprintf(duration, sizeof(duration), "%.0f", cfg->warmup_s + cfg->duration_s + 60);
	argv[argc++] = "run";
	argv[argc++] = ceiling ? "epoll" : spec->stack; /* replaced below: the ceiling runs no stack */
	argv[argc++] = "-b";
	if (!cfg->lab) {
		argv[argc++] = "-i";
		argv[argc++] = cfg->iface;
	}
	argv[argc++] = "-q";
	argv[argc++] = range;
	argv[argc++] = "-c";
	argv[argc++] = range;
	argv[argc++] = "--duration";
	argv[argc++] = duration;
	if (cfg->lab) {
		argv[argc++] = "--gen-size";
		argv[argc++] = size;
		argv[argc++] = "--gen-rate";
		argv[argc++] = rate;
	}
	if (cfg->proto == STACK_PROTO_TCP) {
		argv[argc++] = "--proto";
		argv[argc++] = "tcp";
	}
	if (!strcmp(spec->stack, "afxdp")) {
		struct stack_config defaults;

		/*
		 * The AF_XDP receivers compare like for like: the same XDP program as dpdk and testpmd
		 * (libxdp's xsk_def_prog) unless --afxdp-program rxtop, and the rx ring the dpdk stack gives
		 * DPDK's af_xdp PMD, whose fill ring gets as many frames posted as afxdp's (docs/bench.md).
		 */
		stack_config_defaults(&defaults);
		snprintf(ring, sizeof(ring), "%d", stack_dpdk_af_xdp_rx_ring(defaults.ring_size));
		argv[argc++] = "--xdp-program";
		argv[argc++] = cfg->afxdp_rxtop_program ? "rxtop" : "libxdp";
		argv[argc++] = "--ring-size";
		argv[argc++] = ring;
	}
	if (ceiling) {
		argv[argc++] = "--counter";
		argv[argc++] = "xdp";
	}
	argv[argc] = NULL;
	if (options_parse(argc, (char **)argv, true, opts, err, len) < 0)
		return -EINVAL;
	opts->lab = cfg->lab;
	if (ceiling)
		opts->nstacks = 0;
	return 0;
}

/* The run's receiver in snap, by the one identity of a stack row (pid, name); NULL before it started. */
static const struct stack_sample *stack_in(const struct snapshot *snap, const struct stack_child *child)
{
	return child->ops ? snapshot_find_stack(snap, child->pid, child->ops->name) : NULL;
}

/* Starts the receiver (or the ceiling's verdict) and the generator: the traffic of this run begins. */
static int start_traffic(struct session *s, bool ceiling, char *err, size_t len)
{
	int rc;

	if (!ceiling) {
		rc = session_start_stack(s, 0); /* starts the lab generator once the receiver is ready */
		if (rc && s->stack_why[0])
			snprintf(err, len, "%s", s->stack_why);
		else if (rc)
			snprintf(err, len, "%s did not start (its reason is on stderr)", s->opts.stacks[0]);
		return rc ? (rc == EXIT_USAGE ? -EOPNOTSUPP : -EIO) : 0;
	}
	if (!s->collector.ifaces[0].xdp ||
	    xdp_counter_set_verdict(s->collector.ifaces[0].xdp, RX_VERDICT_DROP) < 0) {
		snprintf(err, len, "rxtop's counter cannot drop at XDP on %s", s->opts.ifaces[0]);
		return -EOPNOTSUPP;
	}
	rc = session_start_generator(s, err, len);
	return rc ? -EIO : 0;
}

/* Waits for the lab to drain after the generator stopped: until two readings' ledgers agree. */
static void read_drained(struct session *s, struct snapshot *d)
{
	uint64_t last = UINT64_MAX;

	for (int i = 0; i < DRAIN_STEPS; i++) {
		uint64_t counted;

		collector_read(&s->collector, d);
		ledger_compute(d);
		counted = d->ledger.received + d->ledger.dropped;
		if (counted == last && d->ledger.unexplained <= 0)
			return;
		last = counted;
		sleep_until_or_stop(monotonic_seconds() + DRAIN_STEP_MS / 1000.0, &bench_stop_requested);
	}
}

/* Rate, Gbps and cost over the measured window W..E. */
static void measure(const struct session *s, bool ceiling, const struct snapshot *w, const struct snapshot *e,
		    struct bench_run *run)
{
	double seconds = e->mono - w->mono;

	run->seconds = seconds;
	if (seconds <= 0)
		return;
	if (ceiling) {
		run->rx_pps = (double)(bench_xdp_packets(e) - bench_xdp_packets(w)) / seconds;
		bench_cost_of_xdp(w, e, &run->cost);
		return;
	}
	{
		const struct stack_sample *b = stack_in(w, &s->children[0]),
					  *a = stack_in(e, &s->children[0]);

		if (!b || !a)
			return;
		run->rx_pps = (double)(a->rx_packets - b->rx_packets) / seconds;
		run->gbps = 8.0 * (double)(a->rx_bytes - b->rx_bytes) / seconds / 1e9;
		bench_cost_of_stack(b, a, seconds, &run->cost);
	}
}

/* TCP: the bytes the sender had acknowledged against those the receiver read, over the whole run. */
static void balance_tcp(const struct bench_config *cfg, const struct session *s, const struct snapshot *a,
			const struct snapshot *d, struct bench_run *run)
{
	const struct stack_sample *before = stack_in(a, &s->children[0]),
				  *after = stack_in(d, &s->children[0]);
	uint64_t acked = 0, read = 0;

	session_generator_totals(s, NULL, &acked, NULL);
	if (after)
		read = after->rx_bytes - (before ? before->rx_bytes : 0);
	bench_balance_tcp(a, d, acked, read, cfg->gen_none, run);
}

/* Warm-up, measured window with a reading each interval, then the generator's stop and the drain. */
static int run_window(const struct bench_config *cfg, struct session *s, bool ceiling, struct snapshot *w,
		      struct snapshot *e, struct snapshot *d, char *err, size_t len)
{
	double start = monotonic_seconds(), from = start + cfg->warmup_s, end = from + cfg->duration_s;
	int rc;

	if ((rc = read_at(s, from, w)) < 0)
		goto lost;
	for (double next = from + READING_INTERVAL;; next += READING_INTERVAL) {
		if (next > end - 1e-6)
			next = end;
		if ((rc = read_at(s, next, e)) < 0)
			goto lost;
		if (bench_stop_requested) {
			snprintf(err, len, "interrupted");
			return -EINTR;
		}
		if (!ceiling && session_stacks_died(s)) {
			snprintf(err, len, "%s", s->stack_why);
			return -EIO;
		}
		if (next >= end)
			break;
	}
	if (!s->gen_running) { /* traffic from elsewhere goes on: no drain to wait for */
		collector_read(&s->collector, d);
		return 0;
	}
	session_traffic_stops(s);
	session_stop_generator(s);
	read_drained(s, d);
	return 0;
lost:
	snprintf(err, len, "the readings failed: cannot read the XDP counters: %s", strerror(-rc));
	return -EIO;
}

int bench_run_once(const struct bench_config *cfg, const struct bench_run_spec *spec, struct bench_run *run,
		   struct bench_settings *settings, char *err, size_t len)
{
	bool ceiling = !strcmp(spec->stack, BENCH_XDP_DROP);
	struct session *s = calloc(1, sizeof(*s));
	struct snapshot *snaps = calloc(4, sizeof(struct snapshot)); /* before, W, E, drained */
	int rc;

	memset(run, 0, sizeof(*run));
	run->offered_pps = spec->rate_pps;
	if (!s || !snaps) {
		free(s);
		free(snaps);
		snprintf(err, len, "out of memory");
		return -ENOMEM;
	}
	/* The bench's stdout is its own; a stack's trouble belongs in its cell and the progress line. */
	s->quiet = true;
	rc = session_options(cfg, spec, &s->opts, err, len);
	if (rc == 0) {
		rc = session_setup(s, true, err, len);
		/* A stack that fails its check is a cell's finding, not the bench's failure. */
		rc = rc == 0 ? 0 : rc == EXIT_USAGE ? -EOPNOTSUPP : -EIO;
	}
	if (rc == 0) {
		snaps[0] = *s->last; /* the baseline, read before any receiver or generator started */
		rc = start_traffic(s, ceiling, err, len);
	}
	if (rc == 0)
		rc = run_window(cfg, s, ceiling, &snaps[1], &snaps[2], &snaps[3], err, len);
	if (rc == 0) {
		const struct xdp_counter *x = s->collector.nifaces ? s->collector.ifaces[0].xdp : NULL;

		measure(s, ceiling, &snaps[1], &snaps[2], run);
		if (cfg->proto == STACK_PROTO_TCP)
			balance_tcp(cfg, s, &snaps[0], &snaps[3], run);
		else
			bench_balance(&snaps[0], &snaps[3], cfg->gen_none, run);
		bench_settings_fill(spec->stack, &s->opts.stack, x ? xdp_counter_mode(x) : "", settings);
	}
	session_teardown(s);
	free(s);
	free(snaps);
	return rc;
}
