// SPDX-License-Identifier: GPL-2.0-only
/*
 * Gathers cumulative counters from every source into a snapshot: BPF maps, sysfs, /proc, stacks, generator.
 * rxtop's own cost and the probe windows: src/collector_self.c; DPDK ports: src/collector_dpdk.c.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector.h"
#include "gen.h"
#include "ledger.h"
#include "log.h"
#include "overhead.h"
#include "rx_path.h"
#include "trace.h"
#include "xdp.h"
#include "xsk_queues.h"

static uint64_t since(uint64_t base, uint64_t now)
{
	return now >= base ? now - base : 0;
}

int collector_add_iface(struct collector *c, const char *name, int ifindex)
{
	struct collector_iface *f;

	if (c->nifaces >= SNAP_MAX_IFACES)
		return -ENOSPC;
	f = &c->ifaces[c->nifaces++];
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->ifindex = ifindex;
	if (!c->have_udp_snmp)
		c->have_udp_snmp = udp_snmp_read(&c->udp_snmp_base) == 0;
	return netdev_stats_read(name, &f->base);
}

int collector_add_process(struct collector *c, pid_t pid)
{
	struct collector_process *p;
	int err;

	if (c->nprocesses >= SNAP_MAX_PROCESSES)
		return -ENOSPC;
	p = &c->processes[c->nprocesses];
	p->pid = pid;
	err = proc_usage_read(pid, &p->base);
	if (err < 0)
		return err;
	p->last = p->base;
	c->nprocesses++;
	if (c->overhead && overhead_track(c->overhead, pid) < 0)
		log_debug("collector: cannot track pid %d's overhead", pid);
	return 0;
}

static void read_xdp_pass(struct collector *c, uint64_t pass[64]);

int collector_add_stack(struct collector *c, struct stack_child *child)
{
	struct collector_stack *s;

	if (c->nstacks >= SNAP_MAX_STACKS)
		return -ENOSPC;
	s = &c->stacks[c->nstacks++];
	memset(s, 0, sizeof(*s));
	s->child = child;
	if (child->ops->xdp == STACK_XDP_REDIRECT)
		read_xdp_pass(c, s->xdp_pass_start);
	if (proc_usage_read(child->pid, &s->base) == 0)
		s->last = s->base;
	if (c->overhead && overhead_track(c->overhead, child->pid) < 0)
		log_debug("collector: cannot track stack pid %d's overhead", child->pid);
	return 0;
}

void collector_finish_stack(struct collector *c, struct stack_child *child)
{
	for (int i = 0; i < c->nstacks; i++) {
		struct collector_stack *s = &c->stacks[i];

		if (s->child != child || s->released)
			continue;
		memcpy(&s->final, child->shm, sizeof(s->final));
		if (child->ops->xdp == STACK_XDP_REDIRECT)
			read_xdp_pass(c, s->xdp_pass_end);
		s->released = true;
	}
}

static struct queue_sample *find_carry(struct collector_iface *f, int queue)
{
	for (int i = 0; i < f->ncarry; i++)
		if (f->carry[i].queue == queue)
			return &f->carry[i];
	return NULL;
}

static void add_carry(struct collector_iface *f, const struct queue_sample *q)
{
	struct queue_sample *c = find_carry(f, q->queue);

	if (!c) {
		if (f->ncarry >= (int)(sizeof(f->carry) / sizeof(f->carry[0])))
			return;
		c = &f->carry[f->ncarry++];
		*c = *q;
		return;
	}
	c->rx_packets += q->rx_packets;
	c->rx_bytes += q->rx_bytes;
	c->drops += q->drops;
	for (int a = 0; a < SNAP_XDP_ACTIONS; a++)
		c->xdp_actions[a] += q->xdp_actions[a];
}

/* Queue rows of this interface get what earlier attachments counted; detached, the carried rows stand alone.
 */
static void apply_carry(struct collector_iface *f, struct snapshot *snap, int first_row)
{
	for (int i = 0; i < f->ncarry; i++) {
		const struct queue_sample *c = &f->carry[i];
		struct queue_sample *row = NULL;

		for (int r = first_row; r < snap->nqueues; r++)
			if (snap->queues[r].queue == c->queue)
				row = &snap->queues[r];
		if (!row) {
			if (snap->nqueues >= SNAP_MAX_QUEUES)
				return;
			snap->queues[snap->nqueues++] = *c;
			continue;
		}
		row->rx_packets += c->rx_packets;
		row->rx_bytes += c->rx_bytes;
		row->drops += c->drops;
		for (int a = 0; a < SNAP_XDP_ACTIONS; a++)
			row->xdp_actions[a] += c->xdp_actions[a];
	}
}

/* XDP_PASS verdicts so far on each rx queue of the first interface, carried counts included. */
static void read_xdp_pass(struct collector *c, uint64_t pass[64])
{
	struct collector_iface *f = &c->ifaces[0];
	struct snapshot *tmp;

	memset(pass, 0, 64 * sizeof(pass[0]));
	if (c->nifaces == 0 || !(tmp = calloc(1, sizeof(*tmp))))
		return;
	if (f->xdp)
		xdp_counter_read(f->xdp, tmp);
	apply_carry(f, tmp, 0);
	for (int q = 0; q < tmp->nqueues; q++)
		if (tmp->queues[q].queue >= 0 && tmp->queues[q].queue < 64)
			pass[tmp->queues[q].queue] = tmp->queues[q].xdp_actions[XDP_PASS];
	free(tmp);
}

void collector_attach_xdp(struct collector *c, int i, struct xdp_counter *counter)
{
	c->ifaces[i].xdp = counter;
}

void collector_detach_xdp(struct collector *c, int i)
{
	struct collector_iface *f = &c->ifaces[i];
	struct snapshot *tmp;

	if (!f->xdp)
		return;
	tmp = calloc(1, sizeof(*tmp));
	if (tmp && xdp_counter_read(f->xdp, tmp) >= 0) {
		/* The new readings replace the carried ones: add them up first. */
		for (int q = 0; q < tmp->nqueues; q++)
			add_carry(f, &tmp->queues[q]);
	}
	free(tmp);
	xdp_counter_detach(f->xdp);
	f->xdp = NULL;
}

static const struct stack_shm *stack_counters(const struct collector_stack *s)
{
	return s->released ? &s->final : s->child->shm;
}

/* Each loss counter of a stack, summed over its queues, becomes a drop row. */
static void add_stack_drops(const struct collector_stack *s, struct snapshot *snap)
{
	const struct stack_shm *shm = stack_counters(s);
	uint32_t nloss = __atomic_load_n(&shm->nloss, __ATOMIC_ACQUIRE);
	uint32_t nq = __atomic_load_n(&shm->nqueues, __ATOMIC_ACQUIRE);

	for (uint32_t l = 0; l < nloss && l < STACK_MAX_LOSS; l++) {
		struct drop_sample *d;
		uint64_t sum = 0;

		if (shm->loss_is_event[l])
			continue;
		for (uint32_t q = 0; q < nq && q < STACK_MAX_QUEUES; q++)
			sum += stack_count_read(&shm->queues[q].loss[l]);
		d = ledger_row(snap, shm->loss_where[l], shm->loss_names[l]);
		if (!d)
			return;
		d->packets += sum;
	}
}

/*
 * An AF_XDP phase redirects each queue to its socket in the XSKMAP; a queue without one falls back to
 * XDP_PASS and the kernel stack gets the packets (usually to drop them as NO_SOCKET). The row names the
 * queue so a wrong -q shows as such; the stack rows already count what became of the packets.
 */
static void add_xsk_fallback(const struct collector_stack *s, struct snapshot *snap)
{
	char reason[64];

	if (s->child->ops->xdp != STACK_XDP_REDIRECT)
		return;
	for (int i = 0; i < snap->nqueues; i++) {
		const struct queue_sample *q = &snap->queues[i];
		uint64_t now, passed;

		if (q->queue < 0 || q->queue >= 64 || q->ifindex != snap->queues[0].ifindex)
			continue;
		now = s->released ? s->xdp_pass_end[q->queue] : q->xdp_actions[XDP_PASS];
		passed = since(s->xdp_pass_start[q->queue], now);
		if (!passed)
			continue;
		snprintf(reason, sizeof(reason), "no_xsk_on_queue:%d passed_to_stack", q->queue);
		ledger_add_cross_check(snap, "xsk", reason, passed);
	}
}

/*
 * Cross-check of the socket rows: the namespace's UDP counters (all sockets, all interfaces). Shown, never
 * added: the same packets are stack/SOCKET_RCVBUFF (kfree_skb) or the socket's own counter.
 */
static void add_udp_snmp(const struct collector *c, struct snapshot *snap)
{
	struct udp_snmp now;

	if (!c->have_udp_snmp || udp_snmp_read(&now) < 0)
		return;
	if (now.rcvbuf_errors > c->udp_snmp_base.rcvbuf_errors)
		ledger_add_cross_check(snap, "snmp", "Udp:RcvbufErrors",
				       now.rcvbuf_errors - c->udp_snmp_base.rcvbuf_errors);
	if (now.in_errors > c->udp_snmp_base.in_errors)
		ledger_add_cross_check(snap, "snmp", "Udp:InErrors",
				       now.in_errors - c->udp_snmp_base.in_errors);
}

_Static_assert(SNAP_MAX_STACK_QUEUES == STACK_MAX_QUEUES, "a stack sample holds every queue of a stack");

static void read_stack(struct collector_stack *s, struct snapshot *snap)
{
	struct stack_sample *out = &snap->stacks[snap->nstacks++];
	const struct stack_shm *shm = stack_counters(s);
	uint32_t nq = __atomic_load_n(&shm->nqueues, __ATOMIC_ACQUIRE);
	uint32_t nloss = __atomic_load_n(&shm->nloss, __ATOMIC_ACQUIRE);
	struct proc_usage now;

	memset(out, 0, sizeof(*out));
	snprintf(out->stack, sizeof(out->stack), "%s", s->child->ops->name);
	out->pid = s->child->pid;
	out->alive = !s->released && stack_child_alive(s->child);
	out->busy_poll = shm->busy_poll;
	for (uint32_t q = 0; q < nq && q < STACK_MAX_QUEUES; q++) {
		uint64_t packets = stack_count_read(&shm->queues[q].packets);

		out->queue_ids[out->nqueues] = shm->queue_ids[q];
		out->tids[out->nqueues] = (pid_t)stack_count_read(&shm->queues[q].tid);
		out->napi_ids[out->nqueues++] = (unsigned int)stack_count_read(&shm->queues[q].napi_id);
		out->busy_poll_idle += out->busy_poll && packets && !out->napi_ids[out->nqueues - 1];
		out->rx_packets += packets;
		out->rx_bytes += stack_count_read(&shm->queues[q].bytes);
		for (uint32_t l = 0; l < nloss && l < STACK_MAX_LOSS; l++)
			if (!shm->loss_is_event[l])
				out->drops += stack_count_read(&shm->queues[q].loss[l]);
	}
	for (uint32_t l = 0; l < nloss && l < STACK_MAX_LOSS && out->nevents < 8; l++) {
		uint64_t sum = 0;

		if (!shm->loss_is_event[l])
			continue;
		for (uint32_t q = 0; q < nq && q < STACK_MAX_QUEUES; q++)
			sum += stack_count_read(&shm->queues[q].loss[l]);
		snprintf(out->events[out->nevents].name, sizeof(out->events[0].name), "%s.%s",
			 shm->loss_where[l], shm->loss_names[l]);
		out->events[out->nevents++].count = sum;
	}
	if (out->alive && proc_usage_read(out->pid, &now) == 0)
		s->last = now;
	out->cpu_user_ns = since(s->base.cpu_user_ns, s->last.cpu_user_ns);
	out->cpu_sys_ns = since(s->base.cpu_sys_ns, s->last.cpu_sys_ns);
	out->ctxsw_voluntary = since(s->base.ctxsw_voluntary, s->last.ctxsw_voluntary);
	out->ctxsw_involuntary = since(s->base.ctxsw_involuntary, s->last.ctxsw_involuntary);
	add_stack_drops(s, snap);
	add_xsk_fallback(s, snap);
}

static void read_process(struct collector_process *p, struct snapshot *snap)
{
	struct process_sample *out = &snap->processes[snap->nprocesses++];
	struct proc_usage now;

	if (proc_usage_read(p->pid, &now) == 0)
		p->last = now;
	memset(out, 0, sizeof(*out));
	out->pid = p->pid;
	/* The observed interfaces' packets: the base of its per-packet figures (queue rows are read first).
	 */
	for (int q = 0; q < snap->nqueues; q++)
		out->rx_packets += snap->queues[q].rx_packets;
	if (p->dpdk)
		collector_read_dpdk(p, out, snap);
	snprintf(out->comm, sizeof(out->comm), "%s", p->last.comm);
	out->cpu_user_ns = since(p->base.cpu_user_ns, p->last.cpu_user_ns);
	out->cpu_sys_ns = since(p->base.cpu_sys_ns, p->last.cpu_sys_ns);
	out->ctxsw_voluntary = since(p->base.ctxsw_voluntary, p->last.ctxsw_voluntary);
	out->ctxsw_involuntary = since(p->base.ctxsw_involuntary, p->last.ctxsw_involuntary);
}

static void read_iface(const struct collector_iface *f, struct snapshot *snap)
{
	struct iface_sample *out = &snap->ifaces[snap->nifaces++];
	struct netdev_stats now = {0};

	memset(out, 0, sizeof(*out));
	snprintf(out->iface, sizeof(out->iface), "%s", f->name);
	out->ifindex = f->ifindex;
	if (f->xdp)
		snprintf(out->counter, sizeof(out->counter), "%s", xdp_counter_mode(f->xdp));
	if (netdev_stats_read(f->name, &now) < 0)
		return;
	out->rx_packets = since(f->base.rx_packets, now.rx_packets);
	out->rx_bytes = since(f->base.rx_bytes, now.rx_bytes);
	out->rx_dropped = since(f->base.rx_dropped, now.rx_dropped);
	out->rx_errors = since(f->base.rx_errors, now.rx_errors);
}

static bool probe_live(const struct snapshot *snap, const char *name)
{
	for (int i = 0; i < snap->nprobes; i++)
		if (strcmp(snap->probes[i].name, name) == 0)
			return strcmp(snap->probes[i].attach, "missing") != 0;
	return false;
}

int collector_read(struct collector *c, struct snapshot *snap)
{
	struct timespec mono, wall;
	int err = 0, trace_row, trace_rows;

	/* First: rxtop's reads below would count in its cost window. */
	cost_window_stop(&c->costs);
	memset(snap, 0, sizeof(*snap));
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &wall);
	snap->mono = mono.tv_sec + mono.tv_nsec / 1e9;
	snap->ts = wall.tv_sec + wall.tv_nsec / 1e9;
	collector_close_sample_window(c);

	for (int i = 0; i < c->nifaces; i++) {
		int first_row = snap->nqueues;

		if (c->ifaces[i].xdp) {
			int r = xdp_counter_read(c->ifaces[i].xdp, snap);

			if (r < 0 && !err)
				err = r;
		}
		apply_carry(&c->ifaces[i], snap, first_row);
		read_iface(&c->ifaces[i], snap);
	}
	/* After the queue rows exist: it fills those its sockets are bound to. */
	if (c->xsk)
		xsk_queues_read(c->xsk, snap);
	trace_row = snap->nprobes;
	if (c->trace)
		rx_trace_read(c->trace, snap);
	trace_rows = snap->nprobes - trace_row;
	for (int i = 0; i < c->nstacks; i++)
		read_stack(&c->stacks[i], snap);
	for (int i = 0; i < c->nprocesses; i++)
		read_process(&c->processes[i], snap);
	/* After the rows exist: it fills the stack and process rows whose pids it tracks. */
	if (c->overhead)
		overhead_read(c->overhead, snap);
	/* After the stack and process rows: their threads are the queues' receivers. */
	if (c->path)
		rx_path_read(c->path, snap, c->trace ? rx_trace_path_probe(c->trace) : NULL, false);
	add_udp_snmp(c, snap);
	ledger_mark_overlaps(snap, probe_live(snap, "skb:kfree_skb"));
	/*
	 * Generator last: every packet counted downstream was sent before it, so while traffic flows the
	 * ledger's unexplained is never negative from read skew; it holds packets still in flight.
	 */
	if (c->gen) {
		uint64_t sent = 0, failed = 0, bytes = 0;

		gen_read(c->gen, &sent, &failed, &bytes);
		snap->generator_sent = c->gen_sent_before + sent;
		snap->ledger.known = true;
	} else if (c->gen_sent_before) {
		snap->generator_sent = c->gen_sent_before;
		snap->ledger.known = true;
	}
	collector_read_self(c, snap, trace_row, trace_rows);
	return err;
}
