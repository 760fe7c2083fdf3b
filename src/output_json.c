/* Writes a snapshot as one JSON line with the keys SPEC.md requires (and documented extras). */
#include "jsonw.h"
#include "output.h"

static void write_queues(struct jsonw *w, const struct snapshot *snap)
{
	static const char *const action_names[SNAP_XDP_ACTIONS] = {"aborted", "drop", "pass", "tx", "redirect"};

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
		jsonw_u64(w, "napi_packets", q->napi_packets);
		jsonw_u64(w, "napi_budget_exhausted", q->napi_budget_exhausted);
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
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
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
		jsonw_u64(w, "drops", s->drops);
		jsonw_double(w, "drops_ps", s->drops_ps);
		jsonw_u64(w, "syscalls", s->syscalls);
		jsonw_double(w, "syscalls_per_pkt", s->syscalls_per_pkt);
		jsonw_u64(w, "ctxsw_voluntary", s->ctxsw_voluntary);
		jsonw_u64(w, "ctxsw_involuntary", s->ctxsw_involuntary);
		jsonw_double(w, "cpu_user_pct", s->cpu_user_pct);
		jsonw_double(w, "cpu_sys_pct", s->cpu_sys_pct);
		jsonw_double(w, "softirq_ns_per_pkt", s->softirq_ns_per_pkt);
		jsonw_object_begin(w, "events");
		for (int e = 0; e < s->nevents; e++)
			jsonw_u64(w, s->events[e].name, s->events[e].count);
		jsonw_object_end(w);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
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
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

void output_json(FILE *out, const struct snapshot *snap)
{
	struct jsonw w;

	jsonw_init(&w, out);
	jsonw_object_begin(&w, NULL);
	jsonw_double(&w, "ts", snap->ts);
	jsonw_double(&w, "interval", snap->interval);
	write_queues(&w, snap);
	write_stacks(&w, snap);
	write_processes(&w, snap);
	write_drops(&w, snap);
	write_ledger(&w, snap);
	write_ifaces(&w, snap);
	write_probes(&w, snap);
	jsonw_object_begin(&w, "generator");
	jsonw_u64(&w, "sent", snap->generator_sent);
	jsonw_double(&w, "pps", snap->generator_pps);
	jsonw_object_end(&w);
	jsonw_object_begin(&w, "self");
	jsonw_double(&w, "cpu_pct", snap->self_cpu_pct);
	jsonw_u64(&w, "events_lost", snap->events_lost);
	jsonw_object_end(&w);
	jsonw_object_end(&w);
	fputc('\n', out);
	fflush(out);
}
