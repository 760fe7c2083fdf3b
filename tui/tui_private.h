// SPDX-License-Identifier: GPL-2.0-only
/* The live view's state, shared by its drawing, key and terminal files; not for the rest of rxtop. */
#ifndef RXTOP_TUI_PRIVATE_H
#define RXTOP_TUI_PRIVATE_H

#include <curses.h>
#include <stdbool.h>

#include "tui.h"

#define TUI_MIN_COLS 60
#define TUI_MIN_LINES 15
#define TUI_HISTORY 120 /* samples kept per queue for its sparkline */
#define TUI_MESSAGE_SECONDS 5.0

enum tui_mode { MODE_MAIN, MODE_HELP, MODE_DETAIL, MODE_PROMPT };

/* Tables that take focus, in Tab order. The overhead panel is a chart and takes none. */
enum tui_panel { PANEL_STACKS, PANEL_QUEUES, PANEL_DROPS, NPANELS };

/* Visual roles; tui_term.c maps them to colours, or to plain attributes under NO_COLOR. */
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
	struct snapshot *shown;	   /* the snapshot on screen */
	struct snapshot *previous; /* the one before, for rates the sampler does not derive yet */
	bool have_shown, have_previous;
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

/* tui_term.c: terminal setup, colours and restoring it */
int tui_term_open(struct tui *t);
void tui_term_close(void);
double tui_now(void);

/* tui_keys.c: the action table */
enum tui_action tui_handle_key(struct tui *t, int key);
/* Draws the help screen from the action table. */
void tui_draw_help(struct tui *t);

/* tui_panels.c: the tables and charts of the main screen */
int tui_panel_rows(const struct tui *t, enum tui_panel p);
void tui_sort_panel(struct tui *t, enum tui_panel p);
int tui_panel_ncolumns(enum tui_panel p);
const char *tui_panel_column_title(enum tui_panel p, int col);
/* Draws panel p in lines [top, top + height) of width cols; returns lines used. */
int tui_draw_table(struct tui *t, enum tui_panel p, int top, int height, int cols);
int tui_draw_ledger(struct tui *t, int top, int cols);
int tui_draw_overhead(struct tui *t, int top, int height, int cols);
/* The panel's row at sorted position `pos` as the detail view's identity (name, id). */
void tui_row_identity(const struct tui *t, enum tui_panel p, int pos, char *name, size_t len, int *id);
void tui_draw_detail(struct tui *t);

/* tui.c */
void tui_render(struct tui *t);
void tui_put(struct tui *t, int y, int x, int maxw, enum tui_role role, const char *text);
const struct queue_history *tui_find_history(const struct tui *t, const char *iface, int queue);
void tui_history_values(const struct queue_history *h, double *out); /* oldest first, h->count values */

#endif
