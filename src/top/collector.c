// SPDX-License-Identifier: GPL-2.0-only
/* Gathers cumulative counters from every source into a snapshot: BPF maps, sysfs, /proc, stacks, generator.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "collector.h"
#include "dpdk_telemetry.h"
#include "gen.h"
#include "log.h"
#include "nic_queues.h"
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

int collector_add_dpdk(struct collector *c, pid_t pid, struct dpdk_telemetry *t)
{
	struct collector_process *p = NULL;
	int err;

	if (!pid)
		pid = dpdk_telemetry_pid(t);
	for (int i = 0; i < c->nprocesses; i++)
		if (c->processes[i].pid == pid && !c->processes[i].dpdk)
			p = &c->processes[i];
	if (!p) {
		/* A socket rxtop was pointed at, not a -p process: its greeting names the pid. */
		if (c->nprocesses >= SNAP_MAX_PROCESSES)
			return -ENOSPC;
		if (collector_add_process(c, pid) < 0) {
			/* Not in this /proc (another pid namespace): a row with its ports and no CPU. */
			p = &c->processes[c->nprocesses++];
			memset(p, 0, sizeof(*p));
			p->pid = pid;
		} else {
			p = &c->processes[c->nprocesses - 1];
		}
	}
	memset(&p->dpdk_base, 0, sizeof(p->dpdk_base));
	err = dpdk_telemetry_read(t, &p->dpdk_base);
	if (err < 0)
		return err;
	p->dpdk_base.known = p->dpdk_base.connected = true;
	snprintf(p->dpdk_base.socket, sizeof(p->dpdk_base.socket), "%s", dpdk_telemetry_path(t));
	p->dpdk_last = p->dpdk_base;
	p->dpdk = t;
	return 0;
}

static void read_xdp_pass(struct collector *c, uint64_t pass[64]);

/* Where its costs begin: its packets next to its syscalls, as read_stack reads them (overhead_count_scales).
 */
static void stack_costs_from(struct collector *c, struct collector_stack *s)
{
	struct overhead_sample counts;
	uint64_t loss;

	stack_child_totals(s->child, &s->costs_from_packets, &s->costs_from_bytes, &loss);
	/* Sampled counts are estimates, which start at 0 here. */
	if (c->overhead && !c->samples.syscall_counts &&
	    overhead_process(c->overhead, s->child->pid, &counts) == 0)
		s->costs_from_syscalls = counts.syscalls;
}

int collector_add_stack(struct collector *c, struct stack_child *child)
{
	struct collector_stack *s;

	if (c->nstacks >= SNAP_MAX_STACKS)
		return -ENOSPC;
	s = &c->stacks[c->nstacks++];
	memset(s, 0, sizeof(*s));
	s->child = child;
	if (child->xdp == STACK_XDP_REDIRECT)
		read_xdp_pass(c, s->xdp_pass_start);
	if (proc_usage_read(child->pid, &s->base) == 0)
		s->last = s->base;
	if (c->overhead && overhead_track(c->overhead, child->pid) < 0)
		log_debug("collector: cannot track stack pid %d's overhead", child->pid);
	stack_costs_from(c, s);
	return 0;
}

void collector_finish_stack(struct collector *c, struct stack_child *child)
{
	for (int i = 0; i < c->nstacks; i++) {
		struct collector_stack *s = &c->stacks[i];

		if (s->child != child || s->released)
			continue;
		memcpy(&s->final, child->shm, sizeof(s->final));
		if (child->xdp == STACK_XDP_REDIRECT)
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
	collector_cover_redirects(c);
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
	collector_cover_redirects(c); /* back before another program can take the device */
}

_Static_assert(SNAP_MAX_STACK_QUEUES == STACK_MAX_QUEUES, "a stack sample holds every queue of a stack");

/* counts: where the stack's syscall and scheduler counts go when rxtop has the overhead probes. */
static void read_stack(struct collector *c, struct collector_stack *s, struct snapshot *snap,
		       struct overhead_count_scales *counts)
{
	int row = snap->nstacks;
	struct stack_sample *out = &snap->stacks[snap->nstacks++];
	const struct stack_shm *shm = collector_stack_counters(s);
	uint32_t nq = __atomic_load_n(&shm->nqueues, __ATOMIC_ACQUIRE);
	uint32_t nloss = __atomic_load_n(&shm->nloss, __ATOMIC_ACQUIRE);
	struct proc_usage now;

	memset(out, 0, sizeof(*out));
	snprintf(out->stack, sizeof(out->stack), "%s", s->child->ops->name);
	out->pid = s->child->pid;
	out->alive = !s->released && stack_child_alive(s->child);
	out->busy_poll = shm->busy_poll;
	out->costs_from_packets = s->costs_from_packets;
	out->costs_from_bytes = s->costs_from_bytes;
	out->costs_from_syscalls = s->costs_from_syscalls;
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
	/* Next to the packets they are divided by: see overhead_count_scales. */
	if (c->overhead)
		counts->read_err[row] = overhead_process(c->overhead, out->pid, &out->overhead);
	if (out->alive && proc_usage_read(out->pid, &now) == 0)
		s->last = now;
	out->cpu_user_ns = since(s->base.cpu_user_ns, s->last.cpu_user_ns);
	out->cpu_sys_ns = since(s->base.cpu_sys_ns, s->last.cpu_sys_ns);
	out->ctxsw_voluntary = since(s->base.ctxsw_voluntary, s->last.ctxsw_voluntary);
	out->ctxsw_involuntary = since(s->base.ctxsw_involuntary, s->last.ctxsw_involuntary);
	collector_stack_drops(s, snap);
	collector_xsk_fallback(s, snap);
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
	else if (f->hands_off)
		snprintf(out->counter, sizeof(out->counter), "none");
	if (f->nic) {
		snprintf(out->nic_queues, sizeof(out->nic_queues), "%s", nic_queues_source(f->nic));
		snprintf(out->nic_queues_note, sizeof(out->nic_queues_note), "%s", nic_queues_note(f->nic));
	}
	if (netdev_stats_read(f->name, &now) < 0)
		return;
	out->rx_packets = since(f->base.rx_packets, now.rx_packets);
	out->rx_bytes = since(f->base.rx_bytes, now.rx_bytes);
	out->rx_dropped = since(f->base.rx_dropped, now.rx_dropped);
	out->rx_errors = since(f->base.rx_errors, now.rx_errors);
}

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
	collector_cover_redirects(c);
	if (c->samples.always)
		return;
	if (c->trace)
		rx_trace_sample(c->trace);
	if (c->overhead)
		overhead_sample(c->overhead, c->samples.syscall_counts);
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
	if (c->samples.syscall_counts)
		collector_stack_packets(c, &c->window_open);
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
	/*
	 * sys_enter first (overhead_window detaches it before its other probes): the window's packets were
	 * read just before, and every syscall it counts while the rest detach is one the packets do not
	 * scale.
	 */
	if (c->overhead)
		overhead_window(c->overhead, false);
	if (c->trace)
		rx_trace_window(c->trace, false);
	c->samples.open = false;
}

/* rxtop's own cost: its process CPU and the run time of every BPF program it attached, in cost windows. */
static void read_self(struct collector *c, struct snapshot *snap, int trace_row, int trace_rows)
{
	struct self_sample *self = &snap->self;
	struct rusage usage;

	/* Microseconds, from the scheduler's own run time: /proc/self/stat's 10 ms ticks read 0 % or 1 %
	 * here. */
	if (getrusage(RUSAGE_SELF, &usage) == 0)
		self->cpu_ns = rusage_cpu_ns(&usage);
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

int collector_read(struct collector *c, struct snapshot *snap)
{
	struct overhead_count_scales counts = {0};
	struct timespec mono, wall;
	int err = 0, trace_row, trace_rows;

	/* First: rxtop's reads below would count in its cost window. */
	cost_window_stop(&c->costs);
	memset(snap, 0, sizeof(*snap));
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &wall);
	snap->mono = mono.tv_sec + mono.tv_nsec / 1e9;
	snap->ts = wall.tv_sec + wall.tv_nsec / 1e9;
	if (c->samples.syscall_counts && c->samples.open)
		collector_stack_packets(c, &c->window_close);
	collector_close_sample_window(c);

	for (int i = 0; i < c->nifaces; i++) {
		int first_row = snap->nqueues;

		if (c->ifaces[i].xdp) {
			int r = xdp_counter_read(c->ifaces[i].xdp, snap);

			if (r < 0 && !err)
				err = r;
		}
		apply_carry(&c->ifaces[i], snap, first_row);
		nic_queues_read(c->ifaces[i].nic, snap, c->ifaces[i].hands_off);
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
		read_stack(c, &c->stacks[i], snap, &counts);
	for (int i = 0; i < c->nprocesses; i++)
		read_process(&c->processes[i], snap);
	/* After the rows exist: it fills the stack and process rows whose pids it tracks. */
	if (c->overhead) {
		collector_count_scales(c, snap, &counts);
		overhead_read(c->overhead, snap, &counts);
	}
	/* After the stack and process rows: their threads are the queues' receivers. */
	if (c->path)
		rx_path_read(c->path, snap, c->trace ? rx_trace_path_probe(c->trace) : NULL, false);
	collector_udp_snmp(c, snap);
	collector_mark_overlaps(snap);
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
	read_self(c, snap, trace_row, trace_rows);
	return err;
}
