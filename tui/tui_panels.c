// SPDX-License-Identifier: GPL-2.0-only
/* The main screen's panels: the stacks, queues and drops tables, the ledger waterfall and the overhead bars.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_format.h"
#include "tui_private.h"

/* One table: its columns and how to read a cell or a sort key of row `row` (index into the snapshot). */
struct table {
	const struct tui_column *cols;
	int ncols;
	const char *empty; /* shown when the table has no rows */
	enum tui_role (*cell)(const struct tui *t, int row, int col, int width, char *buf, size_t len);
	double (*key)(const struct tui *t, int row, int col);
};

/* ---- rates the sampler does not derive yet: from the previous snapshot, matched by identity ---- */

static const struct stack_sample *previous_stack(const struct tui *t, pid_t pid)
{
	for (int i = 0; t->have_previous && i < t->previous->nstacks; i++)
		if (t->previous->stacks[i].pid == pid)
			return &t->previous->stacks[i];
	return NULL;
}

static const struct process_sample *previous_process(const struct tui *t, pid_t pid)
{
	for (int i = 0; t->have_previous && i < t->previous->nprocesses; i++)
		if (t->previous->processes[i].pid == pid)
			return &t->previous->processes[i];
	return NULL;
}

static const struct queue_sample *previous_queue(const struct tui *t, const struct queue_sample *q)
{
	for (int i = 0; t->have_previous && i < t->previous->nqueues; i++)
		if (t->previous->queues[i].queue == q->queue &&
		    strcmp(t->previous->queues[i].iface, q->iface) == 0)
			return &t->previous->queues[i];
	return NULL;
}

/* Per-second rate of a counter against the previous snapshot; negative when unknown. */
static double rate(const struct tui *t, uint64_t now, uint64_t before, bool known)
{
	double dt = t->shown->ts - t->previous->ts;

	if (!known || dt <= 0 || now < before)
		return -1;
	return (double)(now - before) / dt;
}

static double stack_gbps(const struct tui *t, const struct stack_sample *s)
{
	const struct stack_sample *p = previous_stack(t, s->pid);
	double bytes = rate(t, s->rx_bytes, p ? p->rx_bytes : 0, p != NULL);

	return bytes < 0 ? -1 : bytes * 8 / 1e9;
}

static double stack_ctxsw(const struct tui *t, const struct stack_sample *s)
{
	const struct stack_sample *p = previous_stack(t, s->pid);

	return rate(t, s->ctxsw_voluntary + s->ctxsw_involuntary,
		    p ? p->ctxsw_voluntary + p->ctxsw_involuntary : 0, p != NULL);
}

static double process_ctxsw(const struct tui *t, const struct process_sample *s)
{
	const struct process_sample *p = previous_process(t, s->pid);

	return rate(t, s->ctxsw_voluntary + s->ctxsw_involuntary,
		    p ? p->ctxsw_voluntary + p->ctxsw_involuntary : 0, p != NULL);
}

static double queue_polls(const struct tui *t, const struct queue_sample *q)
{
	const struct queue_sample *p = previous_queue(t, q);

	return rate(t, q->napi_polls, p ? p->napi_polls : 0, p != NULL);
}

static void number(double v, char *buf, size_t len)
{
	if (v < 0)
		snprintf(buf, len, "-");
	else
		tui_human(v, buf, len);
}

/* ---- stacks and processes: one table, stacks first ---- */

enum { SC_NAME, SC_PID, SC_PPS, SC_GBPS, SC_DROPS, SC_SYSCALLS, SC_CTXSW, SC_USR, SC_SYS, SC_NS, SC_N };
static const struct tui_column stack_cols[SC_N] = {
    [SC_NAME] = {"STACK/PROC", 12, 0, false, true}, [SC_PID] = {"PID", 7, 4, false, false},
    [SC_PPS] = {"RX PPS", 7, 0, false, false},	    [SC_GBPS] = {"GBPS", 6, 1, false, false},
    [SC_DROPS] = {"DROPS/S", 7, 1, false, false},   [SC_SYSCALLS] = {"SYSC/PKT", 8, 2, false, false},
    [SC_CTXSW] = {"CTXSW/S", 7, 3, false, false},   [SC_USR] = {"USR%", 5, 2, false, false},
    [SC_SYS] = {"SYS%", 5, 2, false, false},	    [SC_NS] = {"NS/PKT", 6, 1, false, false},
};

static double stack_key(const struct tui *t, int row, int col)
{
	const struct snapshot *s = t->shown;

	if (row >= s->nstacks) {
		const struct process_sample *p = &s->processes[row - s->nstacks];

		switch (col) {
		case SC_PID:
			return p->pid;
		case SC_PPS: /* only a DPDK process says what it received */
			return p->dpdk.known ? p->dpdk.rx_pps : -1;
		case SC_DROPS:
			return p->dpdk.known ? p->dpdk.drops_ps : -1;
		case SC_CTXSW:
			return process_ctxsw(t, p);
		case SC_USR:
			return p->cpu_user_pct;
		case SC_SYS:
			return p->cpu_sys_pct;
		default:
			return -1;
		}
	}
	const struct stack_sample *k = &s->stacks[row];

	switch (col) {
	case SC_PID:
		return k->pid;
	case SC_PPS:
		return k->rx_pps;
	case SC_GBPS:
		return stack_gbps(t, k);
	case SC_DROPS:
		return k->drops_ps;
	case SC_SYSCALLS:
		return k->rates.syscalls_per_pkt;
	case SC_CTXSW:
		return stack_ctxsw(t, k);
	case SC_USR:
		return k->cpu_user_pct;
	case SC_SYS:
		return k->cpu_sys_pct;
	case SC_NS:
		return k->rates.softirq_ns_per_pkt;
	default:
		return -1;
	}
}

static enum tui_role stack_cell(const struct tui *t, int row, int col, int width, char *buf, size_t len)
{
	const struct snapshot *s = t->shown;
	bool process = row >= s->nstacks;
	double v;

	(void)width;
	if (col == SC_NAME) {
		if (process)
			snprintf(buf, len, "%s", s->processes[row - s->nstacks].comm);
		else
			snprintf(buf, len, "%s%s", s->stacks[row].stack,
				 s->stacks[row].alive ? "" : " (exit)");
		return process || s->stacks[row].alive ? ROLE_NORMAL : ROLE_DIM;
	}
	v = stack_key(t, row, col);
	if (col == SC_PID)
		snprintf(buf, len, "%.0f", v);
	else if (col == SC_USR || col == SC_SYS)
		snprintf(buf, len, "%.1f", v);
	else if (col == SC_SYSCALLS && v >= 0)
		snprintf(buf, len, "%.3f", v);
	else if (col == SC_GBPS && v >= 0)
		snprintf(buf, len, "%.2f", v);
	else if (col == SC_NS && v <= 0)
		snprintf(buf, len, "n/a");
	else
		number(v, buf, len);
	return col == SC_DROPS && v > 0 ? ROLE_WARN : ROLE_NORMAL;
}

/* ---- queues ---- */

enum { QC_IFACE, QC_QUEUE, QC_PPS, QC_MBPS, QC_DROPS, QC_POLLS, QC_XSK, QC_PACKETS, QC_SPARK, QC_N };
static const struct tui_column queue_cols[QC_N] = {
    [QC_IFACE] = {"IFACE", 10, 0, false, true},
    [QC_QUEUE] = {"Q", 3, 0, false, false},
    [QC_PPS] = {"RX PPS", 7, 0, false, false},
    [QC_MBPS] = {"MBPS", 7, 1, false, false},
    [QC_DROPS] = {"DROPS/S", 7, 2, false, false},
    [QC_POLLS] = {"POLLS/S", 7, 4, false, false},
    /* frames/s onto the queue's AF_XDP sockets, whoever holds them: what tc cannot see beside a foreign
       program */
    [QC_XSK] = {"XSK PPS", 7, 4, false, false},
    [QC_PACKETS] = {"PACKETS", 12, 5, false, false},
    [QC_SPARK] = {"RX PPS HISTORY", 8, 3, true, true},
};

static double queue_key(const struct tui *t, int row, int col)
{
	const struct queue_sample *q = &t->shown->queues[row];

	switch (col) {
	case QC_QUEUE:
		return q->queue;
	case QC_PPS:
		return q->rx_pps;
	case QC_MBPS:
		return q->rx_bps / 1e6;
	case QC_DROPS:
		return q->drops_ps;
	case QC_POLLS:
		return queue_polls(t, q);
	case QC_XSK:
		return q->xsk_known ? q->xsk_rx_pps : -1;
	case QC_PACKETS:
		return (double)q->rx_packets;
	default:
		return q->rx_pps;
	}
}

static enum tui_role queue_cell(const struct tui *t, int row, int col, int width, char *buf, size_t len)
{
	const struct queue_sample *q = &t->shown->queues[row];
	double v;

	if (col == QC_IFACE) {
		snprintf(buf, len, "%s", q->iface);
		return ROLE_NORMAL;
	}
	if (col == QC_SPARK) {
		const struct queue_history *h = tui_find_history(t, q->iface, q->queue);
		double values[TUI_HISTORY];

		if (!h) {
			buf[0] = 0;
			return ROLE_SPARK;
		}
		tui_history_values(h, values);
		tui_sparkline(values, h->count, width, t->utf8, buf, len);
		return ROLE_SPARK;
	}
	v = queue_key(t, row, col);
	if (col == QC_XSK && v < 0)
		snprintf(buf, len, "-"); /* no AF_XDP socket on this queue */
	else if (col == QC_QUEUE || col == QC_PACKETS)
		snprintf(buf, len, "%.0f", v);
	else
		number(v, buf, len);
	return col == QC_DROPS && v > 0 ? ROLE_WARN : ROLE_NORMAL;
}

/* ---- drops ---- */

enum { DC_WHERE, DC_REASON, DC_PPS, DC_PACKETS, DC_N };
static const struct tui_column drop_cols[DC_N] = {
    [DC_WHERE] = {"DROP AT", 8, 0, false, true},
    [DC_REASON] = {"REASON", 20, 0, true, true},
    [DC_PPS] = {"PPS", 7, 0, false, false},
    [DC_PACKETS] = {"PACKETS", 12, 1, false, false},
};

static double drop_key(const struct tui *t, int row, int col)
{
	const struct drop_sample *d = &t->shown->drops[row];

	return col == DC_PACKETS ? (double)d->packets : d->pps;
}

static enum tui_role drop_cell(const struct tui *t, int row, int col, int width, char *buf, size_t len)
{
	const struct drop_sample *d = &t->shown->drops[row];

	(void)width;
	switch (col) {
	case DC_WHERE:
		snprintf(buf, len, "%s", d->where);
		break;
	case DC_REASON:
		snprintf(buf, len, "%s%s", d->reason, d->overlaps ? " (overlap)" : "");
		break;
	case DC_PPS:
		number(d->pps, buf, len);
		break;
	default:
		snprintf(buf, len, "%llu", (unsigned long long)d->packets);
	}
	if (d->overlaps)
		return ROLE_DIM;
	return col == DC_PPS && d->pps > 0 ? ROLE_WARN : ROLE_NORMAL;
}

static const struct table tables[NPANELS] = {
    [PANEL_STACKS] = {stack_cols, SC_N, "no stacks or processes (rxtop run STACK, or -p PID)", stack_cell,
		      stack_key},
    [PANEL_QUEUES] = {queue_cols, QC_N, "no queues seen yet", queue_cell, queue_key},
    [PANEL_DROPS] = {drop_cols, DC_N, "no drops", drop_cell, drop_key},
};

int tui_panel_rows(const struct tui *t, enum tui_panel p)
{
	switch (p) {
	case PANEL_STACKS:
		return t->shown->nstacks + t->shown->nprocesses;
	case PANEL_QUEUES:
		return t->shown->nqueues;
	default:
		return t->shown->ndrops;
	}
}

int tui_panel_ncolumns(enum tui_panel p)
{
	return tables[p].ncols;
}

const char *tui_panel_column_title(enum tui_panel p, int col)
{
	return tables[p].cols[col].title;
}

struct sort_context {
	const struct tui *t;
	enum tui_panel panel;
};

static int compare_rows(const void *a, const void *b, void *arg)
{
	const struct sort_context *c = arg;
	const struct table *tab = &tables[c->panel];
	const struct panel_state *ps = &c->t->panels[c->panel];
	int ra = *(const int *)a, rb = *(const int *)b, order;

	if (tab->cols[ps->sort].left) {
		char x[64], y[64];

		tab->cell(c->t, ra, ps->sort, 0, x, sizeof(x));
		tab->cell(c->t, rb, ps->sort, 0, y, sizeof(y));
		order = strcmp(x, y);
	} else {
		double x = tab->key(c->t, ra, ps->sort), y = tab->key(c->t, rb, ps->sort);

		order = x < y ? -1 : x > y;
	}
	if (order == 0)
		order = ra < rb ? -1 : ra > rb; /* stable: equal rows keep the snapshot's order */
	else if (!ps->ascending)
		order = -order;
	return order;
}

void tui_sort_panel(struct tui *t, enum tui_panel p)
{
	struct sort_context c = {t, p};
	int n = tui_panel_rows(t, p);

	for (int i = 0; i < n; i++)
		t->sorted[p][i] = i;
	qsort_r(t->sorted[p], n, sizeof(int), compare_rows, &c);
}

void tui_row_identity(const struct tui *t, enum tui_panel p, int pos, char *name, size_t len, int *id)
{
	const struct snapshot *s = t->shown;
	int row = t->sorted[p][pos];

	if (p == PANEL_QUEUES) {
		snprintf(name, len, "%s", s->queues[row].iface);
		*id = s->queues[row].queue;
	} else if (p == PANEL_DROPS) {
		snprintf(name, len, "%s:%s", s->drops[row].where, s->drops[row].reason);
		*id = 0;
	} else if (row < s->nstacks) {
		snprintf(name, len, "%s", s->stacks[row].stack);
		*id = s->stacks[row].pid;
	} else {
		snprintf(name, len, "%s", s->processes[row - s->nstacks].comm);
		*id = s->processes[row - s->nstacks].pid;
	}
}

/* Fills line y with the role's background, then writes the visible columns' titles. */
static void draw_titles(struct tui *t, enum tui_panel p, int y, int cols, const bool *shown,
			const int *widths)
{
	const struct table *tab = &tables[p];
	const struct panel_state *ps = &t->panels[p];
	enum tui_role role = t->focus == p ? ROLE_FOCUS : ROLE_TITLE;
	char title[64];
	int x = 0;

	attrset(t->roles[role]);
	mvhline(y, 0, ' ', cols);
	for (int c = 0; c < tab->ncols; c++) {
		int w;

		if (!shown[c])
			continue;
		snprintf(title, sizeof(title), "%s%s", tab->cols[c].title,
			 c != ps->sort	 ? ""
			 : ps->ascending ? (t->utf8 ? "▲" : "^")
					 : (t->utf8 ? "▼" : "v"));
		w = tui_text_width(title);
		tui_put(t, y, tab->cols[c].left ? x : x + widths[c] - w, widths[c] + 1, role, title);
		x += widths[c] + 1;
	}
	attrset(A_NORMAL);
}

int tui_draw_table(struct tui *t, enum tui_panel p, int top, int height, int cols)
{
	const struct table *tab = &tables[p];
	struct panel_state *ps = &t->panels[p];
	int n = tui_panel_rows(t, p), visible = height - 1;
	bool shown[16];
	int widths[16];

	/* A scrolled table says where it is at the right of its titles: leave room for that. */
	tui_fit_columns(tab->cols, tab->ncols, n > visible ? cols - 12 : cols, shown, widths);
	draw_titles(t, p, top, cols, shown, widths);
	if (n == 0) {
		tui_put(t, top + 1, 1, cols - 1, ROLE_DIM, tab->empty);
		return height;
	}
	if (ps->selected >= n)
		ps->selected = n - 1;
	if (ps->selected < ps->scroll)
		ps->scroll = ps->selected;
	if (ps->selected >= ps->scroll + visible)
		ps->scroll = ps->selected - visible + 1;
	if (ps->scroll > n - visible)
		ps->scroll = n > visible ? n - visible : 0;
	for (int i = 0; i < visible && ps->scroll + i < n; i++) {
		int pos = ps->scroll + i, row = t->sorted[p][pos], y = top + 1 + i, x = 0;
		bool cursor = t->focus == p && pos == ps->selected;
		char cell[512];

		if (cursor) {
			attrset(t->roles[ROLE_SELECTED]);
			mvhline(y, 0, ' ', cols);
		}
		for (int c = 0; c < tab->ncols; c++) {
			enum tui_role role;
			int w;

			if (!shown[c])
				continue;
			role = tab->cell(t, row, c, widths[c], cell, sizeof(cell));
			w = tui_text_width(cell);
			tui_put(t, y, tab->cols[c].left || w > widths[c] ? x : x + widths[c] - w, widths[c],
				cursor ? ROLE_SELECTED : role, cell);
			x += widths[c] + 1;
		}
	}
	if (n > visible) {
		char more[32];

		snprintf(more, sizeof(more), " %d-%d/%d ", ps->scroll + 1,
			 ps->scroll + visible < n ? ps->scroll + visible : n, n);
		tui_put(t, top, cols - (int)strlen(more), (int)strlen(more),
			t->focus == p ? ROLE_FOCUS : ROLE_TITLE, more);
	}
	return height;
}

struct run {
	enum tui_role role;
	char text[48];
};

static int add_run(struct run *runs, int n, enum tui_role role, const char *text)
{
	size_t len = strlen(text);

	if (n == 24)
		return n;
	if (len >= sizeof(runs[0].text))
		len = sizeof(runs[0].text) - 1;
	memcpy(runs[n].text, text, len);
	runs[n].text[len] = 0;
	runs[n].role = role;
	return n + 1;
}

/* sent -> dropped per stage -> received, unexplained: one line, in short words when the long ones do not fit.
 */
static int ledger_runs(const struct tui *t, bool brief, struct run *runs)
{
	const struct snapshot *s = t->shown;
	const char *arrow = t->utf8 ? " → " : " -> ";
	char stages[8][24], text[96], a[16];
	uint64_t dropped[8] = {0};
	int nstages = 0, n = 0;

	n = add_run(runs, n, ROLE_HEADER, "LEDGER ");
	snprintf(text, sizeof(text), "%s %s", brief ? "rcvd" : "received",
		 tui_human((double)s->ledger.received, a, sizeof(a)));
	if (!s->ledger.known) {
		n = add_run(runs, n, ROLE_GOOD, text);
		return add_run(runs, n, ROLE_DIM,
			       brief ? " (sent unknown)" : "  (sent unknown: not rxtop's generator)");
	}
	for (int i = 0; i < s->ndrops; i++) {
		const struct drop_sample *d = &s->drops[i];
		int k;

		if (d->overlaps)
			continue;
		for (k = 0; k < nstages && strcmp(stages[k], d->where) != 0; k++)
			;
		if (k == nstages) {
			if (nstages == 8)
				continue;
			snprintf(stages[nstages++], sizeof(stages[0]), "%s", d->where);
		}
		dropped[k] += d->packets;
	}
	n = add_run(runs, n, ROLE_NORMAL, "sent ");
	n = add_run(runs, n, ROLE_NORMAL, tui_human((double)s->ledger.sent, a, sizeof(a)));
	for (int k = 0; k < nstages; k++) {
		char stage[256];

		n = add_run(runs, n, ROLE_DIM, arrow);
		snprintf(stage, sizeof(stage), "%s -%s", stages[k],
			 tui_human((double)dropped[k], a, sizeof(a)));
		n = add_run(runs, n, dropped[k] ? ROLE_WARN : ROLE_NORMAL, stage);
	}
	n = add_run(runs, n, ROLE_DIM, arrow);
	n = add_run(runs, n, ROLE_GOOD, text);
	if (s->ledger.in_flight) {
		snprintf(text, sizeof(text), "  %s %s", brief ? "flight" : "in flight",
			 tui_human((double)s->ledger.in_flight, a, sizeof(a)));
		n = add_run(runs, n, ROLE_NORMAL, text);
	}
	snprintf(text, sizeof(text), "  %s %lld", brief ? "unexpl" : "unexplained",
		 (long long)s->ledger.unexplained);
	return add_run(runs, n, s->ledger.unexplained ? ROLE_WARN : ROLE_GOOD, text);
}

static int runs_width(const struct run *runs, int n)
{
	int width = 0;

	for (int i = 0; i < n; i++)
		width += tui_text_width(runs[i].text);
	return width;
}

int tui_draw_ledger(struct tui *t, int top, int cols)
{
	struct run runs[24];
	int n = ledger_runs(t, false, runs), x = 0, verdict_x = cols;

	if (runs_width(runs, n) > cols)
		n = ledger_runs(t, true, runs);
	/* The verdict (unexplained, or "sent unknown") stays visible at the right; the waterfall gives way.
	 */
	if (runs_width(runs, n) > cols) {
		verdict_x = cols - tui_text_width(runs[n - 1].text);
		tui_put(t, top, verdict_x, cols - verdict_x, runs[n - 1].role, runs[n - 1].text);
		n--;
	}
	for (int i = 0; i < n && x < verdict_x; i++) {
		tui_put(t, top, x, verdict_x - x, runs[i].role, runs[i].text);
		x += tui_text_width(runs[i].text);
	}
	return 1;
}

/* Nanoseconds of CPU per received packet: user and sys from /proc, softirq from the probes (src/cost.c). */
static void stack_costs(const struct stack_sample *k, double *parts)
{
	parts[0] = k->rates.proc_user_ns_per_pkt;
	parts[1] = k->rates.proc_sys_ns_per_pkt;
	parts[2] = k->rates.softirq_ns_per_pkt > 0 ? k->rates.softirq_ns_per_pkt : 0;
}

static void cost_text(double v, char *buf, size_t len)
{
	if (v > 0)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "n/a");
}

int tui_draw_overhead(struct tui *t, int top, int height, int cols)
{
	static const enum tui_role roles[3] = {ROLE_USER, ROLE_SYS, ROLE_SOFTIRQ};
	const char *glyph_utf8[3] = {"█", "▓", "░"}, glyph_ascii[3] = {'#', '=', '-'};
	const struct snapshot *s = t->shown;
	int label = 12, text_width = 40, bar = cols - label - text_width - 2;
	double most = 0;
	char legend[128];

	snprintf(legend, sizeof(legend), "OVERHEAD ns/pkt   %s user  %s sys  %s softirq", t->utf8 ? "█" : "#",
		 t->utf8 ? "▓" : "=", t->utf8 ? "░" : "-");
	attrset(t->roles[ROLE_TITLE]);
	mvhline(top, 0, ' ', cols);
	tui_put(t, top, 0, cols, ROLE_TITLE, legend);
	if (s->nstacks == 0) {
		tui_put(t, top + 1, 1, cols - 1, ROLE_DIM, "n/a: no stack of rxtop's runs (rxtop run STACK)");
		return height;
	}
	for (int i = 0; i < s->nstacks; i++) {
		double parts[3];

		stack_costs(&s->stacks[i], parts);
		if (parts[0] + parts[1] + parts[2] > most)
			most = parts[0] + parts[1] + parts[2];
	}
	for (int i = 0; i < s->nstacks && i < height - 1; i++) {
		const struct stack_sample *k = &s->stacks[i];
		int y = top + 1 + i, x = label, cells[3], width;
		double parts[3], total;
		char u[16], y_[16], q[16], text[96];

		stack_costs(k, parts);
		total = parts[0] + parts[1] + parts[2];
		tui_put(t, y, 0, label, ROLE_NORMAL, k->stack);
		width = most > 0 && bar > 0 ? (int)(total / most * bar + 0.5) : 0;
		tui_bar_split(parts, 3, width, cells);
		for (int p = 0; p < 3; p++)
			for (int c = 0; c < cells[p]; c++) {
				char one[2] = {glyph_ascii[p], 0};

				tui_put(t, y, x++, 1, roles[p], t->utf8 ? glyph_utf8[p] : one);
			}
		cost_text(parts[0], u, sizeof(u));
		cost_text(parts[1], y_, sizeof(y_));
		cost_text(parts[2], q, sizeof(q));
		if (total > 0)
			snprintf(text, sizeof(text), "usr %s sys %s softirq %s = %.0f", u, y_, q, total);
		else
			snprintf(text, sizeof(text), "usr n/a sys n/a softirq n/a");
		tui_put(t, y, cols - text_width, text_width, ROLE_NORMAL, text);
	}
	return height;
}
