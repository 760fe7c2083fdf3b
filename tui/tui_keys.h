// SPDX-License-Identifier: GPL-2.0-only
/* Keys of the live view: one table maps a key, in a mode, to a change of state; keys never draw. */
#ifndef RXTOP_TUI_KEYS_H
#define RXTOP_TUI_KEYS_H

#include <stddef.h>

#include "tui_state.h"

/* What the screen needs after a key: the caller (tui.c) is the one place that draws. */
enum tui_redraw {
	REDRAW_NONE,
	REDRAW_FRAME, /* the view's state changed: compose the frame again */
	REDRAW_ALL,   /* as REDRAW_FRAME, after clearing the terminal (Ctrl-L) */
};

struct tui_key_result {
	enum tui_action action; /* for the caller of tui_wait() */
	enum tui_redraw redraw;
};

/* One binding: the help screen lists those with key_help. */
struct tui_binding {
	int keys[5];	      /* ends at the first 0 */
	unsigned modes;	      /* 1 << MODE_... bits */
	const char *key_help; /* NULL keeps the entry off the help screen */
	const char *help;
	struct tui_key_result (*run)(struct tui *t, int key);
};

extern const struct tui_binding tui_bindings[];
extern const size_t tui_nbindings;

/* Runs the first binding of key in the current mode; {TUI_NONE, REDRAW_NONE} when none. */
struct tui_key_result tui_handle_key(struct tui *t, int key);

#endif
