// SPDX-License-Identifier: GPL-2.0-only
/* What the stacks, queues and drops tables hold: their columns, rows and cells, read from the snapshot. */
#ifndef RXTOP_TUI_TABLES_H
#define RXTOP_TUI_TABLES_H

#include <stddef.h>

#include "tui_format.h"
#include "tui_state.h"

/* One table: its columns and how to read a cell or a sort key of row `row` (index into the snapshot). */
struct tui_table {
	const struct tui_column *cols;
	int ncols;
	const char *empty; /* shown when the table has no rows */
	enum tui_role (*cell)(const struct tui *t, int row, int col, int width, char *buf, size_t len);
	double (*key)(const struct tui *t, int row, int col);
};

const struct tui_table *tui_table(enum tui_panel p);
int tui_panel_rows(const struct tui *t, enum tui_panel p);
int tui_panel_ncolumns(enum tui_panel p);
/* The panel's row at sorted position `pos` as the detail view's identity (name, id). */
void tui_row_identity(const struct tui *t, enum tui_panel p, int pos, char *name, size_t len, int *id);

#endif
