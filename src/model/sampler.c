// SPDX-License-Identifier: GPL-2.0-only
/* Turns two cumulative readings into rates, per-packet costs (src/model/cost.c) and the ledger
 * (src/model/ledger.c). */
#include <string.h>

#include "sampler.h"

static const struct queue_sample *find_queue(const struct snapshot *s, int ifindex, int queue)
{
	for (int i = 0; s && i < s->nqueues; i++)
		if (s->queues[i].ifindex == ifindex && s->queues[i].queue == queue)
			return &s->queues[i];
	return NULL;
}

static const struct iface_sample *find_iface(const struct snapshot *s, int ifindex)
{
	for (int i = 0; s && i < s->nifaces; i++)
		if (s->ifaces[i].ifindex == ifindex)
			return &s->ifaces[i];
	return NULL;
}

static const struct process_sample *find_process(const struct snapshot *s, pid_t pid)
{
	for (int i = 0; s && i < s->nprocesses; i++)
		if (s->processes[i].pid == pid)
			return &s->processes[i];
	return NULL;
}

/* A DPDK process's ports and queues, matched by port id (a port that came or went has no rate yet). */
static void derive_dpdk(const struct dpdk_sample *old, struct dpdk_sample *cur, double dt)
{
	for (int i = 0; i < cur->nports; i++) {
		struct dpdk_port_sample *port = &cur->ports[i];
		const struct dpdk_port_sample *before = NULL;

		for (int j = 0; j < old->nports; j++)
			if (old->ports[j].port == port->port)
				before = &old->ports[j];
		if (!before)
			continue;
		port->rx_pps = rate_per_second(before->rx_packets, port->rx_packets, dt);
		cur->rx_pps += port->rx_pps;
		cur->drops_ps += rate_per_second(before->imissed + before->rx_nombuf + before->ierrors,
						 port->imissed + port->rx_nombuf + port->ierrors, dt);
		for (int q = 0; q < port->nqueues && q < SNAP_MAX_DPDK_QUEUES; q++)
			port->queue_rx_pps[q] =
			    rate_per_second(before->queue_rx_packets[q], port->queue_rx_packets[q], dt);
	}
}

static void derive_process(const struct process_sample *old, struct process_sample *p, double dt)
{
	if (p->dpdk.known && old->dpdk.known)
		derive_dpdk(&old->dpdk, &p->dpdk, dt);
	cost_derive_process(old, p, dt);
}

static const struct program_cost *find_program(const struct snapshot *s, const char *name)
{
	for (int i = 0; s && i < s->self.nprograms; i++)
		if (strcmp(s->self.programs[i].name, name) == 0)
			return &s->self.programs[i];
	return NULL;
}

/*
 * rxtop's own cost over the interval: its process, and each of its BPF programs over the time run-time
 * statistics were on in it (src/probes/cost_window.h). An interval without such time keeps the previous
 * rates.
 */
static void derive_self(const struct snapshot *prev, struct snapshot *cur, double dt)
{
	struct self_sample *self = &cur->self;
	double on =
	    (self->bpf_stats_ns >= prev->self.bpf_stats_ns ? self->bpf_stats_ns - prev->self.bpf_stats_ns
							   : 0) /
	    1e9;

	self->cpu_pct = cpu_percent(prev->self.cpu_ns, self->cpu_ns, dt);
	if (!(on > 0)) {
		self->bpf_cpu_pct = prev->self.bpf_cpu_pct;
		for (int i = 0; i < self->nprograms; i++) {
			const struct program_cost *old = find_program(prev, self->programs[i].name);

			if (old) {
				self->programs[i].runs_ps = old->runs_ps;
				self->programs[i].cpu_pct = old->cpu_pct;
				self->programs[i].ns_per_run = old->ns_per_run;
			}
		}
		return;
	}
	self->bpf_cpu_pct = 0;
	for (int i = 0; i < self->nprograms; i++) {
		struct program_cost *p = &self->programs[i];
		const struct program_cost *old = find_program(prev, p->name);
		uint64_t runs_before = old ? old->run_cnt : 0, time_before = old ? old->run_time_ns : 0;
		/* A sampled probe ran in all of the cost windows but only in its share of the time. */
		double share = p->sampled_share > 0 ? p->sampled_share : 1;

		p->runs_ps = rate_per_second(runs_before, p->run_cnt, on) * share;
		p->cpu_pct = cpu_percent(time_before, p->run_time_ns, on) * share;
		p->ns_per_run = cost_per_unit(time_before, p->run_time_ns, runs_before, p->run_cnt);
		self->bpf_cpu_pct += p->cpu_pct;
	}
}

static void derive_softirq(const struct softirq_sample *prev, struct softirq_sample *cur, double dt)
{
	if (!cur->known || !prev->known)
		return;
	cur->pct = cpu_percent(prev->ns, cur->ns, dt);
	for (int cpu = 0; cpu < cur->ncpus && cpu < prev->ncpus; cpu++)
		cur->cpu_pct[cpu] = cpu_percent(prev->cpu_ns[cpu], cur->cpu_ns[cpu], dt);
}

void sampler_derive(const struct snapshot *prev, struct snapshot *cur)
{
	double dt = prev ? cur->mono - prev->mono : 0;

	cur->interval = dt > 0 ? dt : 0;
	for (int i = 0; i < cur->nqueues; i++) {
		struct queue_sample *q = &cur->queues[i];
		const struct queue_sample *old = find_queue(prev, q->ifindex, q->queue);

		if (!old)
			continue;
		q->rx_pps = rate_per_second(old->rx_packets, q->rx_packets, dt);
		q->xsk_rx_pps = rate_per_second(old->xsk_rx_packets, q->xsk_rx_packets, dt);
		q->rx_bps = 8 * rate_per_second(old->rx_bytes, q->rx_bytes, dt);
		q->drops_ps = rate_per_second(old->drops, q->drops, dt);
		q->napi_polls_ps = rate_per_second(old->napi_polls, q->napi_polls, dt);
	}
	for (int i = 0; i < cur->nifaces; i++) {
		const struct iface_sample *old = find_iface(prev, cur->ifaces[i].ifindex);

		if (old)
			cur->ifaces[i].rx_pps =
			    rate_per_second(old->rx_packets, cur->ifaces[i].rx_packets, dt);
	}
	for (int i = 0; i < cur->ndrops; i++) {
		struct drop_sample *d = &cur->drops[i];
		const struct drop_sample *old =
		    prev ? ledger_find(prev->drops, prev->ndrops, d->where, d->reason) : NULL;

		/* A reason seen for the first time counts from zero: it happened within this interval. */
		d->pps = rate_per_second(old ? old->packets : 0, d->packets, dt);
	}
	for (int i = 0; i < cur->nstacks; i++) {
		struct stack_sample *s = &cur->stacks[i];

		if (prev)
			cost_derive_stack(snapshot_find_stack(prev, s->pid, s->stack), s, dt);
	}
	for (int i = 0; i < cur->nprocesses; i++) {
		struct process_sample *p = &cur->processes[i];
		const struct process_sample *old = find_process(prev, p->pid);

		if (old)
			derive_process(old, p, dt);
	}
	if (prev) {
		cur->generator_pps = rate_per_second(prev->generator_sent, cur->generator_sent, dt);
		derive_self(prev, cur, dt);
		derive_softirq(&prev->softirq, &cur->softirq, dt);
	}
	if (cur->ledger.known)
		ledger_compute(cur);
}

const struct stack_sample *snapshot_find_stack(const struct snapshot *snap, pid_t pid, const char *name)
{
	for (int i = 0; snap && i < snap->nstacks; i++)
		if (snap->stacks[i].pid == pid && strcmp(snap->stacks[i].stack, name) == 0)
			return &snap->stacks[i];
	return NULL;
}
