// SPDX-License-Identifier: GPL-2.0-only
/* The help screen: the key table's documented bindings, then what the less obvious column titles mean. */
#include "tui_help.h"
#include "tui_keys.h"
#include "tui_screen.h"

/* What the less obvious column titles mean, below the keys when there is room. */
static void draw_legend(struct tui *t, int y)
{
	static const char *const legend[][2] = {
	    {"NS/PKT", "softirq nanoseconds per packet (n/a until measured)"},
	    {"SYSC/PKT", "syscalls per received packet; CTXSW/S context switches per second"},
	    {"POLLS/S", "NAPI polls per second; HISTORY: rx pps of recent readings, scaled to their peak"},
	    {"LEDGER",
	     "sent -> dropped per stage -> received; unexplained = sent - received - dropped - in flight"},
	    {"(overlap)", "drops also counted in another row: shown, not added to the ledger"},
	};

	for (size_t i = 0; i < sizeof(legend) / sizeof(legend[0]) && y < LINES; i++, y++) {
		tui_put(t, y, 0, 10, ROLE_HEADER, legend[i][0]);
		tui_put(t, y, 10, COLS - 10, ROLE_DIM, legend[i][1]);
	}
}

void tui_draw_help(struct tui *t)
{
	int rows = LINES - 3, shown = 0, ncolumns, width;

	for (size_t i = 0; i < tui_nbindings; i++)
		shown += tui_bindings[i].key_help != NULL;
	ncolumns = (shown + rows - 1) / rows;
	width = COLS / (ncolumns ? ncolumns : 1);
	tui_put(t, 0, 0, COLS, ROLE_HEADER, "rxtop live view: keys (any key closes this help)");
	shown = 0;
	for (size_t i = 0; i < tui_nbindings; i++) {
		const struct tui_binding *b = &tui_bindings[i];
		int x = shown / rows * width, y = 2 + shown % rows;

		if (!b->key_help)
			continue;
		tui_put(t, y, x, 10, ROLE_FOCUS, b->key_help);
		tui_put(t, y, x + 10, width - 11, ROLE_NORMAL, b->help);
		shown++;
	}
	if (ncolumns == 1)
		draw_legend(t, 3 + shown);
}
