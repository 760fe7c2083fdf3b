// SPDX-License-Identifier: GPL-2.0-only
/* The live view's state, read by its screen, table, key and frame files; not for the rest of rxtop. */
#ifndef RXTOP_TUI_STATE_H
#define RXTOP_TUI_STATE_H

#include <curses.h>
#include <stdbool.h>

#include "snapshot.h"
#include "tui_context.h"

#define TUI_MIN_COLS 60
#define TUI_MIN_LINES 15
#define TUI_HISTORY 120 /* samples kept per queue for its sparkline */
#define TUI_MESSAGE_SECONDS 5.0

enum tui_mode { MODE_MAIN, MODE_HELP, MODE_DETAIL, MODE_PROMPT };

/* Tables that take focus, in Tab order. The overhead panel is a chart and takes none. */
enum tui_panel { PANEL_STACKS, PANEL_QUEUES, PANEL_DROPS, NPANELS };

/* Visual roles; tui_screen.c maps them to colours, or to plain attributes under NO_COLOR. */
enum tui_role {
	ROLE_NORMAL,
	ROLE_HEADER,   /* the header's labels */
	ROLE_TITLE,    /* column titles of a panel */
	ROLE_FOCUS,    /* column titles of the focused panel */
	ROLE_SELECTED, /* the cursor row */
	ROLE_WARN,     /* drops, missing probes, unexplained packets */
	ROLE_GOOD,     /* received packets, balanced ledger */
	ROLE_SPARK,
	ROLE_USER, /* overhead bar segments */
	ROLE_SYS,
	ROLE_SOFTIRQ,
	ROLE_DIM,
	NROLES
};

struct panel_state {
	int sort; /* column index */
	bool ascending;
	int selected; /* cursor position in sorted order */
	int scroll;   /* first row shown */
};

struct queue_history {
	char iface[IF_NAMESIZE];
	int queue;
	int count; /* samples held, up to TUI_HISTORY */
	int next;  /* ring position of the next sample */
	double pps[TUI_HISTORY];
};

struct tui {
	struct tui_context ctx;
	struct snapshot *shown; /* the snapshot on screen; every rate in it is the sampler's */
	bool have_shown;
	bool paused;
	enum tui_mode mode;
	enum tui_panel focus;
	struct panel_state panels[NPANELS];
	/* The detail view follows its row by identity across snapshots. */
	enum tui_panel detail_panel;
	char detail_name[64];
	int detail_id;
	int nhistory;
	struct queue_history history[SNAP_MAX_QUEUES];
	char prompt[16];
	double interval;
	char write_path[64];
	char message[160];
	double message_until; /* monotonic seconds */
	/* terminal */
	bool utf8, colour;
	attr_t roles[NROLES];
	int sorted[NPANELS][SNAP_MAX_QUEUES]; /* row order per panel, rebuilt per frame */
};

/* Monotonic seconds, for how long a footer message stays. */
double tui_now(void);
/* Sets the footer message for TUI_MESSAGE_SECONDS; draws nothing. */
void tui_set_message(struct tui *t, const char *msg);

#endif
