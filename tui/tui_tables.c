// SPDX-License-Identifier: GPL-2.0-only
/* The stacks, queues and drops tables: their columns, and each cell formatted from the sampler's numbers. */
#include <stdio.h>
#include <string.h>

#include "tui_history.h"
#include "tui_tables.h"

/* A rate the sampler has not derived yet (the first reading) shows as "-": negative means unknown. */
static bool rates_known(const struct tui *t)
{
	return t->shown->interval > 0;
}

static double stack_gbps(const struct tui *t, const struct stack_sample *s)
{
	return rates_known(t) ? s->rx_bps / 1e9 : -1;
}

static double ctxsw_ps(const struct tui *t, const struct cost_rates *r)
{
	return rates_known(t) ? r->ctxsw_voluntary_ps + r->ctxsw_involuntary_ps : -1;
}

static double queue_polls(const struct tui *t, const struct queue_sample *q)
{
	return rates_known(t) ? q->napi_polls_ps : -1;
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
			return ctxsw_ps(t, &p->rates);
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
		return ctxsw_ps(t, &k->rates);
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

static const struct tui_table tables[NPANELS] = {
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

const struct tui_table *tui_table(enum tui_panel p)
{
	return &tables[p];
}

int tui_panel_ncolumns(enum tui_panel p)
{
	return tables[p].ncols;
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
