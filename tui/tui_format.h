// SPDX-License-Identifier: GPL-2.0-only
/* Pure layout helpers of the live view: numbers, sparklines, bars, column fitting, generator steps. No
 * curses. */
#ifndef RXTOP_TUI_FORMAT_H
#define RXTOP_TUI_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 1234567 -> "1.23M", 0.5 -> "0.50", 12 -> "12": at most 6 characters for any value below 1e15. */
const char *tui_human(double value, char *buf, size_t len);

/* Number of terminal columns a UTF-8 string takes (one per code point; rxtop draws no wide glyphs). */
int tui_text_width(const char *s);

/*
 * The last `width` values of `values` (oldest first) as a sparkline scaled to their maximum, right-aligned:
 * fewer values than width leave spaces on the left. UTF-8 uses ▁▂▃▄▅▆▇█, ASCII uses _.-=+*#%.
 * Writes at most len - 1 bytes and always terminates; returns out.
 */
char *tui_sparkline(const double *values, int nvalues, int width, bool utf8, char *out, size_t len);

/* Sparkline level 0..7 of value against max (0 when max <= 0). */
int tui_spark_level(double value, double max);

/* Splits `width` cells among parts in proportion to their values (each >= 0); cells[] sums to at most width,
 * and a non-zero part never gets fewer than one cell while room remains. */
void tui_bar_split(const double *parts, int nparts, int width, int *cells);

struct tui_column {
	const char *title;
	int width;    /* cells, not counting the one-space separator */
	int priority; /* 0 is always shown; larger numbers go first when the terminal is narrow */
	bool grow;    /* takes the room left over (at most one column) */
	bool left;    /* left-aligned text; numbers are right-aligned */
};

/*
 * Chooses the columns that fit in `width` cells, dropping the highest priority numbers first, and the width
 * each gets (a growing column takes what is left). shown[i] and widths[i] per column; returns cells used.
 */
int tui_fit_columns(const struct tui_column *cols, int ncols, int width, bool *shown, int *widths);

/* Generator rate steps 1-2-5 per decade, 0 meaning "as fast as possible" above the top step. */
uint64_t tui_rate_step(uint64_t rate, int direction);
/* Next lab frame size in 64, 128, 256, 512, 1024, 1514 (wrapping); an odd size goes to the next larger one.
 */
int tui_size_next(int size);

#endif
