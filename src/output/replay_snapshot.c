// SPDX-License-Identifier: GPL-2.0-only
/* Rebuilds a snapshot from one `rxtop -b -o json` line (docs/json-schema.md): output_json.c read backwards.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cost.h"
#include "output.h"
#include "replay.h"
#include "rx_path.h"

#define ARRAY_EACH(j, arr, i) for (int i = jsonr_first(j, arr); i >= 0; i = jsonr_next(j, arr, i))

static double num(const struct jsonr *j, int obj, const char *key)
{
	return jsonr_double(j, jsonr_member(j, obj, key), 0);
}

static uint64_t u64(const struct jsonr *j, int obj, const char *key)
{
	return jsonr_u64(j, jsonr_member(j, obj, key));
}

static void str(const struct jsonr *j, int obj, const char *key, char *buf, size_t len)
{
	jsonr_string(j, jsonr_member(j, obj, key), buf, len);
}

static void read_cpus(const struct jsonr *j, int arr, struct snap_cpus *out)
{
	memset(out, 0, sizeof(*out));
	ARRAY_EACH(j, arr, i)
	snap_cpus_set(out, (int)jsonr_i64(j, i));
}

/* A number, or `absent` for null or no key. */
static int int_or(const struct jsonr *j, int obj, const char *key, int absent)
{
	int v = jsonr_member(j, obj, key);

	return jsonr_is(j, v, JSONR_NUMBER) ? (int)jsonr_i64(j, v) : absent;
}

/* queues[].path (output_path.c): null, or recorded before rxtop had it, leaves it unknown. */
static void read_path(const struct jsonr *j, int o, struct rx_path *p)
{
	int thread = jsonr_member(j, o, "napi_thread");

	if (!jsonr_is(j, o, JSONR_OBJECT))
		return;
	p->known = true;
	p->irq = int_or(j, o, "irq", -1);
	read_cpus(j, jsonr_member(j, o, "irq_affinity"), &p->irq_affinity);
	read_cpus(j, jsonr_member(j, o, "irq_cpus"), &p->irq_cpus);
	p->napi_id = (unsigned int)u64(j, o, "napi_id");
	p->threaded = int_or(j, o, "threaded", -1);
	p->napi_thread_cpu = -1;
	if (jsonr_is(j, thread, JSONR_OBJECT)) {
		p->napi_thread = (pid_t)u64(j, thread, "pid");
		p->napi_thread_cpu = int_or(j, thread, "cpu", -1);
		read_cpus(j, jsonr_member(j, thread, "affinity"), &p->napi_thread_affinity);
	}
	read_cpus(j, jsonr_member(j, o, "softirq_cpus"), &p->softirq_cpus);
	str(j, o, "softirq_source", p->softirq_source, sizeof(p->softirq_source));
	str(j, o, "note", p->note, sizeof(p->note));
	ARRAY_EACH(j, jsonr_member(j, o, "receivers"), r)
	{
		struct rx_receiver *x = &p->receivers[p->nreceivers];

		if (p->nreceivers >= SNAP_MAX_RECEIVERS)
			break;
		x->pid = (pid_t)u64(j, r, "pid");
		x->tid = (pid_t)u64(j, r, "tid");
		str(j, r, "comm", x->comm, sizeof(x->comm));
		x->cpu = int_or(j, r, "cpu", -1);
		read_cpus(j, jsonr_member(j, r, "affinity"), &x->affinity);
		x->by_queue = jsonr_bool(j, jsonr_member(j, r, "by_queue"));
		p->nreceivers++;
	}
	read_cpus(j, jsonr_member(j, o, "shared_cpus"), &p->shared);
}

static void read_queue(const struct jsonr *j, int o, struct queue_sample *q)
{
	static const char *const action_names[SNAP_XDP_ACTIONS] = {"aborted", "drop", "pass", "tx",
								   "redirect"};
	int actions = jsonr_member(j, o, "xdp_actions"), xsk = jsonr_member(j, o, "xsk");

	str(j, o, "iface", q->iface, sizeof(q->iface));
	q->queue = (int)jsonr_i64(j, jsonr_member(j, o, "queue"));
	q->rx_packets = u64(j, o, "rx_packets");
	q->rx_pps = num(j, o, "rx_pps");
	q->rx_bytes = u64(j, o, "rx_bytes");
	q->rx_bps = num(j, o, "rx_bps");
	q->drops = u64(j, o, "drops");
	q->drops_ps = num(j, o, "drops_ps");
	for (int a = 0; a < SNAP_XDP_ACTIONS; a++)
		q->xdp_actions[a] = u64(j, actions, action_names[a]);
	q->napi_polls = u64(j, o, "napi_polls");
	q->napi_polls_ps = num(j, o, "napi_polls_ps");
	q->napi_packets = u64(j, o, "napi_packets");
	q->napi_budget_exhausted = u64(j, o, "napi_budget_exhausted");
	q->xsk_known = jsonr_is(j, xsk, JSONR_OBJECT);
	if (q->xsk_known) {
		q->xsk_sockets = (int)u64(j, xsk, "sockets");
		q->xsk_rx_packets = u64(j, xsk, "rx_packets");
		q->xsk_rx_pps = num(j, xsk, "rx_pps");
		q->xsk_rx_ring_full = u64(j, xsk, "rx_ring_full");
		q->xsk_fill_ring_empty = u64(j, xsk, "fill_ring_empty");
		q->xsk_rx_dropped = u64(j, xsk, "rx_dropped");
		q->xsk_rx_invalid = u64(j, xsk, "rx_invalid");
	}
	q->napi_busy_known = jsonr_is(j, jsonr_member(j, o, "napi_busy_polls"), JSONR_NUMBER);
	q->napi_busy_polls = u64(j, o, "napi_busy_polls");
	q->napi_busy_packets = u64(j, o, "napi_busy_packets");
	read_path(j, jsonr_member(j, o, "path"), &q->path);
}

static void read_costs(const struct jsonr *j, int o, struct cost_rates *r, struct overhead_sample *ov,
		       uint64_t *softirq_ns)
{
	int breakdown = jsonr_member(j, o, "breakdown"), over = jsonr_member(j, o, "overhead");

	r->syscalls_ps = num(j, o, "syscalls_ps");
	r->syscalls_per_pkt = num(j, o, "syscalls_per_pkt");
	r->pkts_per_syscall = num(j, o, "pkts_per_syscall");
	r->ctxsw_voluntary_ps = num(j, o, "ctxsw_voluntary_ps");
	r->ctxsw_involuntary_ps = num(j, o, "ctxsw_involuntary_ps");
	r->user_ns_per_pkt = num(j, breakdown, "user");
	r->syscall_ns_per_pkt = num(j, breakdown, "syscall");
	r->softirq_ns_per_pkt = num(j, breakdown, "softirq");
	r->cpu_ns_per_pkt = num(j, breakdown, "cpu");
	r->wait_ns_per_pkt = num(j, breakdown, "wait");
	ARRAY_EACH(j, jsonr_member(j, o, "top_syscalls"), s)
	{
		struct syscall_sample *sc = &ov->top_syscalls[ov->nsyscalls];

		if (ov->nsyscalls == SNAP_MAX_SYSCALLS)
			break;
		str(j, s, "name", sc->name, sizeof(sc->name));
		sc->count = u64(j, s, "count");
		sc->ns = u64(j, s, "ns");
		ov->nsyscalls++;
	}
	ov->user_ns = u64(j, over, "user_ns");
	ov->syscall_cpu_ns = u64(j, over, "syscall_ns");
	ov->oncpu_ns = u64(j, over, "oncpu_ns");
	ov->offcpu_ns = u64(j, over, "offcpu_ns");
	ov->runq_wait_ns = u64(j, over, "runq_wait_ns");
	ov->switches_voluntary = u64(j, over, "switches_voluntary");
	ov->switches_involuntary = u64(j, over, "switches_involuntary");
	*softirq_ns = u64(j, over, "softirq_ns");
}

static void read_stack(const struct jsonr *j, int o, struct stack_sample *s)
{
	int events = jsonr_member(j, o, "events"), busy = jsonr_member(j, o, "busy_poll");

	str(j, o, "stack", s->stack, sizeof(s->stack));
	s->pid = (pid_t)jsonr_i64(j, jsonr_member(j, o, "pid"));
	s->alive = jsonr_bool(j, jsonr_member(j, o, "alive"));
	s->rx_packets = u64(j, o, "rx_packets");
	s->rx_pps = num(j, o, "rx_pps");
	s->rx_bytes = u64(j, o, "rx_bytes");
	s->rx_bps = num(j, o, "rx_bps");
	s->drops = u64(j, o, "drops");
	s->drops_ps = num(j, o, "drops_ps");
	s->syscalls = u64(j, o, "syscalls");
	s->ctxsw_voluntary = u64(j, o, "ctxsw_voluntary");
	s->ctxsw_involuntary = u64(j, o, "ctxsw_involuntary");
	s->cpu_user_pct = num(j, o, "cpu_user_pct");
	s->cpu_sys_pct = num(j, o, "cpu_sys_pct");
	read_costs(j, o, &s->rates, &s->overhead, &s->softirq_ns);
	/* A reading carries no /proc CPU counters, only their shares over its interval: the same quotient. */
	cost_proc_from_shares(s->cpu_user_pct, s->cpu_sys_pct, s->rx_pps, &s->rates);
	/* Members of "events": each key is an event's name. */
	for (int m = 0, k = events + 1; jsonr_is(j, events, JSONR_OBJECT) && m < j->tok[events].count; m++) {
		if (s->nevents < (int)(sizeof(s->events) / sizeof(s->events[0]))) {
			jsonr_string(j, k, s->events[s->nevents].name, sizeof(s->events[0].name));
			s->events[s->nevents++].count = jsonr_u64(j, k + 1);
		}
		k = j->tok[k + 1].next;
	}
	ARRAY_EACH(j, jsonr_member(j, o, "napi_ids"), n)
	{
		if (s->nqueues < SNAP_MAX_STACK_QUEUES)
			s->napi_ids[s->nqueues++] = (unsigned int)jsonr_u64(j, n);
	}
	s->busy_poll = jsonr_is(j, busy, JSONR_OBJECT);
	s->busy_poll_idle = (int)u64(j, busy, "queues_without_napi_id");
}

static void read_process(const struct jsonr *j, int o, struct process_sample *p)
{
	p->pid = (pid_t)jsonr_i64(j, jsonr_member(j, o, "pid"));
	str(j, o, "comm", p->comm, sizeof(p->comm));
	p->syscalls = u64(j, o, "syscalls");
	p->ctxsw_voluntary = u64(j, o, "ctxsw_voluntary");
	p->ctxsw_involuntary = u64(j, o, "ctxsw_involuntary");
	p->cpu_user_pct = num(j, o, "cpu_user_pct");
	p->cpu_sys_pct = num(j, o, "cpu_sys_pct");
	p->rx_packets = u64(j, o, "rx_packets");
	read_costs(j, o, &p->rates, &p->overhead, &p->softirq_ns);
	p->rates.syscalls_per_pkt = num(j, o, "syscalls_per_pkt");
}

static void read_ledger(const struct jsonr *j, int o, struct ledger *l)
{
	int sent = jsonr_member(j, o, "sent");

	l->known = jsonr_is(j, sent, JSONR_NUMBER);
	l->sent = jsonr_u64(j, sent);
	l->received = u64(j, o, "received");
	l->dropped = u64(j, o, "dropped");
	l->unexplained = jsonr_i64(j, jsonr_member(j, o, "unexplained"));
	/* The line has no in_flight; it is what the other four leave (unexplained's definition, snapshot.h).
	 */
	if (l->known)
		l->in_flight = l->sent - l->received - l->dropped - (uint64_t)l->unexplained;
}

static void read_softirq(const struct jsonr *j, int o, struct softirq_sample *s)
{
	s->known = jsonr_is(j, o, JSONR_OBJECT);
	s->ns = u64(j, o, "net_rx_ns");
	s->pct = num(j, o, "net_rx_pct");
	ARRAY_EACH(j, jsonr_member(j, o, "cpus"), c)
	{
		int cpu = (int)jsonr_i64(j, jsonr_member(j, c, "cpu"));

		if (cpu < 0 || cpu >= SNAP_MAX_CPUS)
			continue;
		s->cpu_ns[cpu] = u64(j, c, "net_rx_ns");
		s->cpu_pct[cpu] = num(j, c, "net_rx_pct");
		if (cpu >= s->ncpus)
			s->ncpus = cpu + 1;
	}
}

static void read_self(const struct jsonr *j, int o, struct snapshot *snap)
{
	struct self_sample *self = &snap->self;
	char stats[16];

	self->cpu_pct = num(j, o, "cpu_pct");
	self->cpu_ns = u64(j, o, "cpu_ns");
	snap->events_lost = u64(j, o, "events_lost");
	self->bpf_run_cnt = u64(j, o, "bpf_run_cnt");
	self->bpf_run_time_ns = u64(j, o, "bpf_run_time_ns");
	self->bpf_cpu_pct = num(j, o, "bpf_cpu_pct");
	str(j, o, "bpf_stats", stats, sizeof(stats));
	self->bpf_stats_always = strcmp(stats, "always") == 0;
	self->bpf_stats_ns = u64(j, o, "bpf_stats_ns");
	ARRAY_EACH(j, jsonr_member(j, o, "programs"), i)
	{
		struct program_cost *p = &self->programs[self->nprograms];
		double share = num(j, i, "share");

		if (self->nprograms == SNAP_MAX_PROGRAMS)
			break;
		str(j, i, "name", p->name, sizeof(p->name));
		str(j, i, "attach", p->attach, sizeof(p->attach));
		p->id = (uint32_t)u64(j, i, "id");
		p->run_cnt = u64(j, i, "run_cnt");
		p->run_time_ns = u64(j, i, "run_time_ns");
		p->ns_per_run = num(j, i, "ns_per_run");
		p->runs_ps = num(j, i, "runs_ps");
		p->cpu_pct = num(j, i, "cpu_pct");
		p->sampled_share = share < 1 ? share : 0; /* output_json writes 1 for a probe never sampled */
		self->nprograms++;
	}
}

/* Copies each element of array `key` with `read` into `out` (at most max); the count read. */
#define READ_ARRAY(j, root, key, out, max, count, read)                                                      \
	do {                                                                                                 \
		ARRAY_EACH(j, jsonr_member(j, root, key), e_)                                                \
		{                                                                                            \
			if ((count) == (max))                                                                \
				break;                                                                       \
			read(j, e_, &(out)[(count)++]);                                                      \
		}                                                                                            \
	} while (0)

static void read_drop(const struct jsonr *j, int o, struct drop_sample *d)
{
	int in_ledger = jsonr_member(j, o, "in_ledger");

	str(j, o, "where", d->where, sizeof(d->where));
	str(j, o, "reason", d->reason, sizeof(d->reason));
	d->packets = u64(j, o, "packets");
	d->pps = num(j, o, "pps");
	d->overlaps = jsonr_is(j, in_ledger, JSONR_BOOL) && !jsonr_bool(j, in_ledger);
	d->before_queues = strcmp(d->where, "nic") == 0; /* the NIC's drops precede every queue counter */
}

static void read_iface(const struct jsonr *j, int o, struct iface_sample *f)
{
	str(j, o, "iface", f->iface, sizeof(f->iface));
	f->rx_packets = u64(j, o, "rx_packets");
	f->rx_pps = num(j, o, "rx_pps");
	f->rx_bytes = u64(j, o, "rx_bytes");
	f->rx_dropped = u64(j, o, "rx_dropped");
	f->rx_errors = u64(j, o, "rx_errors");
	str(j, o, "counter", f->counter, sizeof(f->counter));
	str(j, o, "nic_queues", f->nic_queues, sizeof(f->nic_queues));
	str(j, o, "nic_queues_note", f->nic_queues_note, sizeof(f->nic_queues_note));
}

static void read_probe(const struct jsonr *j, int o, struct probe_status *p)
{
	str(j, o, "name", p->name, sizeof(p->name));
	str(j, o, "attach", p->attach, sizeof(p->attach));
	p->sampled = jsonr_bool(j, jsonr_member(j, o, "sampled"));
	p->share = num(j, o, "share");
	str(j, o, "covered_by", p->covered_by, sizeof(p->covered_by));
}

int replay_snapshot_from_json(const struct jsonr *j, struct snapshot *snap, char *why, size_t len)
{
	int format = jsonr_member(j, 0, "format"), gen = jsonr_member(j, 0, "generator");
	static const char *const required[] = {"ts", "interval", "queues"};

	if (!jsonr_is(j, 0, JSONR_OBJECT) || !jsonr_is(j, format, JSONR_NUMBER)) {
		snprintf(why, len,
			 "is JSON but not a reading of rxtop -o json (no \"format\"); " REPLAY_RECORD_HINT);
		return -1;
	}
	if (jsonr_double(j, format, 0) != OUTPUT_BATCH_FORMAT) {
		snprintf(why, len,
			 "has batch format %.0f and this rxtop reads format %d; replay it with the rxtop "
			 "that recorded it",
			 jsonr_double(j, format, 0), OUTPUT_BATCH_FORMAT);
		return -1;
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (jsonr_member(j, 0, required[i]) < 0) {
			snprintf(why, len,
				 "is not a reading of rxtop -o json (no \"%s\"); " REPLAY_RECORD_HINT,
				 required[i]);
			return -1;
		}
	memset(snap, 0, sizeof(*snap));
	snap->ts = num(j, 0, "ts");
	snap->interval = num(j, 0, "interval");
	if (!isfinite(snap->ts) || !isfinite(snap->interval) || snap->interval < 0) {
		snprintf(why, len, "has no valid \"ts\" and \"interval\"; " REPLAY_RECORD_HINT);
		return -1;
	}
	snap->mono = snap->ts;
	READ_ARRAY(j, 0, "queues", snap->queues, SNAP_MAX_QUEUES, snap->nqueues, read_queue);
	READ_ARRAY(j, 0, "stacks", snap->stacks, SNAP_MAX_STACKS, snap->nstacks, read_stack);
	READ_ARRAY(j, 0, "processes", snap->processes, SNAP_MAX_PROCESSES, snap->nprocesses, read_process);
	READ_ARRAY(j, 0, "drops", snap->drops, SNAP_MAX_DROPS, snap->ndrops, read_drop);
	READ_ARRAY(j, 0, "ifaces", snap->ifaces, SNAP_MAX_IFACES, snap->nifaces, read_iface);
	READ_ARRAY(j, 0, "probes", snap->probes, SNAP_MAX_PROBES, snap->nprobes, read_probe);
	read_ledger(j, jsonr_member(j, 0, "ledger"), &snap->ledger);
	read_softirq(j, jsonr_member(j, 0, "softirq"), &snap->softirq);
	snap->generator_sent = u64(j, gen, "sent");
	snap->generator_pps = num(j, gen, "pps");
	read_self(j, jsonr_member(j, 0, "self"), snap);
	return 0;
}
