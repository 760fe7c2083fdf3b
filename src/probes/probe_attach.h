// SPDX-License-Identifier: GPL-2.0-only
/* Tracepoint probe sets: which exist, the tp_btf -> raw_tp -> tracepoint ladder through links, tracefs,
 * costs. */
#ifndef RXTOP_PROBE_ATTACH_H
#define RXTOP_PROBE_ATTACH_H

#include <stdbool.h>
#include <stdint.h>

#include "scaled_count.h"
#include "snapshot.h"

struct bpf_map;
struct bpf_object_skeleton;
struct bpf_link;
struct bpf_program;

/* One tracepoint. Its BPF programs are named btf_<name>, raw_<name> and tp_<name>, one per attach kind. */
struct probe_def {
	const char *category; /* "sched" */
	const char *name;     /* "sched_switch" */
};

#define PROBE_SET_MAX 32

/*
 * The probes of one loader. probe_set_init, probe_set_find, probe_set_load, probe_set_attach in that order,
 * then probe_set_close before destroying the skeleton. Every field is the module's to read, not to write.
 */
struct probe_set {
	const char *who; /* log and error prefix: "trace" */
	const struct probe_def *defs;
	int n;
	int exists[PROBE_SET_MAX];		  /* the kernel has it, and no test knob disabled it */
	struct bpf_object_skeleton *skeleton;	  /* the loaded skeleton, the loader's to destroy */
	struct bpf_link *links[PROBE_SET_MAX];	  /* NULL when not attached */
	struct bpf_program *progs[PROBE_SET_MAX]; /* the program behind each link */
	const char *attach[PROBE_SET_MAX];	  /* live attach kind, or "missing" */
	int sampled[PROBE_SET_MAX];		  /* attached only in sampling windows (probe_set_sample) */
	const char *covered_by[PROBE_SET_MAX]; /* detached: this source counts its events (probe_set_cover) */
	double live_since[PROBE_SET_MAX];      /* monotonic seconds a sampled probe went live; 0: detached */
	double live_seconds[PROBE_SET_MAX];    /* its live time since the last probe_set_sample_scale */
	bool sampling;			       /* some probes are sampled: the clock below runs */
	int timed_by;			       /* the sampled probe whose live time is theirs */
	struct sample_clock clocks[PROBE_SET_MAX]; /* each sampled probe's last estimate (scaled_count.h) */
	double scales[PROBE_SET_MAX];		   /* and the factor it gave at the last reading */
	int first_kind;				   /* highest rung loaded */
	int last_kind;				   /* lowest rung loaded */
	struct bpf_object_skeleton *(*open_skeleton)(void *loader); /* as given to probe_set_load */
	void (*after_load)(void *loader);
	void *loader;
	int holds_tracefs;
};

/* Nothing attached yet, every probe "missing". */
void probe_set_init(struct probe_set *s, const char *who, const struct probe_def *defs, int n);

/*
 * Marks each probe whose tracepoint the kernel has: its BTF has btf_trace_<name> (without kernel BTF: tracefs
 * lists the event). disable_env names an environment variable (may be NULL) holding a comma-separated list of
 * probe names to treat as missing, for tests. Returns how many exist.
 */
int probe_set_find(struct probe_set *s, const char *disable_env);

/* Treats probe p as missing (the loader knows it cannot work on this kernel). */
void probe_set_drop(struct probe_set *s, int p);

/*
 * Loads the programs of every existing probe, of the first kind only (tp_btf, or what attach_env, e.g.
 * RXTOP_TRACE_ATTACH=raw_tp|tracepoint, names): the lower kinds are each probe's fallback, loaded (and
 * verified) only when probe_set_attach needs them. A kernel refusing the load drops the highest kind for all
 * and tries again. open_skeleton opens the loader's skeleton anew (destroying any previous one) and sets its
 * .rodata; it returns the skeleton, or NULL with errno set. after_load (may be NULL) fills the maps of a
 * freshly loaded skeleton; it runs after every load, here and in probe_set_attach. Returns 0 or the last
 * negative errno.
 */
int probe_set_load(struct probe_set *s, const char *attach_env,
		   struct bpf_object_skeleton *(*open_skeleton)(void *loader),
		   void (*after_load)(void *loader), void *loader);

/*
 * Attaches each existing probe through a BPF link, on the first kind of its ladder that works (classic
 * tracepoints take a reference on tracefs, mounting it when nobody has). When one does not attach as the
 * loaded kind, the skeleton is loaded anew with every kind from that one down and all are attached again
 * (the loader's skeleton pointer changes then). Returns how many attached, or a negative errno when the
 * skeleton could not be loaded again (the loader's skeleton is then unusable). Run-time statistics are the
 * caller's to turn on (src/probes/cost_window.h: they cost every BPF program on the machine).
 */
int probe_set_attach(struct probe_set *s);

/* Is probe p attached (a sampled probe: attached when it samples, whether or not it does now)? */
int probe_set_attached(const struct probe_set *s, int p);

/*
 * Makes probes[0..n) sampled and detaches them until the first probe_set_resume; call after probe_set_attach.
 * probe_set_pause and probe_set_resume then detach and reattach them, with the kind each first attached as.
 * For probes that fire per packet, poll or softirq, whose cost even when they return at once (the
 * tracepoint's call and the BPF dispatch) is a visible share of a fast receiver's time. timed_by is the one
 * whose live time is theirs: a pair times an event only while both are attached, i.e. while the one that
 * attaches last and detaches first is.
 */
void probe_set_sample(struct probe_set *s, const int *probes, int n, int timed_by);

/*
 * Detaches every sampled probe, in index order; or reattaches them, in reverse order (paired probes: the
 * closing one first, so no opening run is left without its close). Resume returns how many attached, or a
 * negative errno when one could not (the others stay attached). Each probe's live time runs from the end of
 * its own attach call to the start of its own detach call: a classic tracepoint's takes tens of ms, and it
 * counts only once enabled (at the end) and stops as the detach begins (its perf event disabled first).
 */
void probe_set_pause(struct probe_set *s);
int probe_set_resume(struct probe_set *s);

/*
 * Detaches probe p while `by` (e.g. "XDP_STATISTICS") counts every event it would, exactly; NULL attaches it
 * again. Its status row names the source. For a probe that fires per packet on a path rxtop set up itself,
 * where the kernel keeps the count anyway. Not for sampled probes. Returns 0 or a negative errno (the
 * attach).
 */
int probe_set_cover(struct probe_set *s, int p, const char *by);

/*
 * At a reading: the factor that turns what the sampled probes counted since the last reading into an estimate
 * (sample_clock_scale over timed_by's live time); 1 when none is sampled. Their status rows' share follows.
 */
double probe_set_sample_scale(struct probe_set *s);

/* The factor of the last probe_set_sample_scale for probe p's own counts, over its own live time (a probe
 * that counts alone, not as a pair); 1 when p is not sampled. */
double probe_set_scale_of(const struct probe_set *s, int p);

/* The traffic stopped at monotonic time `when`: the next estimate spreads the window's counts up to then
 * only. */
void probe_set_quiet_from(struct probe_set *s, double when);

/* Appends one row per probe ("sched:sched_switch", "tp_btf" or "missing", sampled or not) to out; returns
 * how many. */
int probe_set_status(const struct probe_set *s, struct probe_status *out, int max);

/* What one of rxtop's own BPF programs has cost so far (kernel run-time statistics). */
struct bpf_prog_cost {
	char name[32];	 /* the program's name */
	char probe[40];	 /* "sched:sched_switch"; "" for a program that is no probe's (XDP) */
	char attach[16]; /* the probe's live attach kind; "" as probe */
	uint32_t id;	 /* the kernel's program id */
	uint64_t run_cnt;
	uint64_t run_time_ns;	   /* both count only while run-time statistics are on */
	uint64_t recursion_misses; /* runs the kernel skipped */
};

/* Reads the cost of one program by fd (any of rxtop's, e.g. xdp_counter_prog_fd()). 0 or a negative errno. */
int bpf_prog_cost_read(int prog_fd, struct bpf_prog_cost *cost);

/* The cost of each attached probe's program; returns how many were written, or a negative errno. */
int probe_set_costs(const struct probe_set *s, struct bpf_prog_cost *out, int max);

/*
 * Observations the probes could not count: slot map_full_idx of the per-CPU u64 array health (full maps),
 * plus the runs the kernel skipped (recursion misses).
 */
uint64_t probe_set_events_lost(const struct probe_set *s, const struct bpf_map *health,
			       uint32_t map_full_idx);

/* Detaches every link, releases tracefs (unmounted when this process mounted it). */
void probe_set_close(struct probe_set *s);

/* tracefs for classic tracepoints, shared by every loader: mounted on first need, unmounted by the last user.
 */
int tracefs_get(void);
void tracefs_put(void);

#endif
