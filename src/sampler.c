// SPDX-License-Identifier: GPL-2.0-only
/* Turns two cumulative readings into rates and the packet ledger: pure arithmetic, no I/O. */
#include <math.h>
#include <string.h>

#include "sampler.h"

double rate_per_second(uint64_t before, uint64_t now, double seconds)
{
	if (seconds <= 0 || now < before)
		return 0;
	return (double)(now - before) / seconds;
}

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

static const struct drop_sample *find_drop(const struct snapshot *s, const char *where, const char *reason)
{
	for (int i = 0; s && i < s->ndrops; i++)
		if (strcmp(s->drops[i].where, where) == 0 && strcmp(s->drops[i].reason, reason) == 0)
			return &s->drops[i];
	return NULL;
}

static const struct stack_sample *find_stack(const struct snapshot *s, pid_t pid, const char *name)
{
	for (int i = 0; s && i < s->nstacks; i++)
		if (s->stacks[i].pid == pid && strcmp(s->stacks[i].stack, name) == 0)
			return &s->stacks[i];
	return NULL;
}

static const struct process_sample *find_process(const struct snapshot *s, pid_t pid)
{
	for (int i = 0; s && i < s->nprocesses; i++)
		if (s->processes[i].pid == pid)
			return &s->processes[i];
	return NULL;
}

/* Share of one CPU, in percent, that a cumulative nanosecond counter grew by. */
static double cpu_percent(uint64_t before_ns, uint64_t now_ns, double seconds)
{
	return rate_per_second(before_ns, now_ns, seconds) / 1e7;
}

static double per_unit(uint64_t before, uint64_t now, uint64_t units_before, uint64_t units_now)
{
	if (now < before || units_now <= units_before)
		return 0;
	return (double)(now - before) / (double)(units_now - units_before);
}

static uint64_t delta(uint64_t before, uint64_t now)
{
	return now >= before ? now - before : 0;
}

void cost_rates(const struct cost_counters *before, const struct cost_counters *now, double seconds,
		struct cost_rates *out)
{
	uint64_t packets = delta(before->packets, now->packets),
		 syscalls = delta(before->syscalls, now->syscalls);

	memset(out, 0, sizeof(*out));
	out->syscalls_ps = rate_per_second(before->syscalls, now->syscalls, seconds);
	out->ctxsw_voluntary_ps = rate_per_second(before->ctxsw_voluntary, now->ctxsw_voluntary, seconds);
	out->ctxsw_involuntary_ps =
	    rate_per_second(before->ctxsw_involuntary, now->ctxsw_involuntary, seconds);
	out->pkts_per_syscall = syscalls ? (double)packets / (double)syscalls : NAN;
	out->syscalls_per_pkt = per_unit(before->syscalls, now->syscalls, before->packets, now->packets);
	out->user_ns_per_pkt = per_unit(before->user_ns, now->user_ns, before->packets, now->packets);
	out->syscall_ns_per_pkt =
	    per_unit(before->syscall_ns, now->syscall_ns, before->packets, now->packets);
	out->softirq_ns_per_pkt =
	    per_unit(before->softirq_ns, now->softirq_ns, before->packets, now->packets);
	out->wait_ns_per_pkt = per_unit(before->wait_ns, now->wait_ns, before->packets, now->packets);
	/* By construction, so the parts a view shows always add up to the whole. */
	out->cpu_ns_per_pkt = out->user_ns_per_pkt + out->syscall_ns_per_pkt + out->softirq_ns_per_pkt;
}

void stack_cost_counters(const struct stack_sample *s, struct cost_counters *out)
{
	*out = (struct cost_counters){
	    .packets = s->rx_packets,
	    .syscalls = s->syscalls,
	    .ctxsw_voluntary = s->ctxsw_voluntary,
	    .ctxsw_involuntary = s->ctxsw_involuntary,
	    .user_ns = s->overhead.user_ns,
	    .syscall_ns = s->overhead.syscall_cpu_ns,
	    .softirq_ns = s->softirq_ns,
	    .wait_ns = s->overhead.offcpu_ns,
	};
}

void process_cost_counters(const struct process_sample *p, struct cost_counters *out)
{
	*out = (struct cost_counters){
	    .packets = p->rx_packets,
	    .syscalls = p->syscalls,
	    .ctxsw_voluntary = p->ctxsw_voluntary,
	    .ctxsw_involuntary = p->ctxsw_involuntary,
	    .user_ns = p->overhead.user_ns,
	    .syscall_ns = p->overhead.syscall_cpu_ns,
	    .softirq_ns = p->softirq_ns,
	    .wait_ns = p->overhead.offcpu_ns,
	};
}

static void derive_stack(const struct stack_sample *old, struct stack_sample *s, double dt)
{
	struct stack_sample zero = {0};
	struct cost_counters before, now;

	if (!old)
		old = &zero;
	s->rx_pps = rate_per_second(old->rx_packets, s->rx_packets, dt);
	s->rx_bps = 8 * rate_per_second(old->rx_bytes, s->rx_bytes, dt);
	s->drops_ps = rate_per_second(old->drops, s->drops, dt);
	s->cpu_user_pct = cpu_percent(old->cpu_user_ns, s->cpu_user_ns, dt);
	s->cpu_sys_pct = cpu_percent(old->cpu_sys_ns, s->cpu_sys_ns, dt);
	stack_cost_counters(old, &before);
	stack_cost_counters(s, &now);
	cost_rates(&before, &now, dt, &s->rates);
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
	struct cost_counters before, now;

	if (p->dpdk.known && old->dpdk.known)
		derive_dpdk(&old->dpdk, &p->dpdk, dt);
	p->cpu_user_pct = cpu_percent(old->cpu_user_ns, p->cpu_user_ns, dt);
	p->cpu_sys_pct = cpu_percent(old->cpu_sys_ns, p->cpu_sys_ns, dt);
	process_cost_counters(old, &before);
	process_cost_counters(p, &now);
	cost_rates(&before, &now, dt, &p->rates);
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
 * statistics were on in it (src/cost_window.h). An interval without such time keeps the previous rates.
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
		p->ns_per_run = per_unit(time_before, p->run_time_ns, runs_before, p->run_cnt);
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

void ledger_compute(struct snapshot *snap)
{
	struct ledger *l = &snap->ledger;
	uint64_t received = 0, dropped = 0;

	for (int i = 0; i < snap->ndrops; i++)
		if (!snap->drops[i].overlaps)
			dropped += snap->drops[i].packets;
	if (snap->nstacks > 0) {
		for (int i = 0; i < snap->nstacks; i++)
			received += snap->stacks[i].rx_packets;
	} else {
		/*
		 * No receiver of rxtop's own: what reached rxtop's XDP program and was not dropped
		 * at or after it (by any attributed stage) counts as received by the host.
		 */
		for (int i = 0; i < snap->nqueues; i++)
			received += snap->queues[i].rx_packets;
		received = received >= dropped ? received - dropped : 0;
	}
	l->sent = snap->generator_sent;
	l->received = received;
	l->dropped = dropped;
	l->unexplained = (int64_t)l->sent - (int64_t)received - (int64_t)dropped - (int64_t)l->in_flight;
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
		const struct drop_sample *old = find_drop(prev, d->where, d->reason);

		/* A reason seen for the first time counts from zero: it happened within this interval. */
		d->pps = rate_per_second(old ? old->packets : 0, d->packets, dt);
	}
	for (int i = 0; i < cur->nstacks; i++) {
		struct stack_sample *s = &cur->stacks[i];

		if (prev)
			derive_stack(find_stack(prev, s->pid, s->stack), s, dt);
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
