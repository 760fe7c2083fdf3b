// SPDX-License-Identifier: GPL-2.0-only
/* The detail view: every field of one row, found again in each snapshot by its identity. */
#ifndef RXTOP_TUI_DETAIL_H
#define RXTOP_TUI_DETAIL_H

#include "tui_state.h"

/* Draws the row named by t->detail_panel, t->detail_name and t->detail_id below the header. */
void tui_draw_detail(struct tui *t);

#endif
