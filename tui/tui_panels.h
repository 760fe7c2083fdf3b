// SPDX-License-Identifier: GPL-2.0-only
/* Sorting and drawing the stacks, queues and drops tables of the main screen. */
#ifndef RXTOP_TUI_PANELS_H
#define RXTOP_TUI_PANELS_H

#include "tui_state.h"

/* Rebuilds t->sorted[p] from the panel's sort column and order. */
void tui_sort_panel(struct tui *t, enum tui_panel p);
/* Draws panel p in lines [top, top + height) of width cols; returns lines used. */
int tui_draw_table(struct tui *t, enum tui_panel p, int top, int height, int cols);

#endif
