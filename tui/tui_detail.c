// SPDX-License-Identifier: GPL-2.0-only
/* The detail view: every field of one queue, stack, process or drop row, followed across snapshots. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rx_path.h"
#include "tui_detail.h"
#include "tui_format.h"
#include "tui_history.h"
#include "tui_screen.h"

struct field_list {
	struct tui *t;
	int y, x, width, bottom;
};

/* One "label  value" line; a second column starts when the first is full. */
static void field(struct field_list *f, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void field(struct field_list *f, const char *label, const char *fmt, ...)
{
	char value[128];
	va_list ap;

	if (f->y >= f->bottom) {
		f->y = 5;
		f->x += f->width;
	}
	if (f->x + 10 >= COLS)
		return;
	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	tui_put(f->t, f->y, f->x, 24, ROLE_HEADER, label);
	tui_put(f->t, f->y, f->x + 24, f->width - 25, ROLE_NORMAL, value);
	f->y++;
}

/* Where the queue's receive path runs (docs/receive-path.md). */
static void path_fields(struct field_list *f, const struct rx_path *p)
{
	char a[64], b[64], list[128];
	size_t used = 0;

	if (!p->known)
		return;
	snap_cpus_format(&p->irq_affinity, a, sizeof(a));
	snap_cpus_format(&p->irq_cpus, b, sizeof(b));
	if (p->irq >= 0)
		field(f, "irq", "%d on cpus %s (affinity %s)", p->irq, b[0] ? b : "-", a);
	else
		field(f, "irq", "none");
	if (p->napi_id)
		field(f, "napi id", "%u", p->napi_id);
	else
		field(f, "napi id", "unknown");
	field(f, "threaded napi", "%s", p->threaded > 0 ? "yes" : p->threaded == 0 ? "no" : "unknown");
	if (p->napi_thread) {
		snap_cpus_format(&p->napi_thread_affinity, a, sizeof(a));
		field(f, "napi thread", "%d on cpu %d (affinity %s)", (int)p->napi_thread, p->napi_thread_cpu,
		      a);
	}
	snap_cpus_format(&p->softirq_cpus, a, sizeof(a));
	field(f, "softirq cpus", "%s (%s)", a[0] ? a : "-",
	      p->softirq_source[0] ? p->softirq_source : "unknown");
	list[0] = '\0';
	for (int i = 0; i < p->nreceivers && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%d@%d%s", i ? " " : "",
					 (int)p->receivers[i].tid, p->receivers[i].cpu,
					 p->receivers[i].by_queue ? "" : "?");
	field(f, "receivers tid@cpu", "%s", list[0] ? list : "-");
	snap_cpus_format(&p->shared, a, sizeof(a));
	field(f, "shared cpus", "%s", a[0] ? a : "none");
	if (p->note[0])
		field(f, "note", "%s", p->note);
}

static void queue_fields(struct field_list *f, const struct queue_sample *q)
{
	static const char *const actions[SNAP_XDP_ACTIONS] = {"xdp aborted", "xdp drop", "xdp pass", "xdp tx",
							      "xdp redirect"};
	const struct queue_history *h = tui_find_history(f->t, q->iface, q->queue);

	field(f, "iface", "%s (ifindex %d)", q->iface, q->ifindex);
	field(f, "queue", "%d", q->queue);
	field(f, "rx packets", "%" PRIu64, q->rx_packets);
	field(f, "rx bytes", "%" PRIu64, q->rx_bytes);
	field(f, "rx pps", "%.1f", q->rx_pps);
	field(f, "rx bits/s", "%.0f", q->rx_bps);
	field(f, "drops", "%" PRIu64, q->drops);
	field(f, "drops/s", "%.1f", q->drops_ps);
	for (int i = 0; i < SNAP_XDP_ACTIONS; i++)
		field(f, actions[i], "%" PRIu64, q->xdp_actions[i]);
	field(f, "napi polls", "%" PRIu64, q->napi_polls);
	field(f, "napi packets", "%" PRIu64, q->napi_packets);
	field(f, "napi budget exhausted", "%" PRIu64, q->napi_budget_exhausted);
	field(f, "packets per napi poll", "%.2f",
	      q->napi_polls ? (double)q->napi_packets / q->napi_polls : 0.0);
	if (q->napi_busy_known) {
		field(f, "napi busy polls", "%" PRIu64, q->napi_busy_polls);
		field(f, "napi busy-polled packets", "%" PRIu64, q->napi_busy_packets);
	} else {
		field(f, "napi busy polls", "unknown (no NAPI_STATE_IN_BUSY_POLL in BTF)");
	}
	path_fields(f, &q->path);
	if (h && f->bottom + 1 < LINES - 1) {
		double values[TUI_HISTORY];
		char line[TUI_HISTORY * 4 + 1], peak[16];
		int width = COLS - 2 < TUI_HISTORY ? COLS - 2 : TUI_HISTORY;
		double most = 0;

		tui_history_values(h, values);
		for (int i = 0; i < h->count; i++)
			if (values[i] > most)
				most = values[i];
		snprintf(line, sizeof(line), "rx pps, last %d readings (peak %s pps):", h->count,
			 tui_human(most, peak, sizeof(peak)));
		tui_put(f->t, f->bottom, 0, COLS, ROLE_HEADER, line);
		tui_sparkline(values, h->count, width, f->t->utf8, line, sizeof(line));
		tui_put(f->t, f->bottom + 1, 0, COLS, ROLE_SPARK, line);
	}
}

static void stack_fields(struct field_list *f, const struct stack_sample *k)
{
	field(f, "stack", "%s", k->stack);
	field(f, "pid", "%d (%s)", (int)k->pid, k->alive ? "running" : "exited");
	field(f, "rx packets", "%" PRIu64, k->rx_packets);
	field(f, "rx bytes", "%" PRIu64, k->rx_bytes);
	field(f, "rx pps", "%.1f", k->rx_pps);
	field(f, "drops", "%" PRIu64, k->drops);
	field(f, "drops/s", "%.1f", k->drops_ps);
	field(f, "syscalls", "%" PRIu64, k->syscalls);
	field(f, "syscalls/pkt", "%.4f", k->rates.syscalls_per_pkt);
	field(f, "ctxsw voluntary", "%" PRIu64, k->ctxsw_voluntary);
	field(f, "ctxsw involuntary", "%" PRIu64, k->ctxsw_involuntary);
	field(f, "cpu user", "%.2f %% (%" PRIu64 " ns)", k->cpu_user_pct, k->cpu_user_ns);
	field(f, "cpu sys", "%.2f %% (%" PRIu64 " ns)", k->cpu_sys_pct, k->cpu_sys_ns);
	field(f, "softirq", "%" PRIu64 " ns", k->softirq_ns);
	if (k->rates.softirq_ns_per_pkt > 0)
		field(f, "softirq ns/pkt", "%.1f", k->rates.softirq_ns_per_pkt);
	else
		field(f, "softirq ns/pkt", "n/a");
	if (k->nqueues > 0) {
		char ids[128];
		size_t used = 0;

		ids[0] = '\0';
		for (int q = 0; q < k->nqueues && used < sizeof(ids); q++)
			used += (size_t)snprintf(ids + used, sizeof(ids) - used, "%s%u", q ? " " : "",
						 k->napi_ids[q]);
		field(f, "socket napi ids", "%s", ids);
	}
	if (k->busy_poll)
		field(f, "busy poll", "%s",
		      k->busy_poll_idle ? "cannot run: a queue's socket has no NAPI id" : "set");
}

static void process_fields(struct field_list *f, const struct process_sample *p)
{
	field(f, "process", "%s", p->comm);
	field(f, "pid", "%d", (int)p->pid);
	field(f, "syscalls", "%" PRIu64, p->syscalls);
	field(f, "ctxsw voluntary", "%" PRIu64, p->ctxsw_voluntary);
	field(f, "ctxsw involuntary", "%" PRIu64, p->ctxsw_involuntary);
	field(f, "cpu user", "%.2f %% (%" PRIu64 " ns)", p->cpu_user_pct, p->cpu_user_ns);
	field(f, "cpu sys", "%.2f %% (%" PRIu64 " ns)", p->cpu_sys_pct, p->cpu_sys_ns);
	if (p->dpdk.known)
		field(f, "dpdk telemetry", "%s%s", p->dpdk.socket, p->dpdk.connected ? "" : " (gone)");
	for (int i = 0; i < p->dpdk.nports; i++) {
		const struct dpdk_port_sample *d = &p->dpdk.ports[i];

		/* One value per line: the column is narrow. */
		field(f, "dpdk port", "%d %s", d->port, d->name);
		field(f, " rx", "%" PRIu64 " (%.0f pps)", d->rx_packets, d->rx_pps);
		field(f, " imissed", "%" PRIu64, d->imissed);
		field(f, " rx_nombuf", "%" PRIu64, d->rx_nombuf);
		field(f, " ierrors", "%" PRIu64, d->ierrors);
		for (int q = 0; q < d->nqueues; q++)
			field(f, " rx queue", "%d: %" PRIu64 " (%.0f pps)", q, d->queue_rx_packets[q],
			      d->queue_rx_pps[q]);
	}
}

static void drop_fields(struct field_list *f, const struct drop_sample *d)
{
	field(f, "drop at", "%s", d->where);
	field(f, "reason", "%s", d->reason);
	field(f, "packets", "%" PRIu64, d->packets);
	field(f, "pps", "%.1f", d->pps);
	field(f, "in the ledger", "%s", d->overlaps ? "no: counted in another row too" : "yes");
}

void tui_draw_detail(struct tui *t)
{
	const struct snapshot *s = t->shown;
	struct field_list f = {t, 5, 0, COLS >= 100 ? COLS / 2 : COLS, LINES - 4};
	char title[128];
	bool found = false;

	snprintf(title, sizeof(title), "DETAIL %s %d   (Esc or Enter: back)", t->detail_name, t->detail_id);
	tui_fill_line(t, 4, COLS, ROLE_FOCUS);
	tui_put(t, 4, 0, COLS, ROLE_FOCUS, title);
	if (t->detail_panel == PANEL_QUEUES) {
		for (int i = 0; i < s->nqueues && !found; i++)
			if (s->queues[i].queue == t->detail_id &&
			    strcmp(s->queues[i].iface, t->detail_name) == 0) {
				queue_fields(&f, &s->queues[i]);
				found = true;
			}
	} else if (t->detail_panel == PANEL_STACKS) {
		for (int i = 0; i < s->nstacks && !found; i++)
			if (s->stacks[i].pid == t->detail_id) {
				stack_fields(&f, &s->stacks[i]);
				found = true;
			}
		for (int i = 0; i < s->nprocesses && !found; i++)
			if (s->processes[i].pid == t->detail_id) {
				process_fields(&f, &s->processes[i]);
				found = true;
			}
	} else {
		for (int i = 0; i < s->ndrops && !found; i++) {
			char name[sizeof(t->detail_name)];

			snprintf(name, sizeof(name), "%s:%s", s->drops[i].where, s->drops[i].reason);
			if (strcmp(name, t->detail_name) == 0) {
				drop_fields(&f, &s->drops[i]);
				found = true;
			}
		}
	}
	if (!found)
		tui_put(t, 5, 0, COLS, ROLE_WARN, "this row is gone from the latest reading");
}
