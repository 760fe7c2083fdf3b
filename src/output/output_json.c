// SPDX-License-Identifier: GPL-2.0-only
/* Writes a snapshot as one JSON line with the keys SPEC.md requires (and documented extras). */
#include "jsonw.h"
#include "output.h"

static void write_queues(struct jsonw *w, const struct snapshot *snap)
{
	static const char *const action_names[SNAP_XDP_ACTIONS] = {"aborted", "drop", "pass", "tx",
								   "redirect"};

	jsonw_array_begin(w, "queues");
	for (int i = 0; i < snap->nqueues; i++) {
		const struct queue_sample *q = &snap->queues[i];

		jsonw_object_begin(w, NULL);
		jsonw_string(w, "iface", q->iface);
		jsonw_int(w, "queue", q->queue);
		jsonw_u64(w, "rx_packets", q->rx_packets);
		jsonw_double(w, "rx_pps", q->rx_pps);
		jsonw_u64(w, "rx_bytes", q->rx_bytes);
		jsonw_double(w, "rx_bps", q->rx_bps);
		jsonw_u64(w, "drops", q->drops);
		jsonw_double(w, "drops_ps", q->drops_ps);
		jsonw_object_begin(w, "xdp_actions");
		for (int a = 0; a < SNAP_XDP_ACTIONS; a++)
			jsonw_u64(w, action_names[a], q->xdp_actions[a]);
		jsonw_object_end(w);
		jsonw_u64(w, "napi_polls", q->napi_polls);
		jsonw_double(w, "napi_polls_ps", q->napi_polls_ps);
		jsonw_u64(w, "napi_packets", q->napi_packets);
		jsonw_u64(w, "napi_budget_exhausted", q->napi_budget_exhausted);
		if (q->xsk_known) {
			jsonw_object_begin(w, "xsk");
			jsonw_int(w, "sockets", q->xsk_sockets);
			jsonw_u64(w, "rx_packets", q->xsk_rx_packets);
			jsonw_double(w, "rx_pps", q->xsk_rx_pps);
			jsonw_u64(w, "rx_ring_full", q->xsk_rx_ring_full);
			jsonw_u64(w, "fill_ring_empty", q->xsk_fill_ring_empty);
			jsonw_u64(w, "rx_dropped", q->xsk_rx_dropped);
			jsonw_u64(w, "rx_invalid", q->xsk_rx_invalid);
			jsonw_object_end(w);
		} else {
			jsonw_null(w, "xsk");
		}
		if (q->napi_busy_known) {
			jsonw_u64(w, "napi_busy_polls", q->napi_busy_polls);
			jsonw_u64(w, "napi_busy_packets", q->napi_busy_packets);
		} else {
			jsonw_null(w, "napi_busy_polls");
			jsonw_null(w, "napi_busy_packets");
		}
		output_path_json(w, &q->path);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_ifaces(struct jsonw *w, const struct snapshot *snap)
{
	jsonw_array_begin(w, "ifaces");
	for (int i = 0; i < snap->nifaces; i++) {
		const struct iface_sample *f = &snap->ifaces[i];

		jsonw_object_begin(w, NULL);
		jsonw_string(w, "iface", f->iface);
		jsonw_u64(w, "rx_packets", f->rx_packets);
		jsonw_double(w, "rx_pps", f->rx_pps);
		jsonw_u64(w, "rx_bytes", f->rx_bytes);
		jsonw_u64(w, "rx_dropped", f->rx_dropped);
		jsonw_u64(w, "rx_errors", f->rx_errors);
		if (f->counter[0])
			jsonw_string(w, "counter", f->counter);
		else
			jsonw_null(w, "counter");
		if (f->nic_queues[0])
			jsonw_string(w, "nic_queues", f->nic_queues);
		else
			jsonw_null(w, "nic_queues");
		if (f->nic_queues_note[0])
			jsonw_string(w, "nic_queues_note", f->nic_queues_note);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* The top syscalls: cumulative entries and wall time from entry to exit (blocking included). */
static void write_syscalls(struct jsonw *w, const struct overhead_sample *o)
{
	jsonw_array_begin(w, "top_syscalls");
	for (int i = 0; i < o->nsyscalls; i++) {
		jsonw_object_begin(w, NULL);
		jsonw_string(w, "name", o->top_syscalls[i].name);
		jsonw_u64(w, "count", o->top_syscalls[i].count);
		jsonw_u64(w, "ns", o->top_syscalls[i].ns);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* What a stack or process pays: rates and per-packet breakdown over the interval, cumulative probe counters.
 */
static void write_costs(struct jsonw *w, const struct cost_rates *r, const struct overhead_sample *o,
			uint64_t softirq_ns)
{
	jsonw_double(w, "syscalls_ps", r->syscalls_ps);
	jsonw_double(w, "pkts_per_syscall", r->pkts_per_syscall);
	jsonw_double(w, "ctxsw_voluntary_ps", r->ctxsw_voluntary_ps);
	jsonw_double(w, "ctxsw_involuntary_ps", r->ctxsw_involuntary_ps);
	jsonw_double(w, "softirq_ns_per_pkt", r->softirq_ns_per_pkt);
	write_syscalls(w, o);
	jsonw_object_begin(w, "breakdown");
	jsonw_double(w, "user", r->user_ns_per_pkt);
	jsonw_double(w, "syscall", r->syscall_ns_per_pkt);
	jsonw_double(w, "softirq", r->softirq_ns_per_pkt);
	jsonw_double(w, "cpu", r->cpu_ns_per_pkt);
	jsonw_double(w, "wait", r->wait_ns_per_pkt);
	jsonw_object_end(w);
	jsonw_object_begin(w, "overhead");
	jsonw_u64(w, "user_ns", o->user_ns);
	jsonw_u64(w, "syscall_ns", o->syscall_cpu_ns);
	jsonw_u64(w, "oncpu_ns", o->oncpu_ns);
	jsonw_u64(w, "offcpu_ns", o->offcpu_ns);
	jsonw_u64(w, "runq_wait_ns", o->runq_wait_ns);
	jsonw_u64(w, "softirq_ns", softirq_ns);
	jsonw_u64(w, "switches_voluntary", o->switches_voluntary);
	jsonw_u64(w, "switches_involuntary", o->switches_involuntary);
	jsonw_object_end(w);
}

/* The NAPI instance behind each queue's socket, and whether busy polling, when asked for, can run. */
static void write_busy_poll(struct jsonw *w, const struct stack_sample *s)
{
	jsonw_array_begin(w, "napi_ids");
	for (int q = 0; q < s->nqueues; q++)
		jsonw_u64(w, NULL, s->napi_ids[q]);
	jsonw_array_end(w);
	if (!s->busy_poll) {
		jsonw_null(w, "busy_poll");
		return;
	}
	jsonw_object_begin(w, "busy_poll");
	jsonw_int(w, "queues_without_napi_id", s->busy_poll_idle);
	jsonw_object_end(w);
}

static void write_stacks(struct jsonw *w, const struct snapshot *snap)
{
	jsonw_array_begin(w, "stacks");
	for (int i = 0; i < snap->nstacks; i++) {
		const struct stack_sample *s = &snap->stacks[i];

		jsonw_object_begin(w, NULL);
		jsonw_string(w, "stack", s->stack);
		jsonw_int(w, "pid", s->pid);
		jsonw_bool(w, "alive", s->alive);
		jsonw_u64(w, "rx_packets", s->rx_packets);
		jsonw_double(w, "rx_pps", s->rx_pps);
		jsonw_u64(w, "rx_bytes", s->rx_bytes);
		jsonw_double(w, "rx_bps", s->rx_bps);
		jsonw_u64(w, "drops", s->drops);
		jsonw_double(w, "drops_ps", s->drops_ps);
		jsonw_u64(w, "syscalls", s->syscalls);
		jsonw_double(w, "syscalls_per_pkt", s->rates.syscalls_per_pkt);
		jsonw_u64(w, "ctxsw_voluntary", s->ctxsw_voluntary);
		jsonw_u64(w, "ctxsw_involuntary", s->ctxsw_involuntary);
		jsonw_double(w, "cpu_user_pct", s->cpu_user_pct);
		jsonw_double(w, "cpu_sys_pct", s->cpu_sys_pct);
		write_costs(w, &s->rates, &s->overhead, s->softirq_ns);
		jsonw_object_begin(w, "events");
		for (int e = 0; e < s->nevents; e++)
			jsonw_u64(w, s->events[e].name, s->events[e].count);
		jsonw_object_end(w);
		write_busy_poll(w, s);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* A DPDK process's ports from its telemetry socket: the ports' own counters, per port and per rx queue. */
static void write_dpdk(struct jsonw *w, const struct dpdk_sample *d)
{
	if (!d->known) {
		jsonw_null(w, "dpdk");
		return;
	}
	jsonw_object_begin(w, "dpdk");
	jsonw_string(w, "socket", d->socket);
	jsonw_bool(w, "connected", d->connected);
	jsonw_array_begin(w, "ports");
	for (int i = 0; i < d->nports; i++) {
		const struct dpdk_port_sample *p = &d->ports[i];

		jsonw_object_begin(w, NULL);
		jsonw_int(w, "port", p->port);
		jsonw_string(w, "name", p->name);
		jsonw_u64(w, "rx_packets", p->rx_packets);
		jsonw_double(w, "rx_pps", p->rx_pps);
		jsonw_u64(w, "rx_bytes", p->rx_bytes);
		jsonw_u64(w, "imissed", p->imissed);
		jsonw_u64(w, "rx_nombuf", p->rx_nombuf);
		jsonw_u64(w, "ierrors", p->ierrors);
		jsonw_array_begin(w, "queues");
		for (int q = 0; q < p->nqueues; q++) {
			jsonw_object_begin(w, NULL);
			jsonw_int(w, "queue", q);
			jsonw_u64(w, "rx_packets", p->queue_rx_packets[q]);
			jsonw_double(w, "rx_pps", p->queue_rx_pps[q]);
			jsonw_object_end(w);
		}
		jsonw_array_end(w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_object_end(w);
}

static void write_processes(struct jsonw *w, const struct snapshot *snap)
{
	jsonw_array_begin(w, "processes");
	for (int i = 0; i < snap->nprocesses; i++) {
		const struct process_sample *p = &snap->processes[i];

		jsonw_object_begin(w, NULL);
		jsonw_int(w, "pid", p->pid);
		jsonw_string(w, "comm", p->comm);
		jsonw_u64(w, "syscalls", p->syscalls);
		jsonw_u64(w, "ctxsw_voluntary", p->ctxsw_voluntary);
		jsonw_u64(w, "ctxsw_involuntary", p->ctxsw_involuntary);
		jsonw_double(w, "cpu_user_pct", p->cpu_user_pct);
		jsonw_double(w, "cpu_sys_pct", p->cpu_sys_pct);
		jsonw_u64(w, "rx_packets", p->rx_packets);
		jsonw_double(w, "syscalls_per_pkt", p->rates.syscalls_per_pkt);
		write_costs(w, &p->rates, &p->overhead, p->softirq_ns);
		write_dpdk(w, &p->dpdk);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_drops(struct jsonw *w, const struct snapshot *snap)
{
	jsonw_array_begin(w, "drops");
	for (int i = 0; i < snap->ndrops; i++) {
		jsonw_object_begin(w, NULL);
		jsonw_string(w, "where", snap->drops[i].where);
		jsonw_string(w, "reason", snap->drops[i].reason);
		jsonw_u64(w, "packets", snap->drops[i].packets);
		jsonw_double(w, "pps", snap->drops[i].pps);
		jsonw_bool(w, "in_ledger", !snap->drops[i].overlaps);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_ledger(struct jsonw *w, const struct snapshot *snap)
{
	const struct ledger *l = &snap->ledger;

	jsonw_object_begin(w, "ledger");
	if (l->known)
		jsonw_u64(w, "sent", l->sent);
	else
		jsonw_null(w, "sent");
	jsonw_u64(w, "received", l->received);
	jsonw_u64(w, "dropped", l->dropped);
	if (l->known)
		jsonw_int(w, "unexplained", l->unexplained);
	else
		jsonw_null(w, "unexplained");
	jsonw_object_end(w);
}

static void write_probes(struct jsonw *w, const struct snapshot *snap)
{
	jsonw_array_begin(w, "probes");
	for (int i = 0; i < snap->nprobes; i++) {
		jsonw_object_begin(w, NULL);
		jsonw_string(w, "name", snap->probes[i].name);
		jsonw_string(w, "attach", snap->probes[i].attach);
		jsonw_bool(w, "sampled", snap->probes[i].sampled);
		jsonw_double(w, "share", snap->probes[i].share);
		if (snap->probes[i].covered_by[0])
			jsonw_string(w, "covered_by", snap->probes[i].covered_by);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_softirq(struct jsonw *w, const struct softirq_sample *s)
{
	if (!s->known) {
		jsonw_null(w, "softirq");
		return;
	}
	jsonw_object_begin(w, "softirq");
	jsonw_u64(w, "net_rx_ns", s->ns);
	jsonw_double(w, "net_rx_pct", s->pct);
	jsonw_array_begin(w, "cpus");
	for (int cpu = 0; cpu < s->ncpus; cpu++) {
		jsonw_object_begin(w, NULL);
		jsonw_int(w, "cpu", cpu);
		jsonw_u64(w, "net_rx_ns", s->cpu_ns[cpu]);
		jsonw_double(w, "net_rx_pct", s->cpu_pct[cpu]);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_object_end(w);
}

static void write_self(struct jsonw *w, const struct snapshot *snap)
{
	const struct self_sample *self = &snap->self;

	jsonw_object_begin(w, "self");
	jsonw_double(w, "cpu_pct", self->cpu_pct);
	jsonw_u64(w, "cpu_ns", self->cpu_ns);
	jsonw_u64(w, "events_lost", snap->events_lost);
	jsonw_u64(w, "bpf_run_cnt", self->bpf_run_cnt);
	jsonw_u64(w, "bpf_run_time_ns", self->bpf_run_time_ns);
	jsonw_double(w, "bpf_cpu_pct", self->bpf_cpu_pct);
	jsonw_string(w, "bpf_stats", self->bpf_stats_always ? "always" : "sampled");
	jsonw_u64(w, "bpf_stats_ns", self->bpf_stats_ns);
	jsonw_array_begin(w, "programs");
	for (int i = 0; i < self->nprograms; i++) {
		const struct program_cost *p = &self->programs[i];

		jsonw_object_begin(w, NULL);
		jsonw_string(w, "name", p->name);
		jsonw_string(w, "attach", p->attach);
		jsonw_u64(w, "id", p->id);
		jsonw_u64(w, "run_cnt", p->run_cnt);
		jsonw_u64(w, "run_time_ns", p->run_time_ns);
		jsonw_double(w, "ns_per_run", p->ns_per_run);
		jsonw_double(w, "runs_ps", p->runs_ps);
		jsonw_double(w, "cpu_pct", p->cpu_pct);
		jsonw_double(w, "share", p->sampled_share > 0 ? p->sampled_share : 1);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_object_end(w);
}

void output_json(FILE *out, const struct snapshot *snap)
{
	output_json_with(out, snap, NULL, NULL);
}

void output_json_with(FILE *out, const struct snapshot *snap, output_json_extra extra, const void *arg)
{
	struct jsonw w;

	jsonw_init(&w, out);
	jsonw_object_begin(&w, NULL);
	jsonw_int(&w, "format", OUTPUT_BATCH_FORMAT);
	jsonw_double(&w, "ts", snap->ts);
	jsonw_double(&w, "interval", snap->interval);
	write_queues(&w, snap);
	write_stacks(&w, snap);
	write_processes(&w, snap);
	write_drops(&w, snap);
	write_ledger(&w, snap);
	write_ifaces(&w, snap);
	write_probes(&w, snap);
	write_softirq(&w, &snap->softirq);
	jsonw_object_begin(&w, "generator");
	jsonw_u64(&w, "sent", snap->generator_sent);
	jsonw_double(&w, "pps", snap->generator_pps);
	jsonw_object_end(&w);
	write_self(&w, snap);
	if (extra)
		extra(&w, arg);
	jsonw_object_end(&w);
	fputc('\n', out);
	fflush(out);
}
