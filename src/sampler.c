/* Turns two cumulative readings into rates and the packet ledger: pure arithmetic, no I/O. */
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

static void derive_stack(const struct stack_sample *old, struct stack_sample *s, double dt)
{
	struct stack_sample zero = {0};

	if (!old)
		old = &zero;
	s->rx_pps = rate_per_second(old->rx_packets, s->rx_packets, dt);
	s->drops_ps = rate_per_second(old->drops, s->drops, dt);
	s->cpu_user_pct = cpu_percent(old->cpu_user_ns, s->cpu_user_ns, dt);
	s->cpu_sys_pct = cpu_percent(old->cpu_sys_ns, s->cpu_sys_ns, dt);
	s->syscalls_per_pkt = per_unit(old->syscalls, s->syscalls, old->rx_packets, s->rx_packets);
	s->softirq_ns_per_pkt = per_unit(old->softirq_ns, s->softirq_ns, old->rx_packets, s->rx_packets);
	s->user_ns_per_pkt = per_unit(old->overhead.user_ns, s->overhead.user_ns, old->rx_packets, s->rx_packets);
	s->syscall_ns_per_pkt =
		per_unit(old->overhead.syscall_cpu_ns, s->overhead.syscall_cpu_ns, old->rx_packets, s->rx_packets);
	s->wait_ns_per_pkt = per_unit(old->overhead.offcpu_ns, s->overhead.offcpu_ns, old->rx_packets, s->rx_packets);
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
		q->rx_bps = 8 * rate_per_second(old->rx_bytes, q->rx_bytes, dt);
		q->drops_ps = rate_per_second(old->drops, q->drops, dt);
	}
	for (int i = 0; i < cur->nifaces; i++) {
		const struct iface_sample *old = find_iface(prev, cur->ifaces[i].ifindex);

		if (old)
			cur->ifaces[i].rx_pps = rate_per_second(old->rx_packets, cur->ifaces[i].rx_packets, dt);
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

		if (!old)
			continue;
		p->cpu_user_pct = cpu_percent(old->cpu_user_ns, p->cpu_user_ns, dt);
		p->cpu_sys_pct = cpu_percent(old->cpu_sys_ns, p->cpu_sys_ns, dt);
	}
	if (prev) {
		cur->generator_pps = rate_per_second(prev->generator_sent, cur->generator_sent, dt);
		cur->self_cpu_pct = cpu_percent(prev->self_cpu_ns, cur->self_cpu_ns, dt);
	}
	if (cur->ledger.known)
		ledger_compute(cur);
}
