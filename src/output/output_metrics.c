// SPDX-License-Identifier: GPL-2.0-only
/* Writes a snapshot as a metrics exposition: OpenMetrics 1.0, or Prometheus' text format 0.0.4. */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "output.h"
#include "version.h"

/* One label pair; a NULL name ends the list. */
struct label {
	const char *name;
	const char *value;
};

struct exposition {
	FILE *out;
	enum metrics_dialect dialect;
};

/*
 * A label value as the format wants it: \ " and newline escaped. Exposition text must be UTF-8, and a
 * process name may hold any byte, so a byte outside printable ASCII becomes '?' (the pid label stays exact).
 */
static void put_label_value(FILE *out, const char *v)
{
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;

		if (c == '\\' || c == '"')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c > 0x7e)
			fputc('?', out);
		else
			fputc(c, out);
	}
}

static void put_labels(FILE *out, const struct label *labels)
{
	if (!labels || !labels[0].name)
		return;
	fputc('{', out);
	for (int i = 0; labels[i].name; i++) {
		fprintf(out, "%s%s=\"", i ? "," : "", labels[i].name);
		put_label_value(out, labels[i].value);
		fputc('"', out);
	}
	fputc('}', out);
}

/*
 * The family's header. OpenMetrics names a counter family without its "_total" sample suffix; the 0.0.4 text
 * format names the family as its samples are named (promtool and node_exporter's textfile read that one).
 */
static void family(const struct exposition *e, const char *name, const char *type, const char *unit,
		   const char *help)
{
	bool prometheus = e->dialect == METRICS_PROMETHEUS;
	const char *suffix = "";

	/* 0.0.4 has no info type: an info family is a gauge named as its sample, always 1. */
	if (prometheus && !strcmp(type, "counter"))
		suffix = "_total";
	else if (prometheus && !strcmp(type, "info"))
		suffix = "_info", type = "gauge";
	fprintf(e->out, "# TYPE %s%s %s\n", name, suffix, type);
	if (unit && e->dialect == METRICS_OPENMETRICS)
		fprintf(e->out, "# UNIT %s %s\n", name, unit);
	fprintf(e->out, "# HELP %s%s %s\n", name, suffix, help);
}

static void sample_u64(const struct exposition *e, const char *name, bool counter, const struct label *labels,
		       uint64_t value)
{
	fprintf(e->out, "%s%s", name, counter ? "_total" : "");
	put_labels(e->out, labels);
	fprintf(e->out, " %" PRIu64 "\n", value);
}

static void sample_double(const struct exposition *e, const char *name, bool counter,
			  const struct label *labels, double value)
{
	fprintf(e->out, "%s%s", name, counter ? "_total" : "");
	put_labels(e->out, labels);
	if (value != value)
		fputs(" NaN\n", e->out);
	else
		fprintf(e->out, " %.9g\n", value);
}

/* A whole family with one sample and no labels. */
static void single_counter(const struct exposition *e, const char *name, const char *unit, const char *help,
			   double value)
{
	family(e, name, "counter", unit, help);
	sample_double(e, name, true, NULL, value);
}

#define QUEUE_COUNTERS(X)                                                                                    \
	X(rx_packets, NULL, "Packets rxtop counted on the rx queue (XDP or tc ingress).", q->rx_packets)     \
	X(rx_bytes, "bytes", "Bytes rxtop counted on the rx queue.", q->rx_bytes)                            \
	X(drops, NULL, "Packets rxtop's counting program dropped on the rx queue.", q->drops)                \
	X(napi_polls, NULL, "NAPI polls of the queue (napi:napi_poll).", q->napi_polls)                      \
	X(napi_packets, NULL, "Packets the queue's NAPI polls processed.", q->napi_packets)

static void write_queues(const struct exposition *e, const struct snapshot *snap)
{
	char queue[16];

#define QUEUE_FAMILY(field, unit, help, value)                                                               \
	family(e, "rxtop_queue_" #field, "counter", unit, help);                                             \
	for (int i = 0; i < snap->nqueues; i++) {                                                            \
		const struct queue_sample *q = &snap->queues[i];                                             \
		struct label labels[] = {{"iface", q->iface}, {"queue", queue}, {NULL, NULL}};               \
                                                                                                             \
		snprintf(queue, sizeof(queue), "%d", q->queue);                                              \
		sample_u64(e, "rxtop_queue_" #field, true, labels, value);                                   \
	}
	QUEUE_COUNTERS(QUEUE_FAMILY)
#undef QUEUE_FAMILY
	family(e, "rxtop_queue_xsk_rx_packets", "counter", NULL,
	       "Frames put on the rx rings of the AF_XDP sockets bound to the queue, any process's.");
	for (int i = 0; i < snap->nqueues; i++) {
		const struct queue_sample *q = &snap->queues[i];
		struct label labels[] = {{"iface", q->iface}, {"queue", queue}, {NULL, NULL}};

		if (!q->xsk_known)
			continue;
		snprintf(queue, sizeof(queue), "%d", q->queue);
		sample_u64(e, "rxtop_queue_xsk_rx_packets", true, labels, q->xsk_rx_packets);
	}
}

#define IFACE_COUNTERS(X)                                                                                    \
	X(rx_packets, NULL, "The interface's rx_packets (sysfs), since rxtop started.", f->rx_packets)       \
	X(rx_bytes, "bytes", "The interface's rx_bytes (sysfs), since rxtop started.", f->rx_bytes)          \
	X(rx_dropped, NULL, "The interface's rx_dropped (sysfs), since rxtop started.", f->rx_dropped)       \
	X(rx_errors, NULL, "The interface's rx_errors (sysfs), since rxtop started.", f->rx_errors)

static void write_ifaces(const struct exposition *e, const struct snapshot *snap)
{
#define IFACE_FAMILY(field, unit, help, value)                                                               \
	family(e, "rxtop_iface_" #field, "counter", unit, help);                                             \
	for (int i = 0; i < snap->nifaces; i++) {                                                            \
		const struct iface_sample *f = &snap->ifaces[i];                                             \
		struct label labels[] = {{"iface", f->iface}, {NULL, NULL}};                                 \
                                                                                                             \
		sample_u64(e, "rxtop_iface_" #field, true, labels, value);                                   \
	}
	IFACE_COUNTERS(IFACE_FAMILY)
#undef IFACE_FAMILY
}

/* Rows that overlap another row count the same packets twice: the label lets a sum leave them out. */
static void write_drops(const struct exposition *e, const struct snapshot *snap)
{
	family(e, "rxtop_drops", "counter", NULL,
	       "Lost packets by stage and reason; overlap=\"true\" rows repeat packets of another row.");
	for (int i = 0; i < snap->ndrops; i++) {
		const struct drop_sample *d = &snap->drops[i];
		struct label labels[] = {{"where", d->where},
					 {"reason", d->reason},
					 {"overlap", d->overlaps ? "true" : "false"},
					 {NULL, NULL}};

		sample_u64(e, "rxtop_drops", true, labels, d->packets);
	}
}

#define STACK_COUNTERS(X)                                                                                    \
	X(rx_packets, NULL, "Packets the receiver took.", (double)k->rx_packets)                             \
	X(rx_bytes, "bytes", "Bytes the receiver took (UDP payload or TCP stream bytes).",                   \
	  (double)k->rx_bytes)                                                                               \
	X(drops, NULL, "Packets the receiver's own counters lost.", (double)k->drops)                        \
	X(syscalls, NULL, "System calls of the receiver's threads.", (double)k->syscalls)                    \
	X(ctxsw_voluntary, NULL, "Voluntary context switches (/proc).", (double)k->ctxsw_voluntary)          \
	X(ctxsw_involuntary, NULL, "Involuntary context switches (/proc).", (double)k->ctxsw_involuntary)    \
	X(cpu_user_seconds, "seconds", "User CPU time (/proc).", (double)k->cpu_user_ns / 1e9)               \
	X(cpu_system_seconds, "seconds", "System CPU time (/proc).", (double)k->cpu_sys_ns / 1e9)

static void write_stacks(const struct exposition *e, const struct snapshot *snap)
{
	char pid[16];

#define STACK_FAMILY(field, unit, help, value)                                                               \
	family(e, "rxtop_stack_" #field, "counter", unit, help);                                             \
	for (int i = 0; i < snap->nstacks; i++) {                                                            \
		const struct stack_sample *k = &snap->stacks[i];                                             \
		struct label labels[] = {{"stack", k->stack}, {"pid", pid}, {NULL, NULL}};                   \
                                                                                                             \
		snprintf(pid, sizeof(pid), "%d", (int)k->pid);                                               \
		sample_double(e, "rxtop_stack_" #field, true, labels, value);                                \
	}
	STACK_COUNTERS(STACK_FAMILY)
#undef STACK_FAMILY
}

#define PROCESS_COUNTERS(X)                                                                                  \
	X(syscalls, NULL, "System calls of the process's threads.", (double)p->syscalls)                     \
	X(ctxsw_voluntary, NULL, "Voluntary context switches (/proc).", (double)p->ctxsw_voluntary)          \
	X(ctxsw_involuntary, NULL, "Involuntary context switches (/proc).", (double)p->ctxsw_involuntary)    \
	X(cpu_user_seconds, "seconds", "User CPU time (/proc).", (double)p->cpu_user_ns / 1e9)               \
	X(cpu_system_seconds, "seconds", "System CPU time (/proc).", (double)p->cpu_sys_ns / 1e9)

static void write_processes(const struct exposition *e, const struct snapshot *snap)
{
	char pid[16], comm[sizeof(snap->processes[0].comm) + 1];

#define PROCESS_FAMILY(field, unit, help, value)                                                             \
	family(e, "rxtop_process_" #field, "counter", unit, help);                                           \
	for (int i = 0; i < snap->nprocesses; i++) {                                                         \
		const struct process_sample *p = &snap->processes[i];                                        \
		struct label labels[] = {{"pid", pid}, {"comm", comm}, {NULL, NULL}};                        \
                                                                                                             \
		snprintf(pid, sizeof(pid), "%d", (int)p->pid);                                               \
		snprintf(comm, sizeof(comm), "%.*s", (int)sizeof(p->comm), p->comm);                         \
		sample_double(e, "rxtop_process_" #field, true, labels, value);                              \
	}
	PROCESS_COUNTERS(PROCESS_FAMILY)
#undef PROCESS_FAMILY
}

#define DPDK_PORT_COUNTERS(X)                                                                                \
	X(rx_packets, "Packets the port received (the application's own count, DPDK telemetry).",            \
	  d->rx_packets)                                                                                     \
	X(imissed, "Packets the device dropped: its rx ring was full.", d->imissed)                          \
	X(rx_nombuf, "Receives that failed for want of an mbuf.", d->rx_nombuf)                              \
	X(ierrors, "Erroneous packets received.", d->ierrors)

/* A DPDK process's ports and rx queues from its telemetry socket; nothing when no process has one. */
static void write_dpdk(const struct exposition *e, const struct snapshot *snap)
{
	char pid[16], port[16], queue[16];
	bool any = false;

	for (int i = 0; i < snap->nprocesses; i++)
		any |= snap->processes[i].dpdk.known;
	if (!any)
		return;
#define DPDK_FAMILY(field, help, value)                                                                      \
	family(e, "rxtop_dpdk_port_" #field, "counter", NULL, help);                                         \
	for (int i = 0; i < snap->nprocesses; i++)                                                           \
		for (int j = 0; j < snap->processes[i].dpdk.nports; j++) {                                   \
			const struct dpdk_port_sample *d = &snap->processes[i].dpdk.ports[j];                \
			struct label labels[] = {                                                            \
			    {"pid", pid}, {"port", port}, {"name", d->name}, {NULL, NULL}};                  \
                                                                                                             \
			snprintf(pid, sizeof(pid), "%d", (int)snap->processes[i].pid);                       \
			snprintf(port, sizeof(port), "%d", d->port);                                         \
			sample_u64(e, "rxtop_dpdk_port_" #field, true, labels, value);                       \
		}
	DPDK_PORT_COUNTERS(DPDK_FAMILY)
#undef DPDK_FAMILY
	family(e, "rxtop_dpdk_queue_rx_packets", "counter", NULL,
	       "Packets an rx queue of the port received (DPDK telemetry).");
	for (int i = 0; i < snap->nprocesses; i++)
		for (int j = 0; j < snap->processes[i].dpdk.nports; j++) {
			const struct dpdk_port_sample *d = &snap->processes[i].dpdk.ports[j];
			struct label labels[] = {
			    {"pid", pid}, {"port", port}, {"queue", queue}, {NULL, NULL}};

			snprintf(pid, sizeof(pid), "%d", (int)snap->processes[i].pid);
			snprintf(port, sizeof(port), "%d", d->port);
			for (int q = 0; q < d->nqueues; q++) {
				snprintf(queue, sizeof(queue), "%d", q);
				sample_u64(e, "rxtop_dpdk_queue_rx_packets", true, labels,
					   d->queue_rx_packets[q]);
			}
		}
}

/* The ledger only where rxtop's generator says what was sent (SPEC: ledger.sent is otherwise null). */
static void write_ledger(const struct exposition *e, const struct snapshot *snap)
{
	const struct ledger *l = &snap->ledger;

	if (!l->known)
		return;
	single_counter(e, "rxtop_ledger_sent", NULL, "Packets rxtop's generator sent.", (double)l->sent);
	single_counter(e, "rxtop_ledger_received", NULL, "Packets received.", (double)l->received);
	single_counter(e, "rxtop_ledger_dropped", NULL, "Packets dropped at an attributed stage.",
		       (double)l->dropped);
	family(e, "rxtop_ledger_unexplained", "gauge", NULL,
	       "sent - received - dropped - in flight; negative means double counting.");
	sample_double(e, "rxtop_ledger_unexplained", false, NULL, (double)l->unexplained);
}

static void write_self(const struct exposition *e, const struct snapshot *snap)
{
	family(e, "rxtop_build", "info", NULL, "rxtop's version.");
	fprintf(e->out, "rxtop_build_info{version=\"%s\"} 1\n", RXTOP_VERSION);
	single_counter(e, "rxtop_self_cpu_seconds", "seconds", "rxtop's own CPU time, user + system.",
		       (double)snap->self.cpu_ns / 1e9);
	single_counter(e, "rxtop_self_bpf_run_seconds", "seconds",
		       "Run time of rxtop's BPF programs in the windows it measured them.",
		       (double)snap->self.bpf_run_time_ns / 1e9);
	single_counter(e, "rxtop_events_lost", NULL, "Ring-buffer records the kernel could not deliver.",
		       (double)snap->events_lost);
	if (snap->generator_sent || snap->ledger.known)
		single_counter(e, "rxtop_generator_sent", NULL, "Frames rxtop's generator sent.",
			       (double)snap->generator_sent);
}

void output_metrics(FILE *out, const struct snapshot *snap, enum metrics_dialect dialect)
{
	struct exposition e = {.out = out, .dialect = dialect};

	write_queues(&e, snap);
	write_ifaces(&e, snap);
	write_drops(&e, snap);
	write_stacks(&e, snap);
	write_processes(&e, snap);
	write_dpdk(&e, snap);
	write_ledger(&e, snap);
	write_self(&e, snap);
	if (dialect == METRICS_OPENMETRICS)
		fputs("# EOF\n", out);
	fflush(out);
}
