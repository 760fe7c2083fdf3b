// SPDX-License-Identifier: GPL-2.0-only
/* The live view's lifecycle and screen layout: header, panels, footer; the panels themselves are in
 * tui_panels.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "tui_format.h"
#include "tui_private.h"

void tui_put(struct tui *t, int y, int x, int maxw, enum tui_role role, const char *text)
{
	int width = tui_text_width(text), cells = 0;
	const char *end = text;

	if (maxw <= 0 || y < 0 || y >= LINES)
		return;
	/* Cut at a character boundary so a UTF-8 glyph is never split. */
	if (width > maxw)
		for (end = text; *end && cells <= maxw; end++)
			if (((unsigned char)*end & 0xC0) != 0x80 && ++cells > maxw)
				break;
	attrset(t->roles[role]);
	mvaddnstr(y, x, text, width > maxw ? (int)(end - text) : -1);
	attrset(A_NORMAL);
}

const struct queue_history *tui_find_history(const struct tui *t, const char *iface, int queue)
{
	for (int i = 0; i < t->nhistory; i++)
		if (t->history[i].queue == queue && strcmp(t->history[i].iface, iface) == 0)
			return &t->history[i];
	return NULL;
}

void tui_history_values(const struct queue_history *h, double *out)
{
	int start = (h->next - h->count + TUI_HISTORY) % TUI_HISTORY;

	for (int i = 0; i < h->count; i++)
		out[i] = h->pps[(start + i) % TUI_HISTORY];
}

static void record_history(struct tui *t, const struct snapshot *snap)
{
	if (snap->interval <= 0)
		return; /* the first reading has no rates yet */
	for (int i = 0; i < snap->nqueues; i++) {
		const struct queue_sample *q = &snap->queues[i];
		struct queue_history *h = (struct queue_history *)tui_find_history(t, q->iface, q->queue);

		if (!h) {
			if (t->nhistory == SNAP_MAX_QUEUES)
				continue;
			h = &t->history[t->nhistory++];
			snprintf(h->iface, sizeof(h->iface), "%s", q->iface);
			h->queue = q->queue;
		}
		h->pps[h->next] = q->rx_pps;
		h->next = (h->next + 1) % TUI_HISTORY;
		if (h->count < TUI_HISTORY)
			h->count++;
	}
}

/* Line 0: what is watched; line 1: what runs; line 2: rxtop's own health. */
static void draw_header(struct tui *t, int cols)
{
	const struct tui_context *c = &t->ctx;
	const struct snapshot *s = t->shown;
	char line[512], a[16], b[16], missing[256] = "", counter[40], shared[200];
	int nmissing = 0, used;
	double sampled = 0;

	if (strcmp(c->xdp_mode, "tc") == 0)
		snprintf(counter, sizeof(counter), "counting at tc ingress (tcx)");
	else if (strcmp(c->xdp_mode, "tc-clsact") == 0)
		snprintf(counter, sizeof(counter), "counting at tc ingress (clsact)");
	else
		snprintf(counter, sizeof(counter), "XDP %s %s", c->xdp_mode[0] ? c->xdp_mode : "-",
			 c->xdp_attached ? "attached" : "detached");
	snprintf(line, sizeof(line), "rxtop  %s%s%s%s  %s  %d queue%s  every %.2gs", c->ifaces,
		 c->driver[0] ? " (" : "", c->driver, c->driver[0] ? ")" : "", counter, c->nqueues,
		 c->nqueues == 1 ? "" : "s", c->interval);
	tui_put(t, 0, 0, cols, ROLE_HEADER, line);
	if (t->paused)
		tui_put(t, 0, cols - 8, 8, ROLE_WARN, "[PAUSED]");

	if (c->replay[0]) {
		/* A recording: where in it, and how fast, instead of what runs now. */
		tui_put(t, 1, 0, cols, ROLE_FOCUS, c->replay);
		goto health;
	}
	used = snprintf(line, sizeof(line), "stack %s  %s", c->stack[0] ? c->stack : "none (observing)",
			c->stack_settings);
	if (c->lab && used < (int)sizeof(line))
		snprintf(line + used, sizeof(line) - used, "  |  gen %s pps x %d B (sending %s pps)",
			 c->gen_rate ? tui_human((double)c->gen_rate, a, sizeof(a)) : "max", c->gen_size,
			 tui_human(s->generator_pps, b, sizeof(b)));
	tui_put(t, 1, 0, cols, ROLE_NORMAL, line);
health:
	for (int i = 0; i < s->nprobes; i++) {
		size_t n = strlen(missing);

		if (s->probes[i].sampled)
			sampled = s->probes[i].share;
		if (strcmp(s->probes[i].attach, "missing") != 0)
			continue;
		snprintf(missing + n, sizeof(missing) - n, "%s%s", nmissing ? ", " : "", s->probes[i].name);
		nmissing++;
	}
	used = snprintf(line, sizeof(line), "rxtop cpu %.1f%%  events lost %llu  ", s->self.cpu_pct,
			(unsigned long long)s->events_lost);
	tui_put(t, 2, 0, cols, s->events_lost ? ROLE_WARN : ROLE_NORMAL, line);
	/* A receiver on its queue's interrupt/softirq/NAPI-thread CPU: first, it costs the most. */
	if (used < cols && output_path_shared(s, shared, sizeof(shared))) {
		int m = snprintf(line, sizeof(line), "receiver on its queue's IRQ/softirq CPU: %s  ", shared);

		tui_put(t, 2, used, cols - used, ROLE_WARN, line);
		used += m > 0 ? m : 0;
	}
	if (used < cols) {
		int m = snprintf(line, sizeof(line), nmissing ? "missing probes: %s" : "%s",
				 nmissing ? missing : (s->nprobes ? "all probes attached" : ""));

		/* Their counts are estimates: say from how much of the time. */
		if (sampled > 0 && m >= 0 && m < (int)sizeof(line))
			snprintf(line + m, sizeof(line) - m, "%snapi/softirq sampled %.0f%% of the time",
				 m ? "; " : "", sampled * 100);
		tui_put(t, 2, used, cols - used, nmissing ? ROLE_WARN : ROLE_DIM, line);
	}
}

static void draw_footer(struct tui *t, int y, int cols)
{
	char line[256];

	if (t->mode == MODE_PROMPT) {
		snprintf(line, sizeof(line), "Interval in seconds (Enter to set, Esc to cancel): %s_",
			 t->prompt);
		tui_put(t, y, 0, cols, ROLE_FOCUS, line);
	} else if (t->message[0] && tui_now() < t->message_until) {
		tui_put(t, y, 0, cols, ROLE_HEADER, t->message);
	} else if (t->ctx.replay[0]) {
		tui_put(
		    t, y, 0, cols, ROLE_DIM,
		    "h help  q quit  space pause  . step  +- speed  Tab focus  s sort  Enter detail  w json");
	} else {
		tui_put(t, y, 0, cols, ROLE_DIM,
			"h help  q quit  p pause  d interval  Tab focus  s sort  Enter detail  w json"
			"  +- rate  z size");
	}
}

static void draw_iface_totals(struct tui *t, int y, int cols)
{
	char line[160], pps[16];

	tui_put(t, y++, 0, cols, ROLE_HEADER, "INTERFACE TOTALS (kernel statistics, since rxtop started)");
	for (int i = 0; i < t->shown->nifaces; i++) {
		const struct iface_sample *f = &t->shown->ifaces[i];

		snprintf(line, sizeof(line),
			 "%-10s rx %s pps  %llu packets  %llu bytes  dropped %llu  errors %llu", f->iface,
			 tui_human(f->rx_pps, pps, sizeof(pps)), (unsigned long long)f->rx_packets,
			 (unsigned long long)f->rx_bytes, (unsigned long long)f->rx_dropped,
			 (unsigned long long)f->rx_errors);
		tui_put(t, y++, 0, cols, f->rx_dropped || f->rx_errors ? ROLE_WARN : ROLE_NORMAL, line);
	}
}

/* Splits the lines between the header (3), the panels and the footer (1): every panel gets its title and one
 * row, then the queues, stacks and drops grow in that order, then blank lines separate panels if room is
 * left. */
static void draw_main(struct tui *t, int lines, int cols)
{
	enum { STACKS, QUEUES, DROPS, OVERHEAD, NPARTS };
	int want[NPARTS], got[NPARTS], min_lines[NPARTS] = {2, 2, 3, 2};
	static const int grow_order[NPARTS] = {QUEUES, STACKS, DROPS, OVERHEAD};
	int room = lines - 4, y = 3, gap;

	want[STACKS] = 1 + (tui_panel_rows(t, PANEL_STACKS) ? tui_panel_rows(t, PANEL_STACKS) : 1);
	want[QUEUES] = 1 + (tui_panel_rows(t, PANEL_QUEUES) ? tui_panel_rows(t, PANEL_QUEUES) : 1);
	want[DROPS] = 2 + (tui_panel_rows(t, PANEL_DROPS) ? tui_panel_rows(t, PANEL_DROPS) : 1);
	want[OVERHEAD] = 1 + (t->shown->nstacks ? t->shown->nstacks : 1);
	for (int i = 0; i < NPARTS; i++) {
		got[i] = min_lines[i];
		room -= got[i];
	}
	for (int k = 0; k < NPARTS && room > 0; k++) {
		int i = grow_order[k], more = want[i] - got[i];

		if (more > room)
			more = room;
		if (more > 0) {
			got[i] += more;
			room -= more;
		}
	}
	gap = room >= NPARTS - 1 ? 1 : 0;
	for (int i = 0; i < NPANELS; i++)
		tui_sort_panel(t, (enum tui_panel)i);
	y += gap;
	y += tui_draw_table(t, PANEL_STACKS, y, got[STACKS], cols) + gap;
	y += tui_draw_table(t, PANEL_QUEUES, y, got[QUEUES], cols) + gap;
	y += tui_draw_table(t, PANEL_DROPS, y, got[DROPS] - 1, cols);
	y += tui_draw_ledger(t, y, cols) + gap;
	y += tui_draw_overhead(t, y, got[OVERHEAD], cols) + gap;
	/* Lines left over show the kernel's own interface totals, the independent cross-check. */
	if (room - gap * (NPARTS - 1) >= 2 + t->shown->nifaces + gap)
		draw_iface_totals(t, y, cols);
}

void tui_render(struct tui *t)
{
	int lines = LINES, cols = COLS;

	erase();
	if (cols < TUI_MIN_COLS || lines < TUI_MIN_LINES) {
		char line[80];

		snprintf(line, sizeof(line), "terminal too small (%dx%d), need %dx%d", cols, lines,
			 TUI_MIN_COLS, TUI_MIN_LINES);
		tui_put(t, 0, 0, cols, ROLE_WARN, line);
	} else if (!t->have_shown) {
		tui_put(t, 0, 0, cols, ROLE_HEADER, "rxtop: waiting for the first reading...");
		draw_footer(t, lines - 1, cols);
	} else if (t->mode == MODE_HELP) {
		tui_draw_help(t);
	} else if (t->mode == MODE_DETAIL) {
		draw_header(t, cols);
		tui_draw_detail(t);
		draw_footer(t, lines - 1, cols);
	} else {
		draw_header(t, cols);
		draw_main(t, lines, cols);
		draw_footer(t, lines - 1, cols);
	}
	refresh();
}

int tui_open(struct tui **out, const struct tui_context *ctx)
{
	struct tui *t = calloc(1, sizeof(*t));
	int rc;

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->shown = calloc(1, sizeof(*t->shown));
	t->previous = calloc(1, sizeof(*t->previous));
	if (!t->shown || !t->previous) {
		rc = -ENOMEM;
		goto fail;
	}
	t->ctx = *ctx;
	t->interval = ctx->interval;
	t->focus = PANEL_QUEUES;
	/* Busiest first, as top does; queues in their natural order. */
	t->panels[PANEL_STACKS].sort = 2;
	t->panels[PANEL_QUEUES].ascending = true;
	t->panels[PANEL_DROPS].sort = 2;
	rc = tui_term_open(t);
	if (rc < 0)
		goto fail;
	tui_render(t);
	*out = t;
	return 0;
fail:
	free(t->shown);
	free(t->previous);
	free(t);
	return rc;
}

void tui_draw(struct tui *t, const struct snapshot *snap)
{
	if (t && !t->paused)
		tui_draw_step(t, snap);
}

void tui_draw_step(struct tui *t, const struct snapshot *snap)
{
	struct snapshot *spare;

	if (!t)
		return;
	/* Two buffers swap: no allocation per frame. */
	spare = t->previous;
	t->previous = t->shown;
	t->shown = spare;
	t->have_previous = t->have_shown;
	memcpy(t->shown, snap, sizeof(*snap));
	t->have_shown = true;
	record_history(t, snap);
	tui_render(t);
}

void tui_set_context(struct tui *t, const struct tui_context *ctx)
{
	if (!t)
		return;
	t->ctx = *ctx;
	tui_render(t);
}

void tui_message(struct tui *t, const char *msg)
{
	if (!t)
		return;
	snprintf(t->message, sizeof(t->message), "%s", msg);
	t->message_until = tui_now() + TUI_MESSAGE_SECONDS;
	tui_render(t);
}

double tui_interval(const struct tui *t)
{
	return t->interval;
}

const char *tui_write_path(const struct tui *t)
{
	return t->write_path;
}

bool tui_paused(const struct tui *t)
{
	return t->paused;
}

void tui_close(struct tui *t)
{
	tui_term_close();
	if (!t)
		return;
	free(t->shown);
	free(t->previous);
	free(t);
}
