// SPDX-License-Identifier: GPL-2.0-only
/* The live ncurses view: draws snapshots it is handed and turns keys into actions; never talks to BPF. */
#ifndef RXTOP_TUI_H
#define RXTOP_TUI_H

#include <stdbool.h>
#include <stdint.h>

#include "snapshot.h"

/* Header facts that change rarely; the caller fills them and updates them with tui_set_context(). */
struct tui_context {
	char ifaces[128];  /* "rxlab0" or "eth0, eth1" */
	char driver[32];   /* "veth", "mlx5_core"; "" when unknown */
	char xdp_mode[16]; /* "native", "generic", "" when rxtop's program is not attached */
	bool xdp_attached; /* rxtop's counting program is on the interface(s) now */
	int nqueues;
	char stack[64];		  /* running stack phase, e.g. "afxdp (1/3)"; "" when only observing */
	char stack_settings[128]; /* e.g. "batch=64 ring=2048 busy-poll=off" */
	bool lab;		  /* rxtop's lab generator runs: gen_rate and gen_size mean something */
	uint64_t gen_rate;	  /* pps; 0 = as fast as possible */
	int gen_size;		  /* frame bytes */
	double interval;	  /* seconds */
	char replay[192]; /* "REPLAY FILE  line i/N  speed 1x" when playing a recording; "" when live */
};

enum tui_action {
	TUI_NONE = 0,	    /* nothing happened (timeout) */
	TUI_QUIT,	    /* q */
	TUI_PAUSE_TOGGLE,   /* p or space: the view froze or thawed; the caller keeps sampling either way */
	TUI_INTERVAL_SET,   /* d: new interval in tui_interval() */
	TUI_NEXT_STACK,	    /* n: end the current stack phase early */
	TUI_GEN_RATE_UP,    /* +: the new rate is tui_rate_step(ctx.gen_rate, +1) (tui_format.h) */
	TUI_GEN_RATE_DOWN,  /* -: tui_rate_step(ctx.gen_rate, -1) */
	TUI_GEN_SIZE_NEXT,  /* z: tui_size_next(ctx.gen_size) */
	TUI_WRITE_SNAPSHOT, /* w: write the snapshot as JSON to tui_write_path() */
	TUI_STEP,	    /* . (n in a replay): show the next reading of a paused replay */
	TUI_SPEED_UP,	    /* + in a replay: play faster */
	TUI_SPEED_DOWN,	    /* - in a replay: play slower */
	TUI_REDRAW, /* the view changed by itself (help, focus, sort, resize); nothing for the caller */
};

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

#endif
