// SPDX-License-Identifier: GPL-2.0-only
/* Each queue's recent rx rates, kept by the view for its sparklines. */
#ifndef RXTOP_TUI_HISTORY_H
#define RXTOP_TUI_HISTORY_H

#include "tui_state.h"

/* Appends each queue's rx_pps of snap (not the first reading's: it has no rates). */
void tui_history_record(struct tui *t, const struct snapshot *snap);
const struct queue_history *tui_find_history(const struct tui *t, const char *iface, int queue);
void tui_history_values(const struct queue_history *h, double *out); /* oldest first, h->count values */

#endif
