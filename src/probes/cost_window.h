// SPDX-License-Identifier: GPL-2.0-only
/*
 * rxtop's BPF programs' run-time cost, measured in short windows. The kernel's run-time statistics
 * (BPF_ENABLE_STATS) add two clock reads to every run of every BPF program on the machine: on a packet path
 * at millions of runs per second that alone cost more than rxtop's programs (measured 15-20 % of a receiver's
 * maximum rate on the lab). So they are on only for a short window before a reading every few seconds; rates
 * are taken over the windows' time; counts are what the windows saw. Below: the sampled probes' windows,
 * which enclose these.
 */
#ifndef RXTOP_COST_WINDOW_H
#define RXTOP_COST_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include "snapshot.h"

/*
 * A window of a fifth of the interval, at most COST_WINDOW_MAX_SECONDS, at most once per
 * COST_WINDOW_PERIOD_SECONDS: turning statistics on and off patches kernel code and costs rxtop about 5 ms of
 * system time each (measured here; a window every second doubled rxtop's own CPU).
 */
#define COST_WINDOW_SHARE 0.2
#define COST_WINDOW_MAX_SECONDS 0.02
#define COST_WINDOW_PERIOD_SECONDS 3.0

/* One program's kernel counters, keyed by the kernel's program id (names repeat; ids do not). */
struct cost_reading {
	uint32_t id;
	uint64_t run_cnt, run_time_ns;
};

struct cost_window {
	bool always;	     /* statistics stay on (--bpf-stats always): every run counts */
	int stats_fd;	     /* BPF_ENABLE_STATS while a window is open; -1 otherwise */
	double opened;	     /* monotonic seconds the open window began; 0 when none is open */
	double last_opened;  /* when the latest window began */
	double stopped;	     /* when statistics went off again; 0 while they count */
	uint64_t sampled_ns; /* total length of the closed windows */
	int nbase;
	struct cost_reading base[SNAP_MAX_PROGRAMS]; /* counters when the open window began */
	int nsum;
	struct cost_sum {
		char name[40];
		uint64_t run_cnt, run_time_ns;
	} sum[SNAP_MAX_PROGRAMS]; /* per program name, what the windows saw (survives re-attachment) */
};

/* How long the window of an interval of `interval` seconds is. */
double cost_window_seconds(double interval);

void cost_window_init(struct cost_window *w, bool always);

/* Is a window to open now: none is open and the last began at least COST_WINDOW_PERIOD_SECONDS ago? */
bool cost_window_due(const struct cost_window *w);

/* When due, notes the programs' counters, then turns statistics on. 0, or a negative errno. */
int cost_window_open(struct cost_window *w, const struct cost_reading *now, int n);

/* Turns statistics off (not in always mode): the programs' counters hold still until the next window. */
void cost_window_stop(struct cost_window *w);

/*
 * Call after cost_window_stop and reading the programs' counters. Turns statistics off (not in always mode)
 * and replaces each program's kernel counters in progs[] by what all windows so far saw of that program name.
 * Without an open window the sums stay as they were. Returns the windows' total length in ns.
 */
uint64_t cost_window_close(struct cost_window *w, struct program_cost *progs, int n);

void cost_window_free(struct cost_window *w);

/*
 * Sampling windows of the probes that fire per packet, poll or softirq (napi_poll, softirq_entry/exit).
 * Attached, even a probe that returns at once costs its tracepoint call and the BPF dispatch: measured 30-60
 * ns a run on a 2-vCPU VM with retpolines and Safe RET, where veth runs one NAPI poll and one softirq per
 * packet, so these probes alone took 14 % of a 460 kpps receiver's rate. They are attached only for a short
 * window before each reading; their probe set scales what they counted by the time since its last estimate
 * over the time they were live (probe_set_sample_scale: measured from the end of the attach call to the start
 * of the detach call, since a classic tracepoint takes tens of ms for each). --event-probes always keeps them
 * attached: exact counts. The windows below only say when one is open.
 */

/* A twentieth of the interval, at least SAMPLE_WINDOW_MIN_SECONDS and at least the cost window (it opens
 * inside this one, so rxtop's cost covers the sampled probes too). */
#define SAMPLE_WINDOW_SHARE 0.05
#define SAMPLE_WINDOW_MIN_SECONDS 0.01

struct sample_window {
	bool always;	     /* --event-probes always: no windows */
	bool syscall_counts; /* sampled syscall counts (session_setup): sys_enter joins the windows */
	bool open;	     /* the sampled probes are attached until the next reading */
};

/* How long the window of an interval of `interval` seconds is. */
double sample_window_seconds(double interval);

#endif
