// SPDX-License-Identifier: GPL-2.0-only
/* The main screen's two charts: the ledger waterfall and each stack's bar of CPU nanoseconds per packet. */
#include <stdio.h>
#include <string.h>

#include "tui_charts.h"
#include "tui_format.h"
#include "tui_screen.h"

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

/* The sampler's CPU nanoseconds per received packet (the JSON's breakdown): user, syscall, softirq. */
static void stack_costs(const struct stack_sample *k, double *parts)
{
	parts[0] = k->rates.user_ns_per_pkt > 0 ? k->rates.user_ns_per_pkt : 0;
	parts[1] = k->rates.syscall_ns_per_pkt > 0 ? k->rates.syscall_ns_per_pkt : 0;
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
	tui_fill_line(t, top, cols, ROLE_TITLE);
	tui_put(t, top, 0, cols, ROLE_TITLE, legend);
	if (s->nstacks == 0) {
		tui_put(t, top + 1, 1, cols - 1, ROLE_DIM, "n/a: no stack of rxtop's runs (rxtop run STACK)");
		return height;
	}
	for (int i = 0; i < s->nstacks; i++)
		if (s->stacks[i].rates.cpu_ns_per_pkt > most)
			most = s->stacks[i].rates.cpu_ns_per_pkt;
	for (int i = 0; i < s->nstacks && i < height - 1; i++) {
		const struct stack_sample *k = &s->stacks[i];
		int y = top + 1 + i, x = label, cells[3], width;
		double parts[3], total;
		char u[16], y_[16], q[16], text[96];

		stack_costs(k, parts);
		total = k->rates.cpu_ns_per_pkt; /* the parts' sum, by the sampler's construction */
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
