// SPDX-License-Identifier: GPL-2.0-only
/* Writing gnuplot scripts that render SVG and PNG, and running gnuplot on them. */
#ifndef RXTOP_BENCH_GNUPLOT_H
#define RXTOP_BENCH_GNUPLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The full path of gnuplot found on PATH; false when it is not installed. */
bool gnuplot_find(char *path, size_t len);
/* Starts NAME.gp: a comment saying how to render it, then the SVG terminal with NAME.svg as output. The
 * caller writes its settings and one plot command, then gnuplot_script_end. */
void gnuplot_script_begin(FILE *f, const char *name, const char *title);
/* Renders the same plot again as NAME.png (pngcairo when gnuplot has it, else png). */
void gnuplot_script_end(FILE *f, const char *name);
/* Writes s as a gnuplot double-quoted string. */
void gnuplot_quote(FILE *f, const char *s);
/* Runs gnuplot on dir/NAME.gp with dir as working folder; 0 when NAME.svg and NAME.png exist, else -1 with
 * a note saying what went wrong. */
int gnuplot_render(const char *gnuplot, const char *dir, const char *name, char *note, size_t len);

#endif
