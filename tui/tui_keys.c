// SPDX-License-Identifier: GPL-2.0-only
/* Keys of the live view: one table maps a key, in a mode, to a change of state and what to redraw. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui_keys.h"
#include "tui_tables.h"

#define ANY_KEY (-2)
#define KEY_ESC 27
#define CTRL(c) ((c)&0x1f)
#define IN(mode) (1u << (mode))
#define VIEWING (IN(MODE_MAIN) | IN(MODE_DETAIL))

/* A state change that the screen must show. */
static struct tui_key_result redraw(enum tui_action action)
{
	return (struct tui_key_result){action, REDRAW_FRAME};
}

/* An action for the caller with nothing to show. */
static struct tui_key_result only(enum tui_action action)
{
	return (struct tui_key_result){action, REDRAW_NONE};
}

static struct tui_key_result say(struct tui *t, const char *msg)
{
	tui_set_message(t, msg);
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_resize(struct tui *t, int key)
{
	(void)t;
	(void)key;
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_repaint(struct tui *t, int key)
{
	(void)t;
	(void)key;
	return (struct tui_key_result){TUI_REDRAW, REDRAW_ALL};
}

static struct tui_key_result act_quit(struct tui *t, int key)
{
	(void)t;
	(void)key;
	return only(TUI_QUIT);
}

static struct tui_key_result act_help(struct tui *t, int key)
{
	(void)key;
	t->mode = MODE_HELP;
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_back(struct tui *t, int key)
{
	(void)key;
	t->mode = MODE_MAIN;
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_pause(struct tui *t, int key)
{
	(void)key;
	t->paused = !t->paused;
	return redraw(TUI_PAUSE_TOGGLE);
}

static struct tui_key_result act_prompt(struct tui *t, int key)
{
	(void)key;
	t->prompt[0] = 0;
	t->mode = MODE_PROMPT;
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_prompt_type(struct tui *t, int key)
{
	size_t n = strlen(t->prompt);

	if (((key >= '0' && key <= '9') || key == '.') && n + 1 < sizeof(t->prompt)) {
		t->prompt[n] = (char)key;
		t->prompt[n + 1] = 0;
	}
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_prompt_erase(struct tui *t, int key)
{
	size_t n = strlen(t->prompt);

	(void)key;
	if (n)
		t->prompt[n - 1] = 0;
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_prompt_accept(struct tui *t, int key)
{
	char *end;
	double v = strtod(t->prompt, &end);

	(void)key;
	t->mode = MODE_MAIN;
	if (!t->prompt[0] || *end || v < 0.01 || v > 3600)
		return say(t, "interval unchanged: give seconds from 0.01 to 3600");
	t->interval = v;
	t->ctx.interval = v;
	return redraw(TUI_INTERVAL_SET);
}

/* s and > move the sort to the next column, < to the previous one, R reverses it. */
static struct tui_key_result act_sort(struct tui *t, int key)
{
	struct panel_state *ps = &t->panels[t->focus];
	int n = tui_panel_ncolumns(t->focus);

	if (key == 'R')
		ps->ascending = !ps->ascending;
	else
		ps->sort = (ps->sort + (key == '<' ? n - 1 : 1)) % n;
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_focus(struct tui *t, int key)
{
	int step = key == KEY_BTAB || key == KEY_LEFT ? NPANELS - 1 : 1;

	t->focus = (enum tui_panel)((t->focus + step) % NPANELS);
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_move(struct tui *t, int key)
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
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_detail(struct tui *t, int key)
{
	(void)key;
	if (!t->have_shown || tui_panel_rows(t, t->focus) == 0)
		return say(t, "nothing to show: the focused panel is empty");
	tui_row_identity(t, t->focus, t->panels[t->focus].selected, t->detail_name, sizeof(t->detail_name),
			 &t->detail_id);
	t->detail_panel = t->focus;
	t->mode = MODE_DETAIL;
	return redraw(TUI_REDRAW);
}

static struct tui_key_result act_write(struct tui *t, int key)
{
	time_t now = time(NULL);
	struct tm tm;

	(void)key;
	if (!t->have_shown)
		return say(t, "nothing to write yet");
	localtime_r(&now, &tm);
	strftime(t->write_path, sizeof(t->write_path), "rxtop-%Y%m%d-%H%M%S.json", &tm);
	return only(TUI_WRITE_SNAPSHOT);
}

static struct tui_key_result act_next_stack(struct tui *t, int key)
{
	(void)key;
	if (t->ctx.replay[0])
		return only(TUI_STEP);
	if (!t->ctx.stack[0])
		return say(t, "no stack phases: start some with rxtop run STACK,STACK");
	return only(TUI_NEXT_STACK);
}

static struct tui_key_result act_step(struct tui *t, int key)
{
	(void)key;
	if (!t->ctx.replay[0])
		return say(t, "nothing to step: . steps a replay (rxtop --replay FILE)");
	return only(TUI_STEP);
}

static struct tui_key_result act_generator(struct tui *t, int key)
{
	if (t->ctx.replay[0] && key == 'z')
		return say(t, "a replay sends no traffic: z works with the lab generator");
	if (t->ctx.replay[0])
		return only(key == '-' || key == '_' ? TUI_SPEED_DOWN : TUI_SPEED_UP);
	if (!t->ctx.lab)
		return say(t, "no lab generator runs (start rxtop with --lab)");
	if (key == 'z')
		return only(TUI_GEN_SIZE_NEXT);
	return only(key == '-' || key == '_' ? TUI_GEN_RATE_DOWN : TUI_GEN_RATE_UP);
}

/* First match wins, so the help screen's "any key" and the prompt's typing come after their specific keys. */
const struct tui_binding tui_bindings[] = {
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

const size_t tui_nbindings = sizeof(tui_bindings) / sizeof(tui_bindings[0]);

static bool matches(const struct tui_binding *b, int key)
{
	for (int i = 0; i < 5 && b->keys[i]; i++)
		if (b->keys[i] == key || b->keys[i] == ANY_KEY)
			return true;
	return false;
}

struct tui_key_result tui_handle_key(struct tui *t, int key)
{
	for (size_t i = 0; i < tui_nbindings; i++)
		if ((tui_bindings[i].modes & IN(t->mode)) && matches(&tui_bindings[i], key))
			return tui_bindings[i].run(t, key);
	return only(TUI_NONE);
}
