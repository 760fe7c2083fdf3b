// SPDX-License-Identifier: GPL-2.0-only
/* The frame composer of the live view: one erase, the parts of the current mode, one refresh. */
#ifndef RXTOP_TUI_FRAME_H
#define RXTOP_TUI_FRAME_H

#include "tui_state.h"

void tui_frame_render(struct tui *t);

#endif
