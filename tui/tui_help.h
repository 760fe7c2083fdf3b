// SPDX-License-Identifier: GPL-2.0-only
/* The help screen, drawn from the key table. */
#ifndef RXTOP_TUI_HELP_H
#define RXTOP_TUI_HELP_H

#include "tui_state.h"

void tui_draw_help(struct tui *t);

#endif
