// SPDX-License-Identifier: GPL-2.0-only
/* The main screen's charts: the ledger waterfall and the per-stack overhead bars. */
#ifndef RXTOP_TUI_CHARTS_H
#define RXTOP_TUI_CHARTS_H

#include "tui_state.h"

/* One line at top: sent -> dropped per stage -> received, unexplained; returns lines used (1). */
int tui_draw_ledger(struct tui *t, int top, int cols);
/* A title and one bar per stack in lines [top, top + height); returns height. */
int tui_draw_overhead(struct tui *t, int top, int height, int cols);

#endif
