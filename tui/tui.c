// SPDX-License-Identifier: GPL-2.0-only
/* The live view's public calls: lifecycle, the snapshot shown, keys turned into actions and frames. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"
#include "tui_frame.h"
#include "tui_history.h"
#include "tui_keys.h"
#include "tui_screen.h"

int tui_open(struct tui **out, const struct tui_context *ctx)
{
	struct tui *t = calloc(1, sizeof(*t));
	int rc;

	*out = NULL;
	if (!t)
		return -ENOMEM;
	t->shown = calloc(1, sizeof(*t->shown));
	if (!t->shown) {
		rc = -ENOMEM;
		goto fail;
	}
	t->ctx = *ctx;
	t->interval = ctx->interval;
	t->focus = PANEL_QUEUES;
	/* Busiest first, as top does; queues in their natural order. */
	t->panels[PANEL_STACKS].sort = 2;
	t->panels[PANEL_QUEUES].ascending = true;
	t->panels[PANEL_DROPS].sort = 2;
	rc = tui_screen_open(t);
	if (rc < 0)
		goto fail;
	tui_frame_render(t);
	*out = t;
	return 0;
fail:
	free(t->shown);
	free(t);
	return rc;
}

void tui_draw(struct tui *t, const struct snapshot *snap)
{
	if (t && !t->paused)
		tui_draw_step(t, snap);
}

void tui_draw_step(struct tui *t, const struct snapshot *snap)
{
	if (!t)
		return;
	/* A copy, so the caller may reuse its buffer; no allocation per frame. */
	memcpy(t->shown, snap, sizeof(*snap));
	t->have_shown = true;
	tui_history_record(t, snap);
	tui_frame_render(t);
}

enum tui_action tui_wait(struct tui *t, int timeout_ms)
{
	struct tui_key_result r;
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
	r = tui_handle_key(t, key);
	if (r.redraw == REDRAW_ALL)
		clearok(curscr, TRUE);
	if (r.redraw != REDRAW_NONE)
		tui_frame_render(t);
	return r.action;
}

void tui_set_context(struct tui *t, const struct tui_context *ctx)
{
	if (!t)
		return;
	t->ctx = *ctx;
	tui_frame_render(t);
}

void tui_message(struct tui *t, const char *msg)
{
	if (!t)
		return;
	tui_set_message(t, msg);
	tui_frame_render(t);
}

double tui_interval(const struct tui *t)
{
	return t->interval;
}

const char *tui_write_path(const struct tui *t)
{
	return t->write_path;
}

bool tui_paused(const struct tui *t)
{
	return t->paused;
}

void tui_close(struct tui *t)
{
	tui_screen_close();
	if (!t)
		return;
	free(t->shown);
	free(t);
}
