// SPDX-License-Identifier: GPL-2.0-only
/* The terminal owner of the live view: setup, colours, restore, and the one call that writes text. */
#ifndef RXTOP_TUI_SCREEN_H
#define RXTOP_TUI_SCREEN_H

#include "tui_state.h"

/* Takes over the terminal and sets t->utf8, t->colour and t->roles; 0, -EBUSY, -ENOTTY. */
int tui_screen_open(struct tui *t);
/* Restores the terminal; safe when it is not open. */
void tui_screen_close(void);
/* Writes text at (y, x) in the role's attributes, cut to maxw cells at a character boundary. */
void tui_put(struct tui *t, int y, int x, int maxw, enum tui_role role, const char *text);
/* Paints line y from column 0 to cols with the role's background (a title bar, the cursor row). */
void tui_fill_line(struct tui *t, int y, int cols, enum tui_role role);

#endif
