// SPDX-License-Identifier: GPL-2.0-only
/* The live view's public types: the header facts a caller hands in and the actions keys hand back. */
#ifndef RXTOP_TUI_CONTEXT_H
#define RXTOP_TUI_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

/* Header facts that change rarely; the caller fills them and updates them with tui_set_context(). */
struct tui_context {
	char ifaces[128];  /* "rxlab0" or "eth0, eth1" */
	char driver[32];   /* "veth", "mlx5_core"; "" when unknown */
	char xdp_mode[16]; /* "native", "generic", "" when rxtop's program is not attached */
	bool xdp_attached; /* rxtop's counting program is on the interface(s) now */
	/* What is read instead of a counter of rxtop's, e.g. "hands-off: queues from qstats" or "DPDK
	 * telemetry only"; "" when rxtop counts (or detached it for a phase). */
	char reading[96];
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

#endif
