/* Terminal setup, colours and restoring the terminal on every exit path: the one place that touches them. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui_private.h"

static SCREEN *screen;
static bool atexit_registered;

double tui_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs from atexit too: after a stray exit() the shell gets its screen back. */
void tui_term_close(void)
{
	if (!screen)
		return;
	endwin();
	delscreen(screen);
	screen = NULL;
	fflush(stdout);
}

static void restore_at_exit(void)
{
	tui_term_close();
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

int tui_term_open(struct tui *t)
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
	return 0;
}
