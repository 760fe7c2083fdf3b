// SPDX-License-Identifier: GPL-2.0-only
/* rxtop's own cost (its CPU, its BPF programs' run time in cost windows) and when the sampled probes count.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "clock.h"
#include "collector.h"
#include "log.h"
#include "overhead.h"
#include "trace.h"
#include "xdp.h"

static void add_program(struct self_sample *self, const char *name, const char *attach,
			const struct bpf_prog_cost *cost)
{
	struct program_cost *p;

	if (self->nprograms >= SNAP_MAX_PROGRAMS)
		return;
	p = &self->programs[self->nprograms++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	snprintf(p->attach, sizeof(p->attach), "%s", attach);
	p->id = cost->id;
	p->run_cnt = cost->run_cnt;
	p->run_time_ns = cost->run_time_ns;
}

/* A sampled probe's program runs only in the sample windows, which enclose the cost windows. */
static void share_programs(struct self_sample *self, const struct snapshot *snap)
{
	for (int i = 0; i < self->nprograms; i++)
		for (int j = 0; j < snap->nprobes; j++)
			if (snap->probes[j].sampled &&
			    strcmp(snap->probes[j].name, self->programs[i].name) == 0)
				self->programs[i].sampled_share = snap->probes[j].share;
}

/*
 * rx_trace_costs lists the attached programs in the order of the module's probe rows, skipping missing ones:
 * pairing them gives each cost its probe's name (program names are cut at 15 characters and collide).
 */
static void add_trace_programs(struct collector *c, struct snapshot *snap, int first_row, int nrows)
{
	struct bpf_prog_cost costs[SNAP_MAX_PROBES];
	int n = rx_trace_costs(c->trace, costs, SNAP_MAX_PROBES), live = 0;

	for (int r = first_row; r < first_row + nrows; r++)
		live += strcmp(snap->probes[r].attach, "missing") != 0;
	for (int i = 0, r = first_row; i < n; i++, r++) {
		while (live == n && strcmp(snap->probes[r].attach, "missing") == 0)
			r++;
		if (live == n)
			add_program(&snap->self, snap->probes[r].name, snap->probes[r].attach, &costs[i]);
		else
			add_program(&snap->self, costs[i].name, "trace", &costs[i]);
	}
}

/* Every BPF program rxtop has attached, with the kernel's counters; returns how many. */
static int kernel_programs(struct collector *c, struct bpf_prog_cost *out, int max)
{
	int n = 0, m;

	for (int i = 0; i < c->nifaces && n < max; i++)
		if (c->ifaces[i].xdp &&
		    bpf_prog_cost_read(xdp_counter_prog_fd(c->ifaces[i].xdp), &out[n]) == 0)
			n++;
	if (c->trace && (m = rx_trace_costs(c->trace, out + n, max - n)) > 0)
		n += m;
	if (c->overhead && (m = overhead_costs(c->overhead, out + n, max - n)) > 0)
		n += m;
	return n;
}

void collector_open_cost_window(struct collector *c)
{
	struct bpf_prog_cost costs[SNAP_MAX_PROGRAMS];
	struct cost_reading now[SNAP_MAX_PROGRAMS];
	int n;

	/* Checked first: reading every program's counters only to find no window due is wasted syscalls. */
	if (!cost_window_due(&c->costs))
		return;
	n = kernel_programs(c, costs, SNAP_MAX_PROGRAMS);
	for (int i = 0; i < n; i++)
		now[i] = (struct cost_reading){costs[i].id, costs[i].run_cnt, costs[i].run_time_ns};
	cost_window_open(&c->costs, now, n);
}

void collector_sample_events(struct collector *c)
{
	if (c->samples.always)
		return;
	if (c->trace)
		rx_trace_sample(c->trace);
	if (c->overhead)
		overhead_sample(c->overhead);
}

void collector_open_sample_window(struct collector *c)
{
	int err = 0;

	if (c->samples.always || c->samples.open)
		return;
	if (c->trace)
		err = rx_trace_window(c->trace, true);
	if (c->overhead && err >= 0)
		err = overhead_window(c->overhead, true);
	if (err < 0)
		log_debug("sample window: a probe did not reattach: %s", strerror(-err));
	c->samples.open = true;
}

void collector_traffic_stops(struct collector *c)
{
	double now = monotonic_seconds();

	collector_close_sample_window(c);
	if (c->samples.always)
		return;
	if (c->trace)
		rx_trace_quiet_from(c->trace, now);
	if (c->overhead)
		overhead_quiet_from(c->overhead, now);
}

void collector_close_sample_window(struct collector *c)
{
	if (!c->samples.open)
		return;
	if (c->trace)
		rx_trace_window(c->trace, false);
	if (c->overhead)
		overhead_window(c->overhead, false);
	c->samples.open = false;
}

/* rxtop's own cost: its process CPU and the run time of every BPF program it attached, in cost windows. */
void collector_read_self(struct collector *c, struct snapshot *snap, int trace_row, int trace_rows)
{
	struct self_sample *self = &snap->self;
	struct rusage usage;

	/* Microseconds, from the scheduler's own run time: /proc/self/stat's 10 ms ticks read 0 % or 1 %
	 * here. */
	if (getrusage(RUSAGE_SELF, &usage) == 0)
		self->cpu_ns = (uint64_t)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000000000ULL +
			       (uint64_t)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1000ULL;
	for (int i = 0; i < c->nifaces; i++) {
		struct collector_iface *f = &c->ifaces[i];
		struct bpf_prog_cost cost = {0};
		char name[40];

		if (!f->xdp || bpf_prog_cost_read(xdp_counter_prog_fd(f->xdp), &cost))
			continue;
		/* Named by its hook: "xdp:rxlab0", or "tc:rxlab0" counting at tc ingress. */
		snprintf(name, sizeof(name), "%s:%s", xdp_counter_is_tc(f->xdp) ? "tc" : "xdp", f->name);
		add_program(self, name, xdp_counter_is_tc(f->xdp) ? "tc" : "xdp", &cost);
	}
	if (c->trace)
		add_trace_programs(c, snap, trace_row, trace_rows);
	if (c->overhead) {
		struct bpf_prog_cost costs[SNAP_MAX_PROBES];
		int n = overhead_costs(c->overhead, costs, SNAP_MAX_PROBES);

		for (int i = 0; i < n; i++)
			add_program(self, costs[i].probe, costs[i].attach, &costs[i]);
	}
	share_programs(self, snap);
	self->bpf_stats_ns = cost_window_close(&c->costs, self->programs, self->nprograms);
	self->bpf_stats_always = c->costs.always;
	for (int i = 0; i < self->nprograms; i++) {
		self->bpf_run_cnt += self->programs[i].run_cnt;
		self->bpf_run_time_ns += self->programs[i].run_time_ns;
	}
}
