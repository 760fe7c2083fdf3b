// SPDX-License-Identifier: GPL-2.0-only
/* rxtop's BPF programs' run-time cost, measured in short windows of kernel run-time statistics, and how long
 * the sampled probes' windows (which enclose those) are. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "clock.h"
#include "cost_window.h"
#include "log.h"

#define COST_WINDOW_MIN_SECONDS 0.002

double cost_window_seconds(double interval)
{
	double s = interval * COST_WINDOW_SHARE;

	if (s > COST_WINDOW_MAX_SECONDS)
		s = COST_WINDOW_MAX_SECONDS;
	if (s < COST_WINDOW_MIN_SECONDS)
		s = COST_WINDOW_MIN_SECONDS;
	return s;
}

void cost_window_init(struct cost_window *w, bool always)
{
	memset(w, 0, sizeof(*w));
	w->always = always;
	w->stats_fd = -1;
}

bool cost_window_due(const struct cost_window *w)
{
	if (w->opened > 0)
		return false; /* open already (always mode, or a second call within one interval) */
	return w->last_opened <= 0 ||
	       monotonic_seconds() - w->last_opened >= COST_WINDOW_PERIOD_SECONDS - 0.05;
}

int cost_window_open(struct cost_window *w, const struct cost_reading *now, int n)
{
	if (!cost_window_due(w))
		return 0;
	if (n > SNAP_MAX_PROGRAMS)
		n = SNAP_MAX_PROGRAMS;
	memcpy(w->base, now, n * sizeof(*now));
	w->nbase = n;
	double before = monotonic_seconds();

	/* Reference-counted by the kernel: another user's statistics stay on when this window closes. */
	w->stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (w->stats_fd < 0) {
		int err = -errno;

		log_debug("cost window: run-time statistics unavailable: %s", strerror(-err));
		return err;
	}
	/*
	 * Turning statistics on or off patches every inlined BPF call site in the kernel and takes
	 * milliseconds here, counting partly while it runs: a window's edges are the middles of those calls.
	 */
	w->opened = (before + monotonic_seconds()) / 2;
	w->last_opened = before;
	w->stopped = 0;
	return 0;
}

void cost_window_stop(struct cost_window *w)
{
	double before;

	if (w->opened <= 0 || w->stopped > 0 || w->always)
		return;
	before = monotonic_seconds();
	close(w->stats_fd);
	w->stats_fd = -1;
	w->stopped = (before + monotonic_seconds()) / 2;
}

static const struct cost_reading *base_of(const struct cost_window *w, uint32_t id)
{
	for (int i = 0; i < w->nbase; i++)
		if (w->base[i].id == id)
			return &w->base[i];
	return NULL;
}

static struct cost_sum *sum_of(struct cost_window *w, const char *name)
{
	for (int i = 0; i < w->nsum; i++)
		if (strcmp(w->sum[i].name, name) == 0)
			return &w->sum[i];
	if (w->nsum >= SNAP_MAX_PROGRAMS)
		return NULL;
	snprintf(w->sum[w->nsum].name, sizeof(w->sum[w->nsum].name), "%s", name);
	return &w->sum[w->nsum++];
}

static uint64_t since(uint64_t base, uint64_t now)
{
	return now >= base ? now - base : now; /* a smaller value: a new program behind the same id slot */
}

uint64_t cost_window_close(struct cost_window *w, struct program_cost *progs, int n)
{
	double mono = w->stopped > 0 ? w->stopped : monotonic_seconds();
	struct cost_reading raw[SNAP_MAX_PROGRAMS];
	bool open = w->opened > 0;

	if (n > SNAP_MAX_PROGRAMS)
		n = SNAP_MAX_PROGRAMS;
	for (int i = 0; i < n; i++) {
		struct cost_sum *sum = sum_of(w, progs[i].name);
		const struct cost_reading *base = base_of(w, progs[i].id);

		raw[i] = (struct cost_reading){progs[i].id, progs[i].run_cnt, progs[i].run_time_ns};
		if (!sum)
			continue;
		/* A program attached while the window was open counted from zero, inside it. */
		if (open) {
			sum->run_cnt += since(base ? base->run_cnt : 0, raw[i].run_cnt);
			sum->run_time_ns += since(base ? base->run_time_ns : 0, raw[i].run_time_ns);
		}
		progs[i].run_cnt = sum->run_cnt;
		progs[i].run_time_ns = sum->run_time_ns;
	}
	if (!open)
		return w->sampled_ns;
	w->sampled_ns += (uint64_t)((mono - w->opened) * 1e9);
	if (w->always) {
		/* Statistics stay on: the next interval counts from here. */
		memcpy(w->base, raw, n * sizeof(*raw));
		w->nbase = n;
		w->opened = mono;
		return w->sampled_ns;
	}
	cost_window_stop(w); /* a caller that read without stopping first */
	w->opened = 0;
	w->stopped = 0;
	return w->sampled_ns;
}

void cost_window_free(struct cost_window *w)
{
	if (w->stats_fd >= 0)
		close(w->stats_fd);
	w->stats_fd = -1;
	w->opened = 0;
}

double sample_window_seconds(double interval)
{
	double s = interval * SAMPLE_WINDOW_SHARE, cost = cost_window_seconds(interval);

	if (s < SAMPLE_WINDOW_MIN_SECONDS)
		s = SAMPLE_WINDOW_MIN_SECONDS;
	return s > cost ? s : cost;
}
