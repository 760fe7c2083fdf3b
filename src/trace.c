/* Receive-path tracepoints (XDP exceptions and redirect errors, skb drop reasons, NAPI polls) read as counters. */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "btf_enum.h"
#include "log.h"
#include "napi_queue.h"
#include "percpu.h"
#include "rx_trace.h"
#include "rx_trace.skel.h"
#include "trace.h"

#define TRACEFS "/sys/kernel/tracing"

/* How a probe is attached, best first; the BPF programs for mode m of probe p are named <prefix[m]>_<p>. */
enum attach_mode { MODE_TP_BTF, MODE_RAW_TP, MODE_TRACEPOINT, MODE_COUNT };
static const char *const mode_names[MODE_COUNT] = { "tp_btf", "raw_tp", "tracepoint" };
static const char *const mode_prefixes[MODE_COUNT] = { "btf", "raw", "tp" };

static const struct probe_def {
	const char *category;
	const char *name;
} probe_defs[] = {
	{ "xdp", "xdp_exception" },
	{ "xdp", "xdp_redirect_err" },
	{ "xdp", "xdp_redirect_map_err" },
	{ "skb", "kfree_skb" },
	{ "napi", "napi_poll" },
};
#define NPROBES (int)(sizeof(probe_defs) / sizeof(probe_defs[0]))

#define MAX_NAPI_QUEUES 512

struct rx_trace {
	struct rx_trace_bpf *skel;
	struct bpf_link *links[NPROBES];
	struct bpf_program *progs[NPROBES];
	const char *attach[NPROBES]; /* mode name or "missing" */
	int stats_fd;                /* keeps BPF run-time statistics on while open */
	int mounted_tracefs;
	int ifindexes[SNAP_MAX_IFACES];
	int nifindexes;
	struct napi_queue napi_queues[MAX_NAPI_QUEUES];
	int nnapi_queues;
	time_t napi_queues_at;
};

static char last_error[256];

static int fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return err;
}

const char *rx_trace_error(void)
{
	return last_error;
}

/* Does the kernel have this tracepoint? Its BTF names one btf_trace_<name> typedef per tracepoint. */
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

/* Classic tracepoints need tracefs for their event ids; it is not mounted at boot everywhere. */
static int ensure_tracefs(struct rx_trace *t)
{
	if (access(TRACEFS "/events", F_OK) == 0)
		return 0;
	if (mount("tracefs", TRACEFS, "tracefs", 0, NULL)) {
		log_debug("trace: cannot mount tracefs on " TRACEFS ": %s", strerror(errno));
		return -errno;
	}
	t->mounted_tracefs = 1;
	return 0;
}

static struct bpf_program *find_prog(struct rx_trace *t, int mode, int probe)
{
	char name[64];

	snprintf(name, sizeof(name), "%s_%s", mode_prefixes[mode], probe_defs[probe].name);
	return bpf_object__find_program_by_name(t->skel->obj, name);
}

/* Opens and loads the object with the programs of one attach mode, for the probes the kernel has. */
static int load_mode(struct rx_trace *t, int mode, const int *exists)
{
	struct bpf_program *prog;
	int err;

	t->skel = rx_trace_bpf__open();
	if (!t->skel)
		return -errno;
	t->skel->rodata->filter_ifindex = t->nifindexes > 0;
	bpf_object__for_each_program(prog, t->skel->obj)
		bpf_program__set_autoload(prog, false);
	for (int p = 0; p < NPROBES; p++) {
		t->progs[p] = exists[p] ? find_prog(t, mode, p) : NULL;
		if (t->progs[p])
			bpf_program__set_autoload(t->progs[p], true);
	}
	err = rx_trace_bpf__load(t->skel);
	if (err) {
		rx_trace_bpf__destroy(t->skel);
		t->skel = NULL;
	}
	return err;
}

static int start_mode(void)
{
	const char *forced = getenv("RXTOP_TRACE_ATTACH");

	for (int m = 0; forced && m < MODE_COUNT; m++)
		if (strcmp(forced, mode_names[m]) == 0)
			return m;
	return MODE_TP_BTF;
}

int rx_trace_open(const int *ifindexes, int n, struct rx_trace **out)
{
	struct btf *btf = btf__load_vmlinux_btf();
	int exists[NPROBES], err = 0, mode, any = 0;
	struct rx_trace *t;

	*out = NULL;
	last_error[0] = '\0';
	t = calloc(1, sizeof(*t));
	if (!t) {
		err = fail(-ENOMEM, "trace: out of memory");
		goto cleanup;
	}
	t->stats_fd = -1;
	if (n < 0 || n > SNAP_MAX_IFACES) {
		err = fail(-EINVAL, "trace: %d interfaces, at most %d", n, SNAP_MAX_IFACES);
		goto cleanup;
	}
	memcpy(t->ifindexes, ifindexes, n * sizeof(*ifindexes));
	t->nifindexes = n;

	if (!btf)
		ensure_tracefs(t);
	for (int p = 0; p < NPROBES; p++) {
		exists[p] = tracepoint_exists(btf, &probe_defs[p]);
		t->attach[p] = "missing";
		any |= exists[p];
	}
	if (!any) {
		err = fail(-ENOENT, "trace: the kernel has none of rxtop's tracepoints");
		goto cleanup;
	}

	/* One mode for all probes: a failed load says little about which program the kernel refused. */
	err = -ENOENT;
	for (mode = start_mode(); mode < MODE_COUNT; mode++) {
		if (mode == MODE_TP_BTF && !btf)
			continue;
		if (mode == MODE_TRACEPOINT && ensure_tracefs(t))
			continue;
		err = load_mode(t, mode, exists);
		if (!err)
			break;
		log_debug("trace: loading %s programs failed: %s", mode_names[mode], strerror(-err));
	}
	if (err) {
		err = fail(err, "trace: cannot load the tracepoint programs: %s (needs root/CAP_BPF+CAP_PERFMON)",
			   strerror(-err));
		goto cleanup;
	}

	for (int i = 0; i < n; i++) {
		__u8 one = 1;

		bpf_map__update_elem(t->skel->maps.observed_ifindex, &ifindexes[i], sizeof(int), &one, 1, BPF_ANY);
	}

	/* Every attachment is a link: the kernel drops it with the last fd, whatever happens to rxtop. */
	for (int p = 0; p < NPROBES; p++) {
		if (!t->progs[p])
			continue;
		t->links[p] = bpf_program__attach(t->progs[p]);
		if (!t->links[p]) {
			log_debug("trace: cannot attach %s:%s as %s: %s", probe_defs[p].category, probe_defs[p].name,
				  mode_names[mode], strerror(errno));
			continue;
		}
		t->attach[p] = mode_names[mode];
	}

	t->stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (t->stats_fd < 0)
		log_debug("trace: run-time statistics unavailable: %s", strerror(errno));
	*out = t;
	t = NULL;
	err = 0;

cleanup:
	rx_trace_close(t);
	btf__free(btf);
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

int rx_trace_napi(struct rx_trace *t, struct rx_trace_napi *out, int max)
{
	int map_fd = bpf_map__fd(t->skel->maps.napi_polls);
	struct napi_key key, *prev = NULL;
	int n = 0, unknown = 0;

	while (n < max && bpf_map_get_next_key(map_fd, prev, &key) == 0) {
		struct napi_stats stats;

		prev = &key;
		if (percpu_lookup_sum(map_fd, &key, &stats, sizeof(stats)))
			continue;
		out[n] = (struct rx_trace_napi){
			.ifindex = key.ifindex,
			.napi_id = key.napi_id,
			.queue = napi_queue_of(t, key.ifindex, key.napi_id, key.queue),
			.polls = stats.polls,
			.packets = stats.packets,
			.budget_exhausted = stats.budget_exhausted,
		};
		unknown |= out[n].queue < 0;
		n++;
	}
	/* NAPI instances come and go (veth creates them with XDP): look again, at most once a second. */
	if (unknown && t->nifindexes > 0 && time(NULL) != t->napi_queues_at) {
		refresh_napi_queues(t);
		for (int i = 0; i < n; i++)
			out[i].queue = napi_queue_of(t, out[i].ifindex, out[i].napi_id, out[i].queue);
	}
	return n;
}

/* ---- drop rows ---- */

/* Adds packets to the row (where, reason), creating it; rows from several interfaces add up. */
static int add_drop(struct snapshot *snap, const char *where, const char *reason, uint64_t packets)
{
	struct drop_sample *row;

	for (int i = 0; i < snap->ndrops; i++) {
		row = &snap->drops[i];
		if (strcmp(row->where, where) == 0 && strcmp(row->reason, reason) == 0) {
			row->packets += packets;
			return 0;
		}
	}
	if (snap->ndrops >= SNAP_MAX_DROPS)
		return -ENOSPC;
	row = &snap->drops[snap->ndrops++];
	memset(row, 0, sizeof(*row));
	snprintf(row->where, sizeof(row->where), "%s", where);
	snprintf(row->reason, sizeof(row->reason), "%s", reason);
	row->packets = packets;
	return 0;
}

static const char *errno_name(int err)
{
	const char *name = strerrorname_np(err);
	static char buf[24];

	if (name)
		return name;
	snprintf(buf, sizeof(buf), "errno_%d", err);
	return buf;
}

/* The classic tracepoint record has only the map id: ask the kernel for its type. */
static int map_type_of(const struct redirect_err_key *key)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);
	int fd, type = RX_TRACE_MAP_TYPE_UNKNOWN;

	if (key->map_type != RX_TRACE_MAP_TYPE_UNKNOWN || !key->map_id)
		return key->map_type;
	fd = bpf_map_get_fd_by_id(key->map_id);
	if (fd < 0)
		return type;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0)
		type = info.type;
	close(fd);
	return type;
}

static int read_xdp_exceptions(struct rx_trace *t, struct snapshot *snap)
{
	int map_fd = bpf_map__fd(t->skel->maps.xdp_exceptions);
	struct xdp_exception_key key, *prev = NULL;
	char reason[64];
	uint64_t count;
	int err = 0;

	while (!err && bpf_map_get_next_key(map_fd, prev, &key) == 0) {
		prev = &key;
		if (percpu_lookup_sum(map_fd, &key, &count, sizeof(count)))
			continue;
		snprintf(reason, sizeof(reason), "exception:%s", btf_enum_name("xdp_action", key.action));
		err = add_drop(snap, "xdp", reason, count);
	}
	return err;
}

static int read_redirect_errors(struct rx_trace *t, struct snapshot *snap)
{
	int map_fd = bpf_map__fd(t->skel->maps.redirect_errors);
	struct redirect_err_key key, *prev = NULL;
	char reason[64];
	uint64_t count;
	int err = 0;

	while (!err && bpf_map_get_next_key(map_fd, prev, &key) == 0) {
		int map_type = map_type_of(&key);
		const char *type_name = map_type > 0 ? libbpf_bpf_map_type_str(map_type) : NULL;

		prev = &key;
		if (percpu_lookup_sum(map_fd, &key, &count, sizeof(count)))
			continue;
		if (map_type == 0)
			snprintf(reason, sizeof(reason), "redirect_err:%s", errno_name(key.err));
		else
			snprintf(reason, sizeof(reason), "redirect_err:%s map=%s", errno_name(key.err),
				 type_name ? type_name : "unknown");
		err = add_drop(snap, "xdp", reason, count);
	}
	return err;
}

static int read_drop_reasons(struct rx_trace *t, struct snapshot *snap)
{
	int map_fd = bpf_map__fd(t->skel->maps.drop_reasons);
	struct drop_reason_key key, *prev = NULL;
	uint64_t count;
	int err = 0;

	while (!err && bpf_map_get_next_key(map_fd, prev, &key) == 0) {
		prev = &key;
		if (percpu_lookup_sum(map_fd, &key, &count, sizeof(count)))
			continue;
		err = add_drop(snap, "stack", btf_drop_reason_name(key.reason), count);
	}
	return err;
}

static void read_napi(struct rx_trace *t, struct snapshot *snap)
{
	struct rx_trace_napi napi[256];
	int n = rx_trace_napi(t, napi, 256);

	for (int i = 0; i < n; i++) {
		if (napi[i].queue < 0)
			continue;
		for (int q = 0; q < snap->nqueues; q++) {
			struct queue_sample *row = &snap->queues[q];

			if (row->ifindex != napi[i].ifindex || row->queue != napi[i].queue)
				continue;
			row->napi_polls += napi[i].polls;
			row->napi_packets += napi[i].packets;
			row->napi_budget_exhausted += napi[i].budget_exhausted;
		}
	}
}

int rx_trace_read(struct rx_trace *t, struct snapshot *snap)
{
	struct bpf_prog_cost costs[NPROBES];
	int err, ncosts;
	__u32 idx = RX_TRACE_MAP_FULL;
	uint64_t map_full = 0;

	for (int p = 0; p < NPROBES && snap->nprobes < SNAP_MAX_PROBES; p++) {
		struct probe_status *s = &snap->probes[snap->nprobes++];

		snprintf(s->name, sizeof(s->name), "%s:%s", probe_defs[p].category, probe_defs[p].name);
		snprintf(s->attach, sizeof(s->attach), "%s", t->attach[p]);
	}
	err = read_xdp_exceptions(t, snap);
	if (!err)
		err = read_redirect_errors(t, snap);
	if (!err)
		err = read_drop_reasons(t, snap);
	read_napi(t, snap);

	/* Observations the probes could not count: full maps and runs the kernel skipped. */
	if (percpu_lookup_sum(bpf_map__fd(t->skel->maps.trace_health), &idx, &map_full, sizeof(map_full)) == 0)
		snap->events_lost += map_full;
	ncosts = rx_trace_costs(t, costs, NPROBES);
	for (int i = 0; i < ncosts; i++)
		snap->events_lost += costs[i].recursion_misses;
	return err;
}

int bpf_prog_cost_read(int prog_fd, struct bpf_prog_cost *cost)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -errno;
	memset(cost, 0, sizeof(*cost));
	snprintf(cost->name, sizeof(cost->name), "%s", info.name);
	cost->run_cnt = info.run_cnt;
	cost->run_time_ns = info.run_time_ns;
	cost->recursion_misses = info.recursion_misses;
	return 0;
}

int rx_trace_costs(struct rx_trace *t, struct bpf_prog_cost *out, int max)
{
	int n = 0;

	for (int p = 0; p < NPROBES && n < max; p++) {
		if (!t->links[p])
			continue;
		if (bpf_prog_cost_read(bpf_program__fd(t->progs[p]), &out[n]) == 0)
			n++;
	}
	return n;
}

void rx_trace_close(struct rx_trace *t)
{
	if (!t)
		return;
	for (int p = 0; p < NPROBES; p++)
		bpf_link__destroy(t->links[p]);
	rx_trace_bpf__destroy(t->skel);
	if (t->stats_fd >= 0)
		close(t->stats_fd);
	if (t->mounted_tracefs && umount2(TRACEFS, MNT_DETACH))
		log_debug("trace: cannot unmount " TRACEFS ": %s", strerror(errno));
	free(t);
}
