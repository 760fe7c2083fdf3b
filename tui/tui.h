// SPDX-License-Identifier: GPL-2.0-only
/* The live ncurses view: draws snapshots it is handed and turns keys into actions; never talks to BPF. */
#ifndef RXTOP_TUI_H
#define RXTOP_TUI_H

#include <stdbool.h>
#include <stdint.h>

#include "snapshot.h"
#include "tui_context.h"

struct tui;

/*
 * Takes over the terminal (alternate screen, no echo, keypad). Install SIGINT/SIGTERM handlers before
 * calling: ncurses then leaves them alone, and the caller's loop ends and calls tui_close(). An atexit
 * handler restores the terminal on any other exit. Returns 0, -ENOTTY when stdin/stdout is not a terminal
 * or TERM is unset or "dumb" (the caller falls back to the text view), -ENOMEM, or -EIO.
 */
int tui_open(struct tui **out, const struct tui_context *ctx);
/* Shows the snapshot (copied; the caller may reuse its buffer) and records queue rates for the sparklines.
 * While paused the display stays as it is. One erase and one refresh, no allocation. */
void tui_draw(struct tui *t, const struct snapshot *snap);
/* As tui_draw, even while paused: a paused replay steps one reading. */
void tui_draw_step(struct tui *t, const struct snapshot *snap);
/* Waits up to timeout_ms for a key (returns early on a signal) and handles it; never blocks longer. */
enum tui_action tui_wait(struct tui *t, int timeout_ms);
void tui_set_context(struct tui *t, const struct tui_context *ctx);
/* One line at the bottom for a few seconds, e.g. "wrote rxtop-20240101-120000.json". */
void tui_message(struct tui *t, const char *msg);
/* The interval typed after d (valid after TUI_INTERVAL_SET). */
double tui_interval(const struct tui *t);
/* The file name chosen for w (valid after TUI_WRITE_SNAPSHOT): rxtop-YYYYmmdd-HHMMSS.json. */
const char *tui_write_path(const struct tui *t);
bool tui_paused(const struct tui *t);
/* Restores the terminal and frees t; safe with NULL and more than once per process. */
void tui_close(struct tui *t);

/* Developer entry `rxtop __tui-demo [SECONDS]`: synthetic snapshots, for layout work only. */
int tui_demo_main(int argc, char **argv);

#endif
