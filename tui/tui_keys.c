// SPDX-License-Identifier: GPL-2.0-only
/* Keys of the live view: one table maps a key, in a mode, to an action; the help screen is drawn from it. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui_format.h"
#include "tui_private.h"

#define ANY_KEY (-2)
#define KEY_ESC 27
#define CTRL(c) ((c)&0x1f)
#define IN(mode) (1u << (mode))
#define VIEWING (IN(MODE_MAIN) | IN(MODE_DETAIL))

struct action {
	int keys[5];	      /* ends at the first 0 */
	unsigned modes;	      /* IN(MODE_...) bits */
	const char *key_help; /* NULL keeps the entry off the help screen */
	const char *help;
	enum tui_action (*run)(struct tui *t, int key);
};

static enum tui_action redraw(struct tui *t)
{
	tui_render(t);
	return TUI_REDRAW;
}

static enum tui_action say(struct tui *t, const char *msg)
{
	tui_message(t, msg);
	return TUI_REDRAW;
}

static enum tui_action act_resize(struct tui *t, int key)
{
	(void)key;
	return redraw(t);
}

static enum tui_action act_repaint(struct tui *t, int key)
{
	(void)key;
	clearok(curscr, TRUE);
	return redraw(t);
}

static enum tui_action act_quit(struct tui *t, int key)
{
	(void)t;
	(void)key;
	return TUI_QUIT;
}

static enum tui_action act_help(struct tui *t, int key)
{
	(void)key;
	t->mode = MODE_HELP;
	return redraw(t);
}

static enum tui_action act_back(struct tui *t, int key)
{
	(void)key;
	t->mode = MODE_MAIN;
	return redraw(t);
}

static enum tui_action act_pause(struct tui *t, int key)
{
	(void)key;
	t->paused = !t->paused;
	tui_render(t);
	return TUI_PAUSE_TOGGLE;
}

static enum tui_action act_prompt(struct tui *t, int key)
{
	(void)key;
	t->prompt[0] = 0;
	t->mode = MODE_PROMPT;
	return redraw(t);
}

static enum tui_action act_prompt_type(struct tui *t, int key)
{
	size_t n = strlen(t->prompt);

	if (((key >= '0' && key <= '9') || key == '.') && n + 1 < sizeof(t->prompt)) {
		t->prompt[n] = (char)key;
		t->prompt[n + 1] = 0;
	}
	return redraw(t);
}

static enum tui_action act_prompt_erase(struct tui *t, int key)
{
	size_t n = strlen(t->prompt);

	(void)key;
	if (n)
		t->prompt[n - 1] = 0;
	return redraw(t);
}

static enum tui_action act_prompt_accept(struct tui *t, int key)
{
	char *end;
	double v = strtod(t->prompt, &end);

	(void)key;
	t->mode = MODE_MAIN;
	if (!t->prompt[0] || *end || v < 0.01 || v > 3600)
		return say(t, "interval unchanged: give seconds from 0.01 to 3600");
	t->interval = v;
	t->ctx.interval = v;
	tui_render(t);
	return TUI_INTERVAL_SET;
}

/* s and > move the sort to the next column, < to the previous one, R reverses it. */
static enum tui_action act_sort(struct tui *t, int key)
{
	struct panel_state *ps = &t->panels[t->focus];
	int n = tui_panel_ncolumns(t->focus);

	if (key == 'R')
		ps->ascending = !ps->ascending;
	else
		ps->sort = (ps->sort + (key == '<' ? n - 1 : 1)) % n;
	return redraw(t);
}

static enum tui_action act_focus(struct tui *t, int key)
{
	int step = key == KEY_BTAB || key == KEY_LEFT ? NPANELS - 1 : 1;

	t->focus = (enum tui_panel)((t->focus + step) % NPANELS);
	return redraw(t);
}

static enum tui_action act_move(struct tui *t, int key)
{
	struct panel_state *ps = &t->panels[t->focus];
	int n = t->have_shown ? tui_panel_rows(t, t->focus) : 0, page = LINES / 3;

	switch (key) {
	case KEY_UP:
		ps->selected--;
		break;
	case KEY_DOWN:
		ps->selected++;
		break;
	case KEY_PPAGE:
		ps->selected -= page;
		break;
	case KEY_NPAGE:
		ps->selected += page;
		break;
	case KEY_HOME:
		ps->selected = 0;
		break;
	default:
		ps->selected = n - 1;
	}
	if (ps->selected >= n)
		ps->selected = n - 1;
	if (ps->selected < 0)
		ps->selected = 0;
	return redraw(t);
}

static enum tui_action act_detail(struct tui *t, int key)
{
	(void)key;
	if (!t->have_shown || tui_panel_rows(t, t->focus) == 0)
		return say(t, "nothing to show: the focused panel is empty");
	tui_row_identity(t, t->focus, t->panels[t->focus].selected, t->detail_name, sizeof(t->detail_name),
			 &t->detail_id);
	t->detail_panel = t->focus;
	t->mode = MODE_DETAIL;
	return redraw(t);
}

static enum tui_action act_write(struct tui *t, int key)
{
	time_t now = time(NULL);
	struct tm tm;

	(void)key;
	if (!t->have_shown)
		return say(t, "nothing to write yet");
	localtime_r(&now, &tm);
	strftime(t->write_path, sizeof(t->write_path), "rxtop-%Y%m%d-%H%M%S.json", &tm);
	return TUI_WRITE_SNAPSHOT;
}

static enum tui_action act_next_stack(struct tui *t, int key)
{
	(void)key;
	if (t->ctx.replay[0])
		return TUI_STEP;
	if (!t->ctx.stack[0])
		return say(t, "no stack phases: start some with rxtop run STACK,STACK");
	return TUI_NEXT_STACK;
}

static enum tui_action act_step(struct tui *t, int key)
{
	(void)key;
	if (!t->ctx.replay[0])
		return say(t, "nothing to step: . steps a replay (rxtop --replay FILE)");
	return TUI_STEP;
}

static enum tui_action act_generator(struct tui *t, int key)
{
	if (t->ctx.replay[0] && key == 'z')
		return say(t, "a replay sends no traffic: z works with the lab generator");
	if (t->ctx.replay[0])
		return key == '-' || key == '_' ? TUI_SPEED_DOWN : TUI_SPEED_UP;
	if (!t->ctx.lab)
		return say(t, "no lab generator runs (start rxtop with --lab)");
	if (key == 'z')
		return TUI_GEN_SIZE_NEXT;
	return key == '-' || key == '_' ? TUI_GEN_RATE_DOWN : TUI_GEN_RATE_UP;
}

/* First match wins, so the help screen's "any key" and the prompt's typing come after their specific keys. */
static const struct action actions[] = {
    {{KEY_RESIZE}, ~0u, NULL, NULL, act_resize},
    {{ANY_KEY}, IN(MODE_HELP), NULL, NULL, act_back},
    {{'\n', '\r', KEY_ENTER}, IN(MODE_PROMPT), NULL, NULL, act_prompt_accept},
    {{KEY_ESC}, IN(MODE_PROMPT), NULL, NULL, act_back},
    {{KEY_BACKSPACE, 127, 8}, IN(MODE_PROMPT), NULL, NULL, act_prompt_erase},
    {{ANY_KEY}, IN(MODE_PROMPT), NULL, NULL, act_prompt_type},
    {{'q', 'Q'}, VIEWING, "q", "quit", act_quit},
    {{'h', '?', KEY_F(1)}, VIEWING, "h ?", "this help (any key closes it)", act_help},
    {{'p', ' '}, VIEWING, "p space", "pause the display (sampling goes on; a replay stops)", act_pause},
    {{'.'}, VIEWING, ".", "replay: the next reading, while paused", act_step},
    {{'d'}, VIEWING, "d", "set the interval in seconds", act_prompt},
    {{'\n', '\r', KEY_ENTER}, IN(MODE_MAIN), "Enter", "details of the selected row", act_detail},
    {{'\n', '\r', KEY_ENTER, KEY_ESC, KEY_BACKSPACE}, IN(MODE_DETAIL), "Esc", "back from details", act_back},
    {{'\t', KEY_RIGHT, KEY_BTAB, KEY_LEFT},
     IN(MODE_MAIN),
     "Tab <- ->",
     "focus the next/previous table",
     act_focus},
    {{KEY_UP, KEY_DOWN, KEY_PPAGE, KEY_NPAGE},
     IN(MODE_MAIN),
     "Up Down",
     "move the cursor (PgUp PgDn too)",
     act_move},
    {{KEY_HOME, KEY_END}, IN(MODE_MAIN), NULL, NULL, act_move},
    {{'s', '>', '<', 'R'}, IN(MODE_MAIN), "s > < R", "sort: next/previous column, reverse", act_sort},
    {{'w'}, VIEWING, "w", "write the snapshot as JSON (rxtop-*.json)", act_write},
    {{'n'}, VIEWING, "n", "next stack phase now", act_next_stack},
    {{'+', '='}, VIEWING, "+ -", "lab generator rate up/down (1-2-5 steps); replay speed", act_generator},
    {{'-', '_'}, VIEWING, NULL, NULL, act_generator},
    {{'z'}, VIEWING, "z", "lab frame size: 64 128 256 512 1024 1514", act_generator},
    {{CTRL('l')}, VIEWING, "Ctrl-L", "repaint the screen", act_repaint},
};

static bool matches(const struct action *a, int key)
{
	for (int i = 0; i < 5 && a->keys[i]; i++)
		if (a->keys[i] == key || a->keys[i] == ANY_KEY)
			return true;
	return false;
}

enum tui_action tui_handle_key(struct tui *t, int key)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if ((actions[i].modes & IN(t->mode)) && matches(&actions[i], key))
			return actions[i].run(t, key);
	return TUI_NONE;
}

enum tui_action tui_wait(struct tui *t, int timeout_ms)
{
	int key = getch();

	/* getch first: ncurses may already hold keys that poll() cannot see. */
	if (key == ERR) {
		struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};

		/* A signal (SIGINT, SIGTERM, SIGWINCH) ends the wait early: the caller sees its flag at once.
		 */
		if (timeout_ms > 0)
			poll(&pfd, 1, timeout_ms);
		key = getch();
		if (key == ERR)
			return TUI_NONE;
	}
	return tui_handle_key(t, key);
}

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
	const size_t n = sizeof(actions) / sizeof(actions[0]);
	int rows = LINES - 3, shown = 0, ncolumns, width;

	for (size_t i = 0; i < n; i++)
		shown += actions[i].key_help != NULL;
	ncolumns = (shown + rows - 1) / rows;
	width = COLS / (ncolumns ? ncolumns : 1);
	tui_put(t, 0, 0, COLS, ROLE_HEADER, "rxtop live view: keys (any key closes this help)");
	shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct action *a = &actions[i];
		int x = shown / rows * width, y = 2 + shown % rows;

		if (!a->key_help)
			continue;
		tui_put(t, y, x, 10, ROLE_FOCUS, a->key_help);
		tui_put(t, y, x + 10, width - 11, ROLE_NORMAL, a->help);
		shown++;
	}
	if (ncolumns == 1)
		draw_legend(t, 3 + shown);
}
