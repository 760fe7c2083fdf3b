// SPDX-License-Identifier: GPL-2.0-only
/* Receive-path tracepoints (XDP exceptions and redirect errors, skb drop reasons, NAPI polls) read as
 * counters. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "btf_enum.h"
#include "ledger.h"
#include "log.h"
#include "napi_queue.h"
#include "netns.h"
#include "percpu.h"
#include "probe_attach.h"
#include "rx_trace.h"
#include "rx_trace.skel.h"
#include "scaled_count.h"
#include "trace.h"
#include "trace_drops.h"

static const struct probe_def probe_defs[] = {
    {"xdp", "xdp_exception"}, {"xdp", "xdp_redirect_err"}, {"xdp", "xdp_redirect_map_err"},
    {"skb", "kfree_skb"},     {"napi", "napi_poll"},
};
#define NPROBES (int)(sizeof(probe_defs) / sizeof(probe_defs[0]))

#define MAX_NAPI_QUEUES 512
#define MAX_NAPI_INSTANCES 256
#define P_REDIRECT_ERR 1 /* probe_defs[] indexes */
#define P_REDIRECT_MAP_ERR 2
#define P_NAPI_POLL 4

/* One NAPI instance's counters as rx_trace_read last estimated them (the probe may count in windows only). */
struct napi_estimate {
	int ifindex;
	unsigned int napi_id;
	struct scaled_count polls, packets, budget_exhausted, busy_polls, busy_packets;
};

struct rx_trace {
	struct rx_trace_bpf *skel;
	struct probe_set probes;
	int ifindexes[SNAP_MAX_IFACES];
	int nifindexes;
	unsigned int netns; /* the namespace the ifindexes were taken in: devices elsewhere are not ours */
	struct napi_queue napi_queues[MAX_NAPI_QUEUES];
	int nnapi_queues;
	time_t napi_queues_at;
	struct napi_estimate napi_estimates[MAX_NAPI_INSTANCES];
	int nnapi_estimates;
	bool busy_polls_known; /* the kernel's BTF named napi->state's busy-poll bit */
	struct rx_path_probe path_probe;
};

/* A failure of rx_trace_open, into its caller's errbuf (log.h's convention). */
#define fail(err, ...) log_failure(errbuf, errlen, err, __VA_ARGS__)

/* napi->state's bit that says a busy-polling thread owns the instance; 0 (and *known false) when BTF lacks
 * it. */
static uint64_t busy_poll_mask(bool *known)
{
	long bit;

	*known = btf_enum_value(NULL, "NAPI_STATE_IN_BUSY_POLL", &bit) == 0 && bit >= 0 && bit < 64;
	return *known ? 1ull << bit : 0;
}

/* For probe_set_load: the skeleton opened anew, counting only the observed interfaces when some are given. */
static struct bpf_object_skeleton *open_skeleton(void *loader)
{
	struct rx_trace *t = loader;

	rx_trace_bpf__destroy(t->skel);
	t->skel = rx_trace_bpf__open();
	if (!t->skel)
		return NULL;
	t->skel->rodata->filter_ifindex = t->nifindexes > 0;
	t->skel->rodata->observed_netns = t->nifindexes > 0 ? t->netns : 0;
	t->skel->rodata->napi_busy_poll_mask = busy_poll_mask(&t->busy_polls_known);
	return t->skel->skeleton;
}

/* For probe_set_load: marks the observed interfaces in a freshly loaded skeleton. */
static void mark_observed(void *loader)
{
	struct rx_trace *t = loader;

	for (int i = 0; i < t->nifindexes; i++) {
		__u8 one = 1;

		bpf_map__update_elem(t->skel->maps.observed_ifindex, &t->ifindexes[i], sizeof(int), &one, 1,
				     BPF_ANY);
		if (t->ifindexes[i] >= 0 && t->ifindexes[i] < RX_TRACE_SMALL_IFINDEX)
			t->skel->bss->observed_small[t->ifindexes[i]] = 1;
	}
}

int rx_trace_open(const int *ifindexes, int n, struct rx_trace **out, char *errbuf, size_t errlen)
{
	struct rx_trace *t;
	int err = 0;

	*out = NULL;
	errbuf[0] = '\0';
	t = calloc(1, sizeof(*t));
	if (!t) {
		err = fail(-ENOMEM, "trace: out of memory");
		goto cleanup;
	}
	probe_set_init(&t->probes, "trace", probe_defs, NPROBES);
	if (n < 0 || n > SNAP_MAX_IFACES) {
		err = fail(-EINVAL, "trace: %d interfaces, at most %d", n, SNAP_MAX_IFACES);
		goto cleanup;
	}
	if (n > 0) /* ifindexes may be NULL with none: memcpy must not see a null pointer even for 0 bytes */
		memcpy(t->ifindexes, ifindexes, n * sizeof(*ifindexes));
	t->nifindexes = n;
	/* The caller named the interfaces here (session and doctor enter --netns first). */
	t->netns = netns_current_inode();

	/* RXTOP_TRACE_DISABLE=kfree_skb,... makes those probes missing, for tests and overhead experiments.
	 */
	if (!probe_set_find(&t->probes, "RXTOP_TRACE_DISABLE")) {
		err = fail(-ENOENT, "trace: the kernel has none of rxtop's tracepoints");
		goto cleanup;
	}
	err = probe_set_load(&t->probes, "RXTOP_TRACE_ATTACH", open_skeleton, mark_observed, t);
	if (!err) {
		int attached = probe_set_attach(&t->probes);

		err = attached < 0 ? attached : 0;
	}
	if (err) {
		err = fail(err,
			   "trace: cannot load the tracepoint programs: %s (needs root/CAP_BPF+CAP_PERFMON)",
			   strerror(-err));
		goto cleanup;
	}
	*out = t;
	t = NULL;
	err = 0;

cleanup:
	rx_trace_close(t);
	return err;
}

/* ---- NAPI counters ---- */

/* Refreshes the NAPI -> rx queue table from netlink (at most once a second is the caller's business). */
static void refresh_napi_queues(struct rx_trace *t)
{
	int n = napi_queue_list(t->ifindexes, t->nifindexes, t->napi_queues, MAX_NAPI_QUEUES);

	t->nnapi_queues = n > 0 ? n : 0;
	t->napi_queues_at = time(NULL);
}

/* The driver's own word (netlink) first, then what the probe could tell from the driver's layout. */
static int napi_queue_of(struct rx_trace *t, int ifindex, unsigned int napi_id, int probe_queue)
{
	if (probe_queue >= 0)
		return probe_queue;
	for (int i = 0; i < t->nnapi_queues; i++)
		if (t->napi_queues[i].ifindex == ifindex && t->napi_queues[i].napi_id == napi_id)
			return t->napi_queues[i].queue;
	return -1;
}

/* One CPU's counts of one NAPI instance. */
typedef void (*napi_visit_fn)(void *ctx, const struct napi_key *key, int cpu, const struct napi_stats *stats);

/*
 * Calls visit for every CPU's counts of every NAPI instance: its napi_polls entry, and the per-CPU slots
 * (struct napi_slot) it holds, both of which may count one instance.
 */
static int napi_visit(struct rx_trace *t, napi_visit_fn visit, void *ctx)
{
	int hash_fd = bpf_map__fd(t->skel->maps.napi_polls), slots_fd = bpf_map__fd(t->skel->maps.napi_slots);
	int ncpus = percpu_ncpus(), err = 0;
	struct napi_key key, *prev = NULL;
	struct napi_stats *values = NULL;
	struct napi_slot *slots = NULL;

	if (ncpus < 0)
		return ncpus;
	/* 40 and 56 bytes: the kernel's 8-byte stride */
	values = calloc((size_t)ncpus, sizeof(*values));
	slots = calloc((size_t)ncpus, sizeof(*slots));
	if (!values || !slots) {
		err = -ENOMEM;
		goto cleanup;
	}
	while (bpf_map_get_next_key(hash_fd, prev, &key) == 0) {
		prev = &key;
		if (bpf_map_lookup_elem(hash_fd, &key, values))
			continue;
		for (int cpu = 0; cpu < ncpus; cpu++)
			visit(ctx, &key, cpu, &values[cpu]);
	}
	for (__u32 idx = 0; idx < RX_TRACE_NAPI_SLOTS; idx++) {
		if (bpf_map_lookup_elem(slots_fd, &idx, slots))
			continue;
		for (int cpu = 0; cpu < ncpus; cpu++)
			if (slots[cpu].key.ifindex)
				visit(ctx, &slots[cpu].key, cpu, &slots[cpu].stats);
	}
cleanup:
	free(values);
	free(slots);
	return err;
}

/* rx_trace_napi's rows, each the sum of one key's counts. */
struct napi_rows {
	struct rx_trace *t;
	struct rx_trace_napi *out;
	struct napi_key *keys; /* out[i]'s key as the probe wrote it */
	int n, max;
};

static void add_napi_row(void *ctx, const struct napi_key *key, int cpu, const struct napi_stats *stats)
{
	struct napi_rows *rows = ctx;
	struct rx_trace_napi *row;
	int i = 0;

	(void)cpu;
	while (i < rows->n && memcmp(&rows->keys[i], key, sizeof(*key)))
		i++;
	if (i == rows->n) {
		if (rows->n == rows->max)
			return;
		rows->keys[rows->n++] = *key;
		rows->out[i] = (struct rx_trace_napi){
		    .ifindex = key->ifindex,
		    .napi_id = key->napi_id,
		    .queue = napi_queue_of(rows->t, key->ifindex, key->napi_id, key->queue),
		};
	}
	row = &rows->out[i];
	row->polls += stats->polls;
	row->packets += stats->packets;
	row->budget_exhausted += stats->budget_exhausted;
	row->busy_polls += stats->busy_polls;
	row->busy_packets += stats->busy_packets;
}

int rx_trace_napi(struct rx_trace *t, struct rx_trace_napi *out, int max)
{
	struct napi_rows rows = {.t = t, .out = out, .max = max};
	int unknown = 0, err;

	if (max <= 0)
		return 0;
	rows.keys = calloc((size_t)max, sizeof(*rows.keys));
	if (!rows.keys)
		return -ENOMEM;
	err = napi_visit(t, add_napi_row, &rows);
	free(rows.keys);
	if (err)
		return err;
	for (int i = 0; i < rows.n; i++)
		unknown |= out[i].queue < 0;
	/* NAPI instances come and go (veth creates them with XDP): look again, at most once a second. */
	if (unknown && t->nifindexes > 0 && time(NULL) != t->napi_queues_at) {
		refresh_napi_queues(t);
		for (int i = 0; i < rows.n; i++)
			out[i].queue = napi_queue_of(t, out[i].ifindex, out[i].napi_id, out[i].queue);
	}
	return rows.n;
}

/* What rx_trace_queue_polls and rx_trace_queue_napi_id look for, and what they found. */
struct queue_polls {
	struct rx_trace *t;
	int ifindex, queue;
	unsigned int napi_id; /* 0: any */
	uint64_t *polls;      /* per CPU, or NULL */
	int ncpus;
	unsigned int found_id;
};

static void add_queue_polls(void *ctx, const struct napi_key *key, int cpu, const struct napi_stats *stats)
{
	struct queue_polls *q = ctx;

	if (key->ifindex != q->ifindex || (q->napi_id && key->napi_id != q->napi_id) ||
	    napi_queue_of(q->t, key->ifindex, key->napi_id, key->queue) != q->queue)
		return;
	q->found_id = key->napi_id;
	if (q->polls && cpu < q->ncpus)
		q->polls[cpu] += stats->polls;
}

int rx_trace_queue_polls(struct rx_trace *t, int ifindex, int queue, unsigned int napi_id, uint64_t *polls,
			 int ncpus)
{
	struct queue_polls q = {
	    .t = t, .ifindex = ifindex, .queue = queue, .napi_id = napi_id, .polls = polls};
	int possible = percpu_ncpus(), err;

	if (possible < 0)
		return possible;
	q.ncpus = possible < ncpus ? possible : ncpus;
	memset(polls, 0, (size_t)q.ncpus * sizeof(*polls));
	err = napi_visit(t, add_queue_polls, &q);
	return err ? err : q.ncpus;
}

unsigned int rx_trace_queue_napi_id(struct rx_trace *t, int ifindex, int queue)
{
	struct queue_polls q = {.t = t, .ifindex = ifindex, .queue = queue};

	napi_visit(t, add_queue_polls, &q);
	return q.found_id;
}

static int probe_polls(void *ctx, int ifindex, int queue, unsigned int napi_id, uint64_t *polls, int ncpus)
{
	return rx_trace_queue_polls(ctx, ifindex, queue, napi_id, polls, ncpus);
}

static unsigned int probe_napi_id(void *ctx, int ifindex, int queue)
{
	return rx_trace_queue_napi_id(ctx, ifindex, queue);
}

const struct rx_path_probe *rx_trace_path_probe(struct rx_trace *t)
{
	t->path_probe = (struct rx_path_probe){probe_polls, probe_napi_id, t};
	return &t->path_probe;
}

static struct napi_estimate *estimate_of(struct rx_trace *t, const struct rx_trace_napi *napi)
{
	struct napi_estimate *e;

	for (int i = 0; i < t->nnapi_estimates; i++) {
		e = &t->napi_estimates[i];
		if (e->ifindex == napi->ifindex && e->napi_id == napi->napi_id)
			return e;
	}
	if (t->nnapi_estimates >= MAX_NAPI_INSTANCES)
		return NULL;
	e = &t->napi_estimates[t->nnapi_estimates++];
	memset(e, 0, sizeof(*e));
	e->ifindex = napi->ifindex;
	e->napi_id = napi->napi_id;
	return e;
}

/* The probe's counts become estimates: their growth since the last reading times scale. */
static void estimate_napi(struct rx_trace *t, struct rx_trace_napi *napi, double scale)
{
	struct napi_estimate *e = estimate_of(t, napi);

	if (!e)
		return; /* more instances than rows: this one shows its raw counts */
	scaled_count_update(&e->polls, napi->polls, scale);
	scaled_count_update(&e->packets, napi->packets, scale);
	scaled_count_update(&e->budget_exhausted, napi->budget_exhausted, scale);
	scaled_count_update(&e->busy_polls, napi->busy_polls, scale);
	scaled_count_update(&e->busy_packets, napi->busy_packets, scale);
	napi->polls = scaled_count_value(&e->polls);
	napi->packets = scaled_count_value(&e->packets);
	napi->budget_exhausted = scaled_count_value(&e->budget_exhausted);
	napi->busy_polls = scaled_count_value(&e->busy_polls);
	napi->busy_packets = scaled_count_value(&e->busy_packets);
}

static void read_napi(struct rx_trace *t, struct snapshot *snap, double scale)
{
	struct rx_trace_napi napi[MAX_NAPI_INSTANCES];
	int n = rx_trace_napi(t, napi, MAX_NAPI_INSTANCES);

	for (int q = 0; q < snap->nqueues; q++)
		snap->queues[q].napi_busy_known = t->busy_polls_known;
	for (int i = 0; i < n; i++) {
		estimate_napi(t, &napi[i], scale);
		if (napi[i].queue < 0)
			continue;
		for (int q = 0; q < snap->nqueues; q++) {
			struct queue_sample *row = &snap->queues[q];

			if (row->ifindex != napi[i].ifindex || row->queue != napi[i].queue)
				continue;
			row->napi_polls += napi[i].polls;
			row->napi_packets += napi[i].packets;
			row->napi_budget_exhausted += napi[i].budget_exhausted;
			row->napi_busy_polls += napi[i].busy_polls;
			row->napi_busy_packets += napi[i].busy_packets;
		}
	}
}

void rx_trace_sample(struct rx_trace *t)
{
	static const int sampled[] = {P_NAPI_POLL};

	probe_set_sample(&t->probes, sampled, 1, P_NAPI_POLL);
}

int rx_trace_cover_redirects(struct rx_trace *t, const char *by)
{
	int err = probe_set_cover(&t->probes, P_REDIRECT_ERR, by);
	int err2 = probe_set_cover(&t->probes, P_REDIRECT_MAP_ERR, by);

	return err ? err : err2;
}

void rx_trace_quiet_from(struct rx_trace *t, double when)
{
	probe_set_quiet_from(&t->probes, when);
}

int rx_trace_window(struct rx_trace *t, bool open)
{
	if (!open) {
		probe_set_pause(&t->probes);
		return 0;
	}
	return probe_set_resume(&t->probes);
}

int rx_trace_read(struct rx_trace *t, struct snapshot *snap)
{
	double scale = probe_set_sample_scale(&t->probes); /* napi_poll's, when sampled */
	int err;

	snap->nprobes +=
	    probe_set_status(&t->probes, snap->probes + snap->nprobes, SNAP_MAX_PROBES - snap->nprobes);
	err = rx_trace_drop_rows(t->skel, snap);
	read_napi(t, snap, scale);
	snap->events_lost += probe_set_events_lost(&t->probes, t->skel->maps.trace_health, RX_TRACE_MAP_FULL);
	return err;
}

int rx_trace_costs(struct rx_trace *t, struct bpf_prog_cost *out, int max)
{
	return probe_set_costs(&t->probes, out, max);
}

void rx_trace_close(struct rx_trace *t)
{
	if (!t)
		return;
	probe_set_close(&t->probes);
	rx_trace_bpf__destroy(t->skel);
	free(t);
}
