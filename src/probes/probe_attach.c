// SPDX-License-Identifier: GPL-2.0-only
/* Tracepoint probe sets: which exist, the tp_btf -> raw_tp -> tracepoint ladder through links, tracefs,
 * costs. */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "btf_enum.h"
#include "clock.h"
#include "log.h"
#include "percpu.h"
#include "probe_attach.h"

#define TRACEFS "/sys/kernel/tracing"

/* How a probe is attached, best first; the program for kind k of probe p is named
 * <kind_prefixes[k]>_<p.name>. */
enum probe_kind { KIND_TP_BTF, KIND_RAW_TP, KIND_TRACEPOINT, KIND_COUNT };
static const char *const kind_names[KIND_COUNT] = {"tp_btf", "raw_tp", "tracepoint"};
static const char *const kind_prefixes[KIND_COUNT] = {"btf", "raw", "tp"};

/* ---- tracefs, one mount for every loader of the process ---- */

static pthread_mutex_t tracefs_lock = PTHREAD_MUTEX_INITIALIZER;
static int tracefs_users;
static int tracefs_mounted; /* by this process: only then is it unmounted */

/* Classic tracepoints need tracefs for their event ids; it is not mounted at boot everywhere. */
int tracefs_get(void)
{
	int err = 0;

	pthread_mutex_lock(&tracefs_lock);
	if (!tracefs_users && access(TRACEFS "/events", F_OK) != 0) {
		if (mount("tracefs", TRACEFS, "tracefs", 0, NULL)) {
			err = -errno;
			log_debug("cannot mount tracefs on " TRACEFS ": %s", strerror(errno));
		} else {
			tracefs_mounted = 1;
		}
	}
	if (!err)
		tracefs_users++;
	pthread_mutex_unlock(&tracefs_lock);
	return err;
}

void tracefs_put(void)
{
	pthread_mutex_lock(&tracefs_lock);
	if (tracefs_users > 0 && --tracefs_users == 0 && tracefs_mounted) {
		if (umount2(TRACEFS, MNT_DETACH))
			log_debug("cannot unmount " TRACEFS ": %s", strerror(errno));
		tracefs_mounted = 0;
	}
	pthread_mutex_unlock(&tracefs_lock);
}

static int hold_tracefs(struct probe_set *s)
{
	if (!s->holds_tracefs && tracefs_get() == 0)
		s->holds_tracefs = 1;
	return s->holds_tracefs ? 0 : -ENOENT;
}

/* ---- which probes the kernel has ---- */

void probe_set_init(struct probe_set *s, const char *who, const struct probe_def *defs, int n)
{
	memset(s, 0, sizeof(*s));
	s->who = who;
	s->defs = defs;
	s->n = n < PROBE_SET_MAX ? n : PROBE_SET_MAX;
	for (int p = 0; p < s->n; p++)
		s->attach[p] = "missing";
}

/* Does the kernel have this tracepoint? Its BTF holds one btf_trace_<name> typedef per tracepoint. */
static int tracepoint_exists(const struct btf *btf, const struct probe_def *p)
{
	char path[256];

	if (btf) {
		snprintf(path, sizeof(path), "btf_trace_%s", p->name);
		return btf__find_by_name_kind(btf, path, BTF_KIND_TYPEDEF) >= 0;
	}
	snprintf(path, sizeof(path), TRACEFS "/events/%s/%s", p->category, p->name);
	return access(path, F_OK) == 0;
}

/* Is name in the comma-separated list held by environment variable env? */
static int listed_in_env(const char *env, const char *name)
{
	const char *list = env ? getenv(env) : NULL;
	size_t len = strlen(name);

	for (const char *at = list; at && (at = strstr(at, name)); at += len)
		if ((at == list || at[-1] == ',') && (at[len] == ',' || at[len] == '\0'))
			return 1;
	return 0;
}

int probe_set_find(struct probe_set *s, const char *disable_env)
{
	const struct btf *btf = btf_kernel();
	int found = 0;

	if (!btf)
		hold_tracefs(s);
	for (int p = 0; p < s->n; p++) {
		s->exists[p] =
		    tracepoint_exists(btf, &s->defs[p]) && !listed_in_env(disable_env, s->defs[p].name);
		found += s->exists[p];
	}
	return found;
}

void probe_set_drop(struct probe_set *s, int p)
{
	if (p >= 0 && p < s->n)
		s->exists[p] = 0;
}

/* ---- loading and the attach ladder ---- */

static struct bpf_program *find_prog(const struct probe_set *s, int kind, int p)
{
	char name[64];

	snprintf(name, sizeof(name), "%s_%s", kind_prefixes[kind], s->defs[p].name);
	return bpf_object__find_program_by_name(*s->skeleton->obj, name);
}

static int first_kind(const char *attach_env)
{
	const char *forced = attach_env ? getenv(attach_env) : NULL;

	for (int k = 0; forced && k < KIND_COUNT; k++)
		if (strcmp(forced, kind_names[k]) == 0)
			return k;
	return KIND_TP_BTF;
}

/* Loads only the programs of the existing probes, of the kinds first..last. */
static int load_kinds(struct probe_set *s, int first, int last)
{
	struct bpf_program *prog;
	int err;

	bpf_object__for_each_program(prog, *s->skeleton->obj) bpf_program__set_autoload(prog, false);
	for (int p = 0; p < s->n; p++)
		for (int k = first; s->exists[p] && k <= last; k++)
			if ((prog = find_prog(s, k, p)))
				bpf_program__set_autoload(prog, true);
	err = bpf_object__load_skeleton(s->skeleton);
	if (!err) {
		s->last_kind = last;
		if (s->after_load)
			s->after_load(s->loader);
	}
	return err;
}

int probe_set_load(struct probe_set *s, const char *attach_env,
		   struct bpf_object_skeleton *(*open_skeleton)(void *loader),
		   void (*after_load)(void *loader), void *loader)
{
	int err = -ENOENT;

	s->open_skeleton = open_skeleton;
	s->after_load = after_load;
	s->loader = loader;
	for (s->first_kind = first_kind(attach_env); s->first_kind < KIND_COUNT; s->first_kind++) {
		/* tp_btf programs name their tracepoint's BTF: no kernel BTF, no tp_btf. */
		if (s->first_kind == KIND_TP_BTF && !btf_kernel())
			continue;
		/* A refused load cannot be retried on the same object: open it anew. */
		s->skeleton = open_skeleton(loader);
		if (!s->skeleton)
			return -errno;
		/* The first kind only: every probe of this kernel attaches as it, nearly always. */
		err = load_kinds(s, s->first_kind, s->first_kind);
		if (!err)
			return 0;
		log_debug("%s: loading %s failed: %s", s->who, kind_names[s->first_kind], strerror(-err));
	}
	return err;
}

/* Walks probe p down the ladder from the first kind loaded; returns the kind it attached with, or -1. */
static int attach_probe(struct probe_set *s, int p)
{
	for (int k = s->first_kind; k <= s->last_kind; k++) {
		struct bpf_program *prog = find_prog(s, k, p);

		if (!prog || bpf_program__fd(prog) < 0)
			continue;
		if (k == KIND_TRACEPOINT && hold_tracefs(s))
			continue;
		s->links[p] = bpf_program__attach(prog);
		if (s->links[p]) {
			s->progs[p] = prog;
			return k;
		}
		log_debug("%s: cannot attach %s:%s as %s: %s", s->who, s->defs[p].category, s->defs[p].name,
			  kind_names[k], strerror(errno));
	}
	return -1;
}

/* Attaches every existing probe; returns how many did, and in *failed how many did not. */
static int attach_all(struct probe_set *s, int *failed)
{
	int attached = 0;

	*failed = 0;
	/* Every attachment is a link: the kernel drops it with the last fd, whatever happens to rxtop. */
	for (int p = 0; p < s->n; p++) {
		int kind = s->exists[p] ? attach_probe(s, p) : -1;

		s->attach[p] = kind >= 0 ? kind_names[kind] : "missing";
		attached += kind >= 0;
		*failed += s->exists[p] && kind < 0;
	}
	return attached;
}

static void detach_all(struct probe_set *s)
{
	for (int p = 0; p < s->n; p++) {
		bpf_link__destroy(s->links[p]);
		s->links[p] = NULL;
		s->progs[p] = NULL;
	}
}

int probe_set_attach(struct probe_set *s)
{
	int failed, attached = attach_all(s, &failed);

	if (!failed || s->last_kind == KIND_COUNT - 1 || !s->open_skeleton)
		return attached;
	/* Some probe needs its fallback: load the whole ladder from the first kind down, and attach anew. */
	log_debug("%s: %d probes did not attach as %s: loading the kinds below", s->who, failed,
		  kind_names[s->first_kind]);
	detach_all(s);
	s->skeleton = s->open_skeleton(s->loader);
	if (s->skeleton && !load_kinds(s, s->first_kind, KIND_COUNT - 1))
		return attach_all(s, &failed);
	/* Not even that loads: back to the first kind alone, as it attached before. */
	s->skeleton = s->open_skeleton(s->loader);
	if (!s->skeleton)
		return -errno;
	attached = load_kinds(s, s->first_kind, s->first_kind);
	return attached ? attached : attach_all(s, &failed);
}

int probe_set_attached(const struct probe_set *s, int p)
{
	return p >= 0 && p < s->n && s->progs[p] != NULL;
}

void probe_set_sample(struct probe_set *s, const int *probes, int n, int timed_by)
{
	double now;

	for (int i = 0; i < n; i++)
		if (probes[i] >= 0 && probes[i] < s->n)
			s->sampled[probes[i]] = 1;
	s->timed_by = timed_by;
	s->sampling = true;
	probe_set_pause(s);
	now = monotonic_seconds();
	for (int p = 0; p < s->n; p++)
		sample_clock_start(&s->clocks[p], now);
}

void probe_set_pause(struct probe_set *s)
{
	for (int p = 0; p < s->n; p++) {
		double before;

		if (!s->sampled[p] || !s->links[p])
			continue;
		before = monotonic_seconds();
		bpf_link__destroy(s->links[p]);
		s->links[p] = NULL;
		if (s->live_since[p] > 0)
			s->live_seconds[p] += before - s->live_since[p];
		s->live_since[p] = 0;
	}
}

int probe_set_resume(struct probe_set *s)
{
	int attached = 0, err = 0;

	for (int p = s->n - 1; p >= 0; p--) {
		if (!s->sampled[p] || !s->progs[p])
			continue;
		if (s->links[p]) {
			attached++;
			continue;
		}
		s->links[p] = bpf_program__attach(s->progs[p]);
		if (s->links[p]) {
			s->live_since[p] = monotonic_seconds();
			attached++;
			continue;
		}
		err = -errno;
		log_debug("%s: cannot reattach %s:%s: %s", s->who, s->defs[p].category, s->defs[p].name,
			  strerror(-err));
	}
	return err ? err : attached;
}

int probe_set_cover(struct probe_set *s, int p, const char *by)
{
	if (p < 0 || p >= s->n || !s->progs[p] || s->sampled[p])
		return 0;
	s->covered_by[p] = by;
	if (by) {
		bpf_link__destroy(s->links[p]);
		s->links[p] = NULL;
		return 0;
	}
	if (!s->links[p])
		s->links[p] = bpf_program__attach(s->progs[p]);
	return s->links[p] ? 0 : -errno;
}

/* The seconds sampled probe p was live since the last call (up to now if it is live now). */
static double take_live(struct probe_set *s, int p, double now)
{
	double live;

	if (s->live_since[p] > 0) {
		s->live_seconds[p] += now - s->live_since[p];
		s->live_since[p] = now;
	}
	live = s->live_seconds[p];
	s->live_seconds[p] = 0;
	return live;
}

double probe_set_sample_scale(struct probe_set *s)
{
	double now = monotonic_seconds();

	if (!s->sampling)
		return 1;
	for (int p = 0; p < s->n; p++)
		if (s->sampled[p])
			s->scales[p] = sample_clock_scale(&s->clocks[p], take_live(s, p, now), now);
	return s->timed_by >= 0 && s->timed_by < s->n ? s->scales[s->timed_by] : 1;
}

double probe_set_scale_of(const struct probe_set *s, int p)
{
	return s->sampling && p >= 0 && p < s->n && s->sampled[p] ? s->scales[p] : 1;
}

void probe_set_quiet_from(struct probe_set *s, double when)
{
	for (int p = 0; p < s->n; p++)
		s->clocks[p].quiet_from = when;
}

int probe_set_status(const struct probe_set *s, struct probe_status *out, int max)
{
	int n = 0,
	    pair = s->timed_by >= 0 && s->timed_by < s->n && s->sampled[s->timed_by] ? s->timed_by : -1;

	for (int p = 0; p < s->n && n < max; p++, n++) {
		snprintf(out[n].name, sizeof(out[n].name), "%s:%s", s->defs[p].category, s->defs[p].name);
		snprintf(out[n].attach, sizeof(out[n].attach), "%s", s->attach[p]);
		out[n].sampled = s->sampled[p] && s->progs[p];
		snprintf(out[n].covered_by, sizeof(out[n].covered_by), "%s",
			 s->progs[p] && s->covered_by[p] ? s->covered_by[p] : "");
		/* A pair's rows show the pair's share: it times only while both are live. */
		out[n].share = out[n].sampled ? s->clocks[pair >= 0 ? pair : p].share : 1;
	}
	return n;
}

/* ---- rxtop's own cost ---- */

int bpf_prog_cost_read(int prog_fd, struct bpf_prog_cost *cost)
{
	struct bpf_prog_info info = {0};
	__u32 len = sizeof(info);

	/* libbpf 1.1 has no bpf_prog_get_info_by_fd (1.2+): the generic call does the same. */
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -errno;
	memset(cost, 0, sizeof(*cost));
	snprintf(cost->name, sizeof(cost->name), "%s", info.name);
	cost->id = info.id;
	cost->run_cnt = info.run_cnt;
	cost->run_time_ns = info.run_time_ns;
	cost->recursion_misses = info.recursion_misses;
	return 0;
}

int probe_set_costs(const struct probe_set *s, struct bpf_prog_cost *out, int max)
{
	int n = 0, err;

	for (int p = 0; p < s->n && n < max; p++) {
		if (!s->progs[p])
			continue;
		err = bpf_prog_cost_read(bpf_program__fd(s->progs[p]), &out[n]);
		if (err)
			return n ? n : err;
		snprintf(out[n].probe, sizeof(out[n].probe), "%s:%s", s->defs[p].category, s->defs[p].name);
		snprintf(out[n].attach, sizeof(out[n].attach), "%s", s->attach[p]);
		n++;
	}
	return n;
}

uint64_t probe_set_events_lost(const struct probe_set *s, const struct bpf_map *health, uint32_t map_full_idx)
{
	struct bpf_prog_cost costs[PROBE_SET_MAX];
	uint64_t lost = 0;
	int n = probe_set_costs(s, costs, PROBE_SET_MAX);

	if (percpu_lookup_sum(bpf_map__fd(health), &map_full_idx, &lost, sizeof(lost)))
		lost = 0;
	for (int i = 0; i < n; i++)
		lost += costs[i].recursion_misses;
	return lost;
}

void probe_set_close(struct probe_set *s)
{
	for (int p = 0; p < s->n; p++) {
		bpf_link__destroy(s->links[p]);
		s->links[p] = NULL;
	}
	if (s->holds_tracefs)
		tracefs_put();
	s->holds_tracefs = 0;
}
