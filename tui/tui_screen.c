// SPDX-License-Identifier: GPL-2.0-only
/* The terminal's one owner: setup, colours, writing text, and restoring it on every exit path. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui_format.h"
#include "tui_screen.h"

static SCREEN *screen;
static bool atexit_registered;
/* While the view is on, stderr goes to a file: lines written then would scribble over the screen and vanish
 * with the alternate screen. Closing the view shows them on the normal screen. */
#define STDERR_REPLAY_MAX 16384
static FILE *stderr_held;
static int stderr_saved = -1;

static void stderr_hold(void)
{
	if (!isatty(STDERR_FILENO))
		return; /* 2>file: nothing to protect */
	fflush(stderr);
	stderr_held = tmpfile();
	stderr_saved = stderr_held ? dup(STDERR_FILENO) : -1;
	if (stderr_saved < 0 || dup2(fileno(stderr_held), STDERR_FILENO) < 0) {
		if (stderr_saved >= 0)
			close(stderr_saved);
		if (stderr_held)
			fclose(stderr_held);
		stderr_held = NULL;
		stderr_saved = -1;
	}
}

/* Puts stderr back on the terminal and shows what was written meanwhile (its last STDERR_REPLAY_MAX bytes).
 */
static void stderr_release(void)
{
	char buf[4096];
	long size;
	size_t n;

	if (!stderr_held)
		return;
	fflush(stderr);
	dup2(stderr_saved, STDERR_FILENO);
	close(stderr_saved);
	stderr_saved = -1;
	fseek(stderr_held, 0, SEEK_END);
	size = ftell(stderr_held);
	fseek(stderr_held, size > STDERR_REPLAY_MAX ? size - STDERR_REPLAY_MAX : 0, SEEK_SET);
	while ((n = fread(buf, 1, sizeof(buf), stderr_held)) > 0)
		if (write(STDERR_FILENO, buf, n) < 0)
			break;
	fclose(stderr_held);
	stderr_held = NULL;
}

/* Runs from atexit too: after a stray exit() the shell gets its screen back. */
void tui_screen_close(void)
{
	if (!screen)
		return;
	endwin();
	delscreen(screen);
	screen = NULL;
	fflush(stdout);
	stderr_release();
}

static void restore_at_exit(void)
{
	tui_screen_close();
}

static bool dumb_terminal(void)
{
	const char *term = getenv("TERM");

	return !term || !*term || strcmp(term, "dumb") == 0;
}

/* https://no-color.org: any non-empty NO_COLOR turns colour off. */
static bool colour_wanted(void)
{
	const char *no_colour = getenv("NO_COLOR");

	return !(no_colour && *no_colour) && has_colors();
}

static void set_roles(struct tui *t)
{
	/* role, foreground, background, extra attributes; pair number = role */
	static const struct {
		enum tui_role role;
		short fg, bg;
		attr_t extra;
	} palette[] = {
	    {ROLE_HEADER, COLOR_CYAN, -1, A_BOLD},
	    {ROLE_TITLE, COLOR_BLACK, COLOR_CYAN, 0},
	    {ROLE_FOCUS, COLOR_BLACK, COLOR_GREEN, 0},
	    {ROLE_SELECTED, COLOR_BLACK, COLOR_CYAN, 0},
	    {ROLE_WARN, COLOR_RED, -1, A_BOLD},
	    {ROLE_GOOD, COLOR_GREEN, -1, 0},
	    {ROLE_SPARK, COLOR_GREEN, -1, 0},
	    {ROLE_USER, COLOR_GREEN, -1, 0},
	    {ROLE_SYS, COLOR_RED, -1, 0},
	    {ROLE_SOFTIRQ, COLOR_MAGENTA, -1, 0},
	    {ROLE_DIM, COLOR_BLUE, -1, A_BOLD},
	};
	/* Without colour, the same roles stay distinguishable by attribute alone. */
	static const attr_t plain[NROLES] = {
	    [ROLE_HEADER] = A_BOLD,	 [ROLE_TITLE] = A_UNDERLINE, [ROLE_FOCUS] = A_REVERSE,
	    [ROLE_SELECTED] = A_REVERSE, [ROLE_WARN] = A_BOLD,
	};

	memcpy(t->roles, plain, sizeof(plain));
	if (!t->colour)
		return;
	start_color();
	use_default_colors();
	for (size_t i = 0; i < sizeof(palette) / sizeof(palette[0]); i++) {
		init_pair((short)palette[i].role, palette[i].fg, palette[i].bg);
		t->roles[palette[i].role] = COLOR_PAIR(palette[i].role) | palette[i].extra;
	}
}

int tui_screen_open(struct tui *t)
{
	const char *codeset;

	if (screen)
		return -EBUSY;
	if (dumb_terminal() || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -ENOTTY;
	setlocale(LC_ALL, "");
	codeset = nl_langinfo(CODESET);
	t->utf8 = codeset && strcmp(codeset, "UTF-8") == 0;
	/* newterm, unlike initscr, returns an error instead of exiting on a terminal it cannot drive. */
	screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return -ENOTTY;
	if (!atexit_registered) {
		atexit(restore_at_exit);
		atexit_registered = true;
	}
	/* cbreak, not raw: Ctrl-C still raises SIGINT and reaches the caller's handler. */
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	t->colour = colour_wanted();
	set_roles(t);
	stderr_hold();
	return 0;
}

void tui_put(struct tui *t, int y, int x, int maxw, enum tui_role role, const char *text)
{
	int width = tui_text_width(text), cells = 0;
	const char *end = text;

	if (maxw <= 0 || y < 0 || y >= LINES)
		return;
	/* Cut at a character boundary so a UTF-8 glyph is never split. */
	if (width > maxw)
		for (end = text; *end && cells <= maxw; end++)
			if (((unsigned char)*end & 0xC0) != 0x80 && ++cells > maxw)
				break;
	attrset(t->roles[role]);
	mvaddnstr(y, x, text, width > maxw ? (int)(end - text) : -1);
	attrset(A_NORMAL);
}

void tui_fill_line(struct tui *t, int y, int cols, enum tui_role role)
{
	attrset(t->roles[role]);
	mvhline(y, 0, ' ', cols);
	attrset(A_NORMAL);
}
