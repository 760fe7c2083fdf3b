// SPDX-License-Identifier: GPL-2.0-only
/* The frame composer: lays out one screen (header, panels or detail or help, footer) and draws it at once. */
#include <stdio.h>
#include <string.h>

#include "output.h"
#include "tui_charts.h"
#include "tui_detail.h"
#include "tui_format.h"
#include "tui_frame.h"
#include "tui_help.h"
#include "tui_panels.h"
#include "tui_screen.h"
#include "tui_tables.h"

/* Line 0: what is watched; line 1: what runs; line 2: rxtop's own health. */
static void draw_header(struct tui *t, int cols)
{
	const struct tui_context *c = &t->ctx;
	const struct snapshot *s = t->shown;
	char line[512], a[16], b[16], missing[256] = "", counter[100], shared[200], covered[120] = "";
	int nmissing = 0, used;
	double sampled = 0;

	if (c->reading[0])
		snprintf(counter, sizeof(counter), "%s", c->reading);
	else if (strcmp(c->xdp_mode, "tc") == 0)
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
		/* Detached on purpose: the source that counts its events instead (one is enough to say). */
		if (s->probes[i].covered_by[0] && !covered[0])
			snprintf(covered, sizeof(covered), "; %s detached: %s counts it", s->probes[i].name,
				 s->probes[i].covered_by);
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
		int m = snprintf(line, sizeof(line), nmissing ? "missing probes: %s%s" : "%s%s",
				 nmissing ? missing : (s->nprobes ? "all probes attached" : ""), covered);

		/* Their counts are estimates: say from how much of the time. */
		if (sampled > 0 && m >= 0 && m < (int)sizeof(line))
			snprintf(line + m, sizeof(line) - m,
				 "%snapi/softirq/syscall time sampled %.0f%% of the time", m ? "; " : "",
				 sampled * 100);
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

void tui_frame_render(struct tui *t)
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
