// SPDX-License-Identifier: GPL-2.0-only
/* Each queue's recent rx rates: a ring per queue, found by (iface, queue), for the sparklines. */
#include <stdio.h>
#include <string.h>

#include "tui_history.h"

const struct queue_history *tui_find_history(const struct tui *t, const char *iface, int queue)
{
	for (int i = 0; i < t->nhistory; i++)
		if (t->history[i].queue == queue && strcmp(t->history[i].iface, iface) == 0)
			return &t->history[i];
	return NULL;
}

void tui_history_values(const struct queue_history *h, double *out)
{
	int start = (h->next - h->count + TUI_HISTORY) % TUI_HISTORY;

	for (int i = 0; i < h->count; i++)
		out[i] = h->pps[(start + i) % TUI_HISTORY];
}

void tui_history_record(struct tui *t, const struct snapshot *snap)
{
	if (snap->interval <= 0)
		return; /* the first reading has no rates yet */
	for (int i = 0; i < snap->nqueues; i++) {
		const struct queue_sample *q = &snap->queues[i];
		struct queue_history *h = (struct queue_history *)tui_find_history(t, q->iface, q->queue);

		if (!h) {
			if (t->nhistory == SNAP_MAX_QUEUES)
				continue;
			h = &t->history[t->nhistory++];
			snprintf(h->iface, sizeof(h->iface), "%s", q->iface);
			h->queue = q->queue;
		}
		h->pps[h->next] = q->rx_pps;
		h->next = (h->next + 1) % TUI_HISTORY;
		if (h->count < TUI_HISTORY)
			h->count++;
	}
}
