// SPDX-License-Identifier: GPL-2.0-only
/* `rxtop --replay FILE`: plays a recording in the live view at its own pace, with pause, step and speed. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "commands.h"
#include "log.h"
#include "output.h"
#include "replay.h"
#include "stop_signals.h"
#include "tui.h"

#define SPEED_MIN 0.25
#define SPEED_MAX 16.0

static volatile sig_atomic_t replay_stop;

struct player {
	struct replay rec;
	const char *path;
	struct tui *tui;
	struct tui_context ctx;
	struct snapshot *shown;
	int at;		/* the reading on screen */
	double speed;	/* 0.25 .. 16 */
	double next_at; /* monotonic time of the next reading while playing */
	char err[256];
};

/*
 * argv word w spells --replay as the option table's parser takes it: in full or abbreviated (no other option
 * of rxtop starts with "--r"; run's --rcvbuf and --ring-size do, so there "--re" at least), with "=FILE" or
 * not. *value: what follows '=', or NULL.
 */
static bool replay_word(const char *w, const char **value, bool run)
{
	const char *eq = strchr(w, '=');
	size_t n = eq ? (size_t)(eq - w) : strlen(w);

	*value = eq ? eq + 1 : NULL;
	return n >= (run ? 4u : 3u) && n <= 8 && strncmp(w, "--replay", n) == 0;
}

bool replay_requested(int argc, char **argv, bool run)
{
	const char *value;

	for (int i = 1; i < argc; i++)
		if (replay_word(argv[i], &value, run))
			return true;
	return false;
}

/* --replay FILE alone: the file holds what to show, so any option that picks what to observe is a mistake. */
static const char *replay_path(int argc, char **argv, int lab, bool run, char *err, size_t len)
{
	const char *value;

	if (run) {
		snprintf(err, len,
			 "rxtop run: --replay plays a recording and runs no receivers; use "
			 "'rxtop --replay FILE' alone");
		return NULL;
	}
	if (lab) {
		snprintf(err, len, "rxtop: --replay plays a recording and sends no traffic; drop --lab");
		return NULL;
	}
	if (argc == 2 && replay_word(argv[1], &value, false) && value && value[0])
		return value;
	if (argc == 3 && replay_word(argv[1], &value, false) && !value)
		return argv[2];
	if (argc == 2) {
		snprintf(err, len, "rxtop: --replay needs a FILE, e.g. 'rxtop --replay run.jsonl'");
		return NULL;
	}
	for (int i = 1; i < argc; i++) {
		if (replay_word(argv[i], &value, false)) {
			i += !value; /* its FILE */
			continue;
		}
		snprintf(err, len,
			 "rxtop: --replay FILE plays alone; '%s' makes no sense with it (the recording "
			 "holds what was observed): drop it",
			 argv[i]);
		return NULL;
	}
	snprintf(err, len, "rxtop: --replay given twice; name one FILE");
	return NULL;
}

/* The header's facts come from the first reading: what was observed and how. */
static void context_from_recording(struct player *p)
{
	const struct snapshot *s = p->shown;
	size_t used = 0;

	memset(&p->ctx, 0, sizeof(p->ctx));
	for (int i = 0; i < s->nifaces && used < sizeof(p->ctx.ifaces); i++)
		used += snprintf(p->ctx.ifaces + used, sizeof(p->ctx.ifaces) - used, "%s%s", i ? ", " : "",
				 s->ifaces[i].iface);
	if (s->nifaces && strcmp(s->ifaces[0].counter, "none") == 0) {
		snprintf(p->ctx.reading, sizeof(p->ctx.reading), "hands-off (--counter none)");
	} else if (s->nifaces && s->ifaces[0].counter[0]) {
		snprintf(p->ctx.xdp_mode, sizeof(p->ctx.xdp_mode), "%s", s->ifaces[0].counter);
		p->ctx.xdp_attached = true;
	}
	p->ctx.nqueues = s->nqueues;
	p->ctx.interval = s->interval > 0 ? s->interval : replay_gap(&p->rec, 0);
}

static void update_header(struct player *p)
{
	const char *base = strrchr(p->path, '/') ? strrchr(p->path, '/') + 1 : p->path;

	snprintf(p->ctx.replay, sizeof(p->ctx.replay), "REPLAY %s  line %d/%d%s  speed %gx%s", base,
		 p->at + 1, p->rec.nlines, p->at + 1 == p->rec.nlines ? " (end)" : "", p->speed,
		 tui_paused(p->tui) ? "  paused: . steps, space plays" : "");
	tui_set_context(p->tui, &p->ctx);
}

static int show(struct player *p, int i, bool step)
{
	if (replay_read(&p->rec, i, p->shown, p->err, sizeof(p->err)) < 0)
		return -1;
	p->at = i;
	if (step)
		tui_draw_step(p->tui, p->shown);
	else
		tui_draw(p->tui, p->shown);
	update_header(p);
	return 0;
}

static void write_shown(struct player *p)
{
	const char *path = tui_write_path(p->tui);
	FILE *f = fopen(path, "w");
	char msg[160];

	if (f) {
		output_json(f, p->shown);
		if (fclose(f) == 0) {
			snprintf(msg, sizeof(msg), "wrote %s", path);
			tui_message(p->tui, msg);
			return;
		}
	}
	snprintf(msg, sizeof(msg), "could not write %s: %s", path, strerror(errno));
	tui_message(p->tui, msg);
}

static void set_speed(struct player *p, double speed)
{
	double now = monotonic_seconds(), left = p->next_at - now;

	if (speed < SPEED_MIN || speed > SPEED_MAX) {
		tui_message(p->tui, "replay speed goes from 0.25x to 16x");
		return;
	}
	/* What is left of the current gap shrinks or stretches with the speed. */
	if (left > 0)
		p->next_at = now + left * p->speed / speed;
	p->speed = speed;
	update_header(p);
}

/* Keys until q or a signal; plays readings at their recorded gaps over the speed. 0, or -1 with p->err. */
static int play(struct player *p)
{
	bool end_said = false;

	p->next_at = monotonic_seconds() + (p->rec.nlines > 1 ? replay_gap(&p->rec, 0) : 0);
	while (!replay_stop) {
		bool playing = !tui_paused(p->tui) && p->at + 1 < p->rec.nlines;
		double left = p->next_at - monotonic_seconds();
		enum tui_action action;

		if (playing && left <= 0) {
			if (show(p, p->at + 1, false) < 0)
				return -1;
			if (p->at + 1 < p->rec.nlines)
				p->next_at += replay_gap(&p->rec, p->at) / p->speed;
			continue;
		}
		if (p->at + 1 == p->rec.nlines && !end_said) {
			tui_message(p->tui, "end of the recording: q quits");
			end_said = true;
		}
		action = tui_wait(p->tui, playing && left < 0.1 ? (int)(left * 1000) + 1 : 100);
		switch (action) {
		case TUI_QUIT:
			return 0;
		case TUI_PAUSE_TOGGLE:
			/* Playing again: the next reading comes a whole gap later, as it did when recorded.
			 */
			if (!tui_paused(p->tui) && p->at + 1 < p->rec.nlines)
				p->next_at = monotonic_seconds() + replay_gap(&p->rec, p->at) / p->speed;
			update_header(p);
			break;
		case TUI_STEP:
			if (!tui_paused(p->tui))
				tui_message(p->tui, "step works while paused: space pauses");
			else if (p->at + 1 >= p->rec.nlines)
				tui_message(p->tui, "end of the recording: q quits");
			else if (show(p, p->at + 1, true) < 0)
				return -1;
			break;
		case TUI_SPEED_UP:
			set_speed(p, p->speed * 2);
			break;
		case TUI_SPEED_DOWN:
			set_speed(p, p->speed / 2);
			break;
		case TUI_INTERVAL_SET:
			p->ctx.interval = p->rec.lines[p->at].interval;
			tui_message(p->tui,
				    "a replay keeps the recording's interval; + and - change its speed");
			update_header(p);
			break;
		case TUI_WRITE_SNAPSHOT:
			write_shown(p);
			break;
		default:
			break;
		}
	}
	return 0;
}

int cmd_replay(int argc, char **argv, int lab, bool run)
{
	struct player *p = calloc(1, sizeof(*p));
	char err[320];
	int rc = EXIT_USAGE;

	if (!p || !(p->shown = calloc(1, sizeof(*p->shown)))) {
		log_user("rxtop: out of memory");
		free(p);
		return EXIT_RUNTIME;
	}
	p->speed = 1;
	p->path = replay_path(argc, argv, lab, run, err, sizeof(err));
	if (!p->path || replay_open(&p->rec, p->path, err, sizeof(err)) < 0) {
		log_user("%s", err);
		goto out;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		log_user(
		    "rxtop: --replay %s plays in the live view and needs a terminal; run it in one, or read "
		    "the file itself (it is JSON lines)",
		    p->path);
		goto out;
	}
	if (replay_read(&p->rec, 0, p->shown, err, sizeof(err)) < 0) {
		log_user("rxtop: --replay %s: %s", p->path, err);
		goto out;
	}
	context_from_recording(p);
	stop_signals_install(&replay_stop);
	rc = tui_open(&p->tui, &p->ctx);
	if (rc < 0) {
		log_user("rxtop: --replay %s: cannot start the live view: %s%s", p->path, strerror(-rc),
			 rc == -ENOTTY ? " (TERM is unset or dumb): set TERM" : "");
		rc = rc == -ENOTTY ? EXIT_USAGE : EXIT_RUNTIME;
		goto out;
	}
	if (p->rec.cut_last)
		tui_message(p->tui, "the last line was cut off (recording stopped mid-line): playing the "
				    "complete ones");
	rc = show(p, 0, false) < 0 || play(p) < 0 ? EXIT_RUNTIME : 0;
	tui_close(p->tui);
	if (rc)
		log_user("rxtop: --replay %s: %s", p->path, p->err);
	else if (p->rec.cut_last)
		log_user("rxtop: --replay %s: its last line was cut off and was not played", p->path);
out:
	replay_close(&p->rec);
	free(p->shown);
	free(p);
	return rc;
}
