// SPDX-License-Identifier: GPL-2.0-only
/* Sorting and drawing a table of the main screen: titles, the rows that fit, the cursor and the scroll mark.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_panels.h"
#include "tui_screen.h"
#include "tui_tables.h"

struct sort_context {
	const struct tui *t;
	enum tui_panel panel;
};

static int compare_rows(const void *a, const void *b, void *arg)
{
	const struct sort_context *c = arg;
	const struct tui_table *tab = tui_table(c->panel);
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

/* Fills line y with the role's background, then writes the visible columns' titles. */
static void draw_titles(struct tui *t, enum tui_panel p, int y, int cols, const bool *shown,
			const int *widths)
{
	const struct tui_table *tab = tui_table(p);
	const struct panel_state *ps = &t->panels[p];
	enum tui_role role = t->focus == p ? ROLE_FOCUS : ROLE_TITLE;
	char title[64];
	int x = 0;

	tui_fill_line(t, y, cols, role);
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
}

int tui_draw_table(struct tui *t, enum tui_panel p, int top, int height, int cols)
{
	const struct tui_table *tab = tui_table(p);
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

		if (cursor)
			tui_fill_line(t, y, cols, ROLE_SELECTED);
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
