// SPDX-License-Identifier: GPL-2.0-only
/* One rxtop session: what it attached and started, so every exit path can undo exactly that. */
#ifndef RXTOP_SESSION_H
#define RXTOP_SESSION_H

#include <stdbool.h>
#include <stdio.h>

#include "collector.h"
#include "gen.h"
#include "ledger.h"
#include "options.h"
#include "runner.h"
#include "snapshot.h"

struct tui;

/* One reading of what the comparison table needs, taken when a phase's receiver is ready and when it ends. */
struct phase_mark {
	bool taken;
	double mono;
	struct stack_sample stack; /* this phase's receiver */
	int ndrops;
	struct drop_sample drops[SNAP_MAX_DROPS];
	uint64_t gen_sent,
	    gen_bytes;	   /* the lab generator's, cumulative over its restarts (TCP: bytes acked) */
	uint64_t gen_late; /* frames its pacer skipped, cumulative */
	struct gen_burstiness burst; /* at the end mark: per ms since the begin mark */
	/*
	 * At the end mark, the phase as one long interval since the begin mark: the receiver's rates and
	 * per-packet costs (src/model/cost.c) and its loss by the ledger's rows (src/model/ledger.c). The
	 * comparison (src/top/output_compare.c) only formats these.
	 */
	double seconds;
	struct stack_sample phase;
	struct ledger_loss loss;
};

/* The SO_RCVBUF `rxtop run` gives UDP socket receivers unless --rcvbuf says otherwise (docs/user-guide.md).
 */
#define SESSION_RUN_RCVBUF (4 << 20)

struct session {
	struct tui *tui; /* the live view, NULL in batch mode */
	struct top_options opts;
	struct collector collector;
	struct snapshot *last, *spare; /* the newest snapshot and a buffer for the next */
	long samples_shown;
	double next_tick;
	int saved_netns; /* fd of the namespace to return to, -1 when none was entered */
	bool gen_running;
	bool gen_tcp;	       /* the lab generator is a TCP sender (`run --proto tcp`): bytes, not frames */
	bool rcvbuf_defaulted; /* opts.stack.rcvbuf is SESSION_RUN_RCVBUF, not the user's */
	bool summary_written;  /* the JSON summary went out on the last reading's line */
	uint64_t gen_bytes_before; /* bytes and late frames of the lab generator's earlier runs (frames: */
	uint64_t gen_late_before;  /* collector.gen_sent_before) */
	struct gen_proc gen;
	int xdp_verdict; /* what the counting program does now (enum rx_xdp_verdict) */
	struct stack_child children[TOP_MAX_STACKS];
	bool stack_failed;
	bool death_reported[TOP_MAX_STACKS];
	bool busy_poll_reported[TOP_MAX_STACKS];
	struct phase_mark phase_begin[TOP_MAX_STACKS], phase_end[TOP_MAX_STACKS];
	bool begin_marked[TOP_MAX_STACKS]; /* session_start_stack took phase i's begin mark (TCP) */
	/*
	 * rxtop bench runs its own output: no stack start line on stdout, and why a stack did not start or
	 * died goes into stack_why (for the cell) instead of stderr.
	 */
	bool quiet;
	char stack_why[256];
};

/* Checks privileges and interfaces, brings the lab up, attaches the counters and probes, starts the
 * generator. Returns 0, or an exit status with one line for the user in err. */
int session_setup(struct session *s, bool run, char *err, size_t len);
/*
 * Reads DPDK processes' ports through their telemetry sockets: --dpdk-telemetry's (a bad one is a usage
 * error) and those of -p processes (a warning when one cannot be read). Without -i, at least one is needed.
 */
int session_open_dpdk(struct session *s, char *err, size_t len);
/* Starts stack phase i (its child process); exit status on failure, the reason already printed. */
int session_start_stack(struct session *s, int i);
void session_stop_stack(struct session *s, int i);
/* True when a running stack's child died on its own (reported once on stderr). */
bool session_stacks_died(struct session *s);
/*
 * One line for the user, once per stack, when a stack set to busy-poll receives on a queue whose socket has
 * no NAPI id: there busy polling cannot run. True when msg holds a new line.
 */
bool session_busy_poll_blocked(struct session *s, const struct snapshot *snap, char *msg, size_t len);
/*
 * Reads the counters of phase i's receiver at its start (end = false) or end, for the comparison table. With
 * a TCP lab sender, session_start_stack already took the start before the sender began; the next start call
 * is then a no-op.
 */
void session_mark_phase(struct session *s, int i, bool end);
/* Phase i's time ends at mono (the generator stopped there; the counts include what drained after it). */
void session_phase_ends_at(struct session *s, int i, double mono);
/*
 * The comparison after the phases of `rxtop run` that got a receiver running (nothing when none did): a text
 * table, or CSV rows of kind "summary" with -o csv; nothing with -o json, whose last reading carried it
 * (session_json_summary; src/top/output_compare.c, docs/json-schema.md).
 */
void session_print_comparison(const struct session *s, FILE *out);
/*
 * The summary's keys, "format": 1 and "summary": [...], into a JSON object under way: `rxtop run -o json`
 * puts them on its last line, after the last phase's final reading, so that line stays a full reading too.
 * arg is the session; the caller sets summary_written, so session_print_comparison does not repeat them.
 */
void session_json_summary(struct jsonw *w, const void *arg);
/* The lab generator's counters so far, over its restarts: frames sent, bytes (TCP: acknowledged), late. */
void session_generator_totals(const struct session *s, uint64_t *sent, uint64_t *bytes, uint64_t *late);
/* Turns BPF run-time statistics on until the next reading (src/probes/cost_window.h). */
void session_open_cost_window(struct session *s);
/* Attaches the sampled per-event probes until the next reading (src/probes/cost_window.h). */
void session_open_sample_window(struct session *s);
/* The generator is about to stop before the last reading (src/top/collector.h: collector_traffic_stops). */
void session_traffic_stops(struct session *s);
/* Changes the lab generator's rate (live) or frame size (restart, counts carried); 0 or -errno. */
int session_set_generator(struct session *s, uint64_t rate, int size);
/* Starts (or restarts) the lab generator with the session's options: 0, or an exit status with one line in
 * err (src/top/session_gen.c, for session.c). */
int session_gen_start(struct session *s, char *err, size_t len);
/* Starts the lab generator with the session's options (rxtop bench's XDP_DROP ceiling, which has no stack
 * to start it); 0, or an exit status with one line in err. */
int session_start_generator(struct session *s, char *err, size_t len);
/*
 * Stops the lab generator and waits for the lab to drain, so the next reading balances the ledger. A TCP
 * sender stops writing, waits until its receiver acknowledged everything, and the running receivers get up
 * to a second to read it: their bytes then equal the sender's. The next session_start_stack starts a new one.
 */
void session_stop_generator(struct session *s);
/* Stops and detaches everything the session started, in reverse order. Safe after a partial setup. */
void session_teardown(struct session *s);

#endif
