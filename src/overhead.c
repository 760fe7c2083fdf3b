/* Overhead attribution: syscalls, context switches, run-queue wait, io_uring events and NET_RX softirq time. */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "log.h"
#include "overhead.h"
#include "rx_overhead.h"
#include "rx_overhead.skel.h"
#include "syscall_names.h"

#define TRACEFS "/sys/kernel/tracing"

/* How a probe is attached, best first; the BPF program for mode m of probe p is named <prefix[m]>_<p.name>. */
enum attach_mode { MODE_TP_BTF, MODE_RAW_TP, MODE_TRACEPOINT, MODE_COUNT };
static const char *const mode_names[MODE_COUNT] = { "tp_btf", "raw_tp", "tracepoint" };
static const char *const mode_prefixes[MODE_COUNT] = { "btf", "raw", "tp" };

enum probe_id {
	P_SYS_ENTER,
	P_SYS_EXIT,
	P_SCHED_SWITCH,
	P_SCHED_WAKEUP,
	P_SOFTIRQ_ENTRY,
	P_SOFTIRQ_EXIT,
	P_IOURING_FIRST,
	NPROBES = P_IOURING_FIRST + RX_IOURING_COUNT,
};

static const struct probe_def {
	const char *category;
	const char *name;
} probe_defs[NPROBES] = {
	[P_SYS_ENTER] = { "raw_syscalls", "sys_enter" },
	[P_SYS_EXIT] = { "raw_syscalls", "sys_exit" },
	[P_SCHED_SWITCH] = { "sched", "sched_switch" },
	[P_SCHED_WAKEUP] = { "sched", "sched_wakeup" },
	[P_SOFTIRQ_ENTRY] = { "irq", "softirq_entry" },
	[P_SOFTIRQ_EXIT] = { "irq", "softirq_exit" },
	[P_IOURING_FIRST + RX_IOURING_CQRING_WAIT] = { "io_uring", "io_uring_cqring_wait" },
	[P_IOURING_FIRST + RX_IOURING_TASK_WORK_RUN] = { "io_uring", "io_uring_task_work_run" },
	[P_IOURING_FIRST + RX_IOURING_LOCAL_WORK_RUN] = { "io_uring", "io_uring_local_work_run" },
	[P_IOURING_FIRST + RX_IOURING_CQE_OVERFLOW] = { "io_uring", "io_uring_cqe_overflow" },
	[P_IOURING_FIRST + RX_IOURING_COMPLETE] = { "io_uring", "io_uring_complete" },
};

struct overhead {
	struct rx_overhead_bpf *skel;
	struct bpf_link *links[NPROBES];
	struct bpf_program *attached[NPROBES]; /* the program behind each link */
	const char *attach[NPROBES];           /* mode name or "missing" */
	uint32_t have;                         /* OVERHEAD_HAVE_* */
	int stats_fd;                          /* keeps BPF run-time statistics on while open */
	int mounted_tracefs;
	int ncpus;
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

const char *overhead_error(void)
{
	return last_error;
}

/*
 * Sums the per-CPU copies of a value made of u64 counters. Private until the bpf branch's percpu.c (the same job)
 * is merged; then this becomes a call to percpu_lookup_sum().
 */
static int percpu_sum(int map_fd, int ncpus, const void *key, void *out, size_t value_size)
{
	size_t stride = (value_size + 7) & ~(size_t)7, nfields = value_size / sizeof(uint64_t);
	uint64_t *sum = out;
	char *values = calloc(ncpus, stride);
	int err = 0;

	if (!values)
		return -ENOMEM;
	if (bpf_map_lookup_elem(map_fd, key, values)) {
		err = -errno;
		goto cleanup;
	}
	memset(out, 0, value_size);
	for (int cpu = 0; cpu < ncpus; cpu++)
		for (size_t f = 0; f < nfields; f++)
			sum[f] += ((const uint64_t *)(values + (size_t)cpu * stride))[f];
cleanup:
	free(values);
	return err;
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

/*
 * The value of the enumerator called name in whichever kernel enum holds it: the softirq numbers live in an
 * anonymous enum, so there is no type name to look up. 0 and *value, or -ENOENT.
 */
static int btf_enumerator_value(const struct btf *btf, const char *name, long *value)
{
	int n = btf ? (int)btf__type_cnt(btf) : 0;

	for (int id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!btf_is_enum(t))
			continue;
		for (int i = 0; i < btf_vlen(t); i++) {
			const struct btf_enum *e = btf_enum(t) + i;

			if (strcmp(btf__name_by_offset(btf, e->name_off), name) == 0) {
				*value = e->val;
				return 0;
			}
		}
	}
	return -ENOENT;
}

/* Classic tracepoints need tracefs for their event ids; it is not mounted at boot everywhere. */
static int ensure_tracefs(struct overhead *o)
{
	if (access(TRACEFS "/events", F_OK) == 0)
		return 0;
	if (o->mounted_tracefs)
		return -ENOENT;
	if (mount("tracefs", TRACEFS, "tracefs", 0, NULL)) {
		log_debug("overhead: cannot mount tracefs on " TRACEFS ": %s", strerror(errno));
		return -errno;
	}
	o->mounted_tracefs = 1;
	return 0;
}

static struct bpf_program *find_prog(struct overhead *o, int mode, int probe)
{
	char name[64];

	snprintf(name, sizeof(name), "%s_%s", mode_prefixes[mode], probe_defs[probe].name);
	return bpf_object__find_program_by_name(o->skel->obj, name);
}

/* RXTOP_OVERHEAD_DISABLE=sched_switch,... makes those probes missing, so tests can check what degrades. */
static int disabled_for_test(const struct probe_def *p)
{
	const char *list = getenv("RXTOP_OVERHEAD_DISABLE");
	size_t len = strlen(p->name);

	for (const char *at = list; at && (at = strstr(at, p->name)); at += len)
		if ((at == list || at[-1] == ',') && (at[len] == ',' || at[len] == '\0'))
			return 1;
	return 0;
}

static int start_mode(void)
{
	const char *forced = getenv("RXTOP_OVERHEAD_ATTACH");

	for (int m = 0; forced && m < MODE_COUNT; m++)
		if (strcmp(forced, mode_names[m]) == 0)
			return m;
	return MODE_TP_BTF;
}

/* Opens and loads the programs of every mode from first on, for the probes the kernel has. */
static int load_modes(struct overhead *o, int first, const int *exists, long net_rx_vec)
{
	struct bpf_program *prog;
	int err;

	o->skel = rx_overhead_bpf__open();
	if (!o->skel)
		return -errno;
	o->skel->rodata->net_rx_vec = net_rx_vec;
	/* The iteration spelled out: cppcheck (make lint) cannot expand bpf_object__for_each_program. */
	for (prog = bpf_object__next_program(o->skel->obj, NULL); prog;
	     prog = bpf_object__next_program(o->skel->obj, prog))
		bpf_program__set_autoload(prog, false);
	for (int p = 0; p < NPROBES; p++)
		for (int m = first; exists[p] && m < MODE_COUNT; m++)
			if ((prog = find_prog(o, m, p)))
				bpf_program__set_autoload(prog, true);
	err = rx_overhead_bpf__load(o->skel);
	if (err) {
		rx_overhead_bpf__destroy(o->skel);
		o->skel = NULL;
	}
	return err;
}

/* Walks one probe down the ladder from first; returns the mode it attached with, or -1. */
static int attach_probe(struct overhead *o, int p, int first)
{
	for (int m = first; m < MODE_COUNT; m++) {
		struct bpf_program *prog = find_prog(o, m, p);

		if (!prog || bpf_program__fd(prog) < 0)
			continue;
		if (m == MODE_TRACEPOINT && ensure_tracefs(o))
			continue;
		o->links[p] = bpf_program__attach(prog);
		if (o->links[p]) {
			o->attached[p] = prog;
			return m;
		}
		log_debug("overhead: cannot attach %s:%s as %s: %s", probe_defs[p].category, probe_defs[p].name,
			  mode_names[m], strerror(errno));
	}
	return -1;
}

/* The metrics whose every source is attached. */
static uint32_t metrics_of(const struct overhead *o)
{
	int on[NPROBES];
	uint32_t have = 0;

	for (int p = 0; p < NPROBES; p++)
		on[p] = o->links[p] != NULL;
	if (on[P_SYS_ENTER])
		have |= OVERHEAD_HAVE_SYSCALLS;
	if (on[P_SYS_ENTER] && on[P_SYS_EXIT])
		have |= OVERHEAD_HAVE_SYSCALL_TIME;
	if (on[P_SYS_ENTER] && on[P_SYS_EXIT] && on[P_SCHED_SWITCH])
		have |= OVERHEAD_HAVE_SYSCALL_CPU;
	if (on[P_SCHED_SWITCH])
		have |= OVERHEAD_HAVE_SWITCHES;
	if (on[P_SCHED_SWITCH] && on[P_SCHED_WAKEUP])
		have |= OVERHEAD_HAVE_RUNQ;
	if (on[P_SOFTIRQ_ENTRY] && on[P_SOFTIRQ_EXIT])
		have |= OVERHEAD_HAVE_SOFTIRQ;
	for (int i = 0; i < RX_IOURING_COUNT; i++)
		if (on[P_IOURING_FIRST + i])
			have |= OVERHEAD_HAVE_IOURING;
	return have;
}

int overhead_open(struct overhead **out)
{
	struct btf *btf = btf__load_vmlinux_btf();
	int exists[NPROBES], err = 0, first, attached = 0;
	long net_rx_vec = -1;
	struct overhead *o;

	*out = NULL;
	last_error[0] = '\0';
	o = calloc(1, sizeof(*o));
	if (!o) {
		err = fail(-ENOMEM, "overhead: out of memory");
		goto cleanup;
	}
	o->stats_fd = -1;
	o->ncpus = libbpf_num_possible_cpus();
	if (o->ncpus <= 0) {
		err = fail(o->ncpus ? o->ncpus : -EINVAL, "overhead: cannot count the possible CPUs");
		goto cleanup;
	}
	if (!btf)
		ensure_tracefs(o);
	for (int p = 0; p < NPROBES; p++) {
		exists[p] = tracepoint_exists(btf, &probe_defs[p]) && !disabled_for_test(&probe_defs[p]);
		o->attach[p] = "missing";
	}
	/* Without the kernel's number for NET_RX the softirq probes would measure the wrong thing: leave them out. */
	if (btf_enumerator_value(btf, "NET_RX_SOFTIRQ", &net_rx_vec)) {
		log_debug("overhead: NET_RX_SOFTIRQ not in the kernel's BTF: no softirq time");
		exists[P_SOFTIRQ_ENTRY] = exists[P_SOFTIRQ_EXIT] = 0;
	}

	/* All rungs load together so each probe can walk its own ladder; a kernel refusing a whole kind drops it. */
	err = -ENOENT;
	for (first = start_mode(); first < MODE_COUNT; first++) {
		err = load_modes(o, first, exists, net_rx_vec);
		if (!err)
			break;
		log_debug("overhead: loading from %s down failed: %s", mode_names[first], strerror(-err));
	}
	if (err) {
		err = fail(err, "overhead: cannot load the tracepoint programs: %s (needs root/CAP_BPF+CAP_PERFMON)",
			   strerror(-err));
		goto cleanup;
	}

	/* Every attachment is a link: the kernel drops it with the last fd, whatever happens to rxtop. */
	for (int p = 0; p < NPROBES; p++) {
		int mode = exists[p] ? attach_probe(o, p, first) : -1;

		if (mode >= 0) {
			o->attach[p] = mode_names[mode];
			attached++;
		}
	}
	if (!attached) {
		err = fail(-ENOENT, "overhead: none of the syscall, scheduler, softirq or io_uring tracepoints attached");
		goto cleanup;
	}
	o->have = metrics_of(o);

	o->stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (o->stats_fd < 0)
		log_debug("overhead: run-time statistics unavailable: %s", strerror(errno));
	*out = o;
	o = NULL;
	err = 0;

cleanup:
	overhead_close(o);
	btf__free(btf);
	return err;
}

int overhead_track(struct overhead *o, pid_t tgid)
{
	__u32 key = tgid;
	__u8 one = 1;

	if (tgid <= 0)
		return -EINVAL;
	if (bpf_map__update_elem(o->skel->maps.tracked_tgids, &key, sizeof(key), &one, sizeof(one), BPF_ANY))
		return -errno;
	return 0;
}

void overhead_untrack(struct overhead *o, pid_t tgid)
{
	__u32 key = tgid;

	bpf_map__delete_elem(o->skel->maps.tracked_tgids, &key, sizeof(key), 0);
}

uint32_t overhead_have(const struct overhead *o)
{
	return o->have;
}

static int by_count_desc(const void *a, const void *b)
{
	const struct syscall_sample *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return x->nr - y->nr;
}

/* The process's syscalls, most entered first, the top SNAP_MAX_SYSCALLS of them into out. */
static void read_top_syscalls(struct overhead *o, __u32 tgid, struct overhead_sample *out)
{
	int map_fd = bpf_map__fd(o->skel->maps.syscall_stats);
	struct syscall_key key, *prev = NULL;
	struct syscall_sample *all;
	int n = 0, max = 1024;

	all = calloc(max, sizeof(*all));
	if (!all)
		return;
	while (n < max && bpf_map_get_next_key(map_fd, prev, &key) == 0) {
		struct syscall_stats stats;

		prev = &key;
		if (key.tgid != tgid || percpu_sum(map_fd, o->ncpus, &key, &stats, sizeof(stats)))
			continue;
		all[n].nr = key.nr;
		all[n].count = stats.count;
		all[n].ns = stats.ns;
		n++;
	}
	qsort(all, n, sizeof(*all), by_count_desc);
	out->nsyscalls = n < SNAP_MAX_SYSCALLS ? n : SNAP_MAX_SYSCALLS;
	for (int i = 0; i < out->nsyscalls; i++) {
		out->top_syscalls[i] = all[i];
		syscall_name_format(all[i].nr, out->top_syscalls[i].name, sizeof(out->top_syscalls[i].name));
	}
	free(all);
}

int overhead_process(struct overhead *o, pid_t tgid, struct overhead_sample *out)
{
	struct process_overhead stats;
	__u32 key = tgid;
	int err;

	memset(out, 0, sizeof(*out));
	err = percpu_sum(bpf_map__fd(o->skel->maps.process_stats), o->ncpus, &key, &stats, sizeof(stats));
	if (err)
		return err;
	out->have = o->have;
	out->syscall_cpu_ns = stats.syscall_cpu_ns;
	out->oncpu_ns = stats.oncpu_ns;
	out->user_ns = stats.oncpu_ns > stats.syscall_cpu_ns ? stats.oncpu_ns - stats.syscall_cpu_ns : 0;
	out->offcpu_ns = stats.offcpu_ns;
	out->runq_wait_ns = stats.runq_wait_ns;
	out->runq_waits = stats.runq_waits;
	out->switches_voluntary = stats.switches_voluntary;
	out->switches_involuntary = stats.switches_involuntary;
	out->iouring_cqring_wait = stats.iouring[RX_IOURING_CQRING_WAIT];
	out->iouring_task_work_run = stats.iouring[RX_IOURING_TASK_WORK_RUN];
	out->iouring_local_work_run = stats.iouring[RX_IOURING_LOCAL_WORK_RUN];
	out->iouring_cqe_overflow = stats.iouring[RX_IOURING_CQE_OVERFLOW];
	out->iouring_complete = stats.iouring[RX_IOURING_COMPLETE];
	out->syscalls = stats.syscalls;
	read_top_syscalls(o, key, out);
	return 0;
}

uint64_t overhead_softirq_ns(struct overhead *o, uint64_t *per_cpu, int ncpus)
{
	struct softirq_stats *values;
	uint64_t total = 0;
	__u32 zero = 0;

	if (!(o->have & OVERHEAD_HAVE_SOFTIRQ))
		return 0;
	values = calloc(o->ncpus, sizeof(*values));
	if (!values)
		return 0;
	if (bpf_map__lookup_elem(o->skel->maps.softirq_time, &zero, sizeof(zero), values,
				 o->ncpus * sizeof(*values), 0) == 0) {
		for (int cpu = 0; cpu < o->ncpus; cpu++) {
			total += values[cpu].ns;
			if (per_cpu && cpu < ncpus)
				per_cpu[cpu] = values[cpu].ns;
		}
	}
	free(values);
	return total;
}

int overhead_probes(const struct overhead *o, struct probe_status *out, int max)
{
	int n = 0;

	for (int p = 0; p < NPROBES && n < max; p++, n++) {
		snprintf(out[n].name, sizeof(out[n].name), "%s:%s", probe_defs[p].category, probe_defs[p].name);
		snprintf(out[n].attach, sizeof(out[n].attach), "%s", o->attach[p]);
	}
	return n;
}

int overhead_read(struct overhead *o, struct snapshot *snap)
{
	struct overhead_cost costs[NPROBES];
	uint64_t softirq_ns = overhead_softirq_ns(o, NULL, 0), map_full = 0;
	__u32 idx = RX_OVERHEAD_MAP_FULL;
	int ncosts;

	for (int i = 0; i < snap->nstacks; i++) {
		struct stack_sample *s = &snap->stacks[i];

		if (overhead_process(o, s->pid, &s->overhead))
			continue;
		if (o->have & OVERHEAD_HAVE_SYSCALLS)
			s->syscalls = s->overhead.syscalls;
		/* Documented choice: the lab carries one stack's traffic at a time, so all NET_RX time is its. */
		if (o->have & OVERHEAD_HAVE_SOFTIRQ)
			s->softirq_ns = softirq_ns;
	}
	for (int i = 0; i < snap->nprocesses; i++) {
		struct process_sample *p = &snap->processes[i];

		if (overhead_process(o, p->pid, &p->overhead))
			continue;
		if (o->have & OVERHEAD_HAVE_SYSCALLS)
			p->syscalls = p->overhead.syscalls;
	}
	snap->nprobes += overhead_probes(o, snap->probes + snap->nprobes, SNAP_MAX_PROBES - snap->nprobes);

	/* Observations the probes could not count: full maps and runs the kernel skipped. */
	if (percpu_sum(bpf_map__fd(o->skel->maps.overhead_health), o->ncpus, &idx, &map_full, sizeof(map_full)) == 0)
		snap->events_lost += map_full;
	ncosts = overhead_costs(o, costs, NPROBES);
	for (int i = 0; i < ncosts; i++)
		snap->events_lost += costs[i].recursion_misses;
	return 0;
}

int overhead_costs(struct overhead *o, struct overhead_cost *out, int max)
{
	int n = 0;

	for (int p = 0; p < NPROBES && n < max; p++) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);

		if (!o->links[p])
			continue;
		/* libbpf 1.1 has no bpf_prog_get_info_by_fd (1.2+): the generic call does the same. */
		if (bpf_obj_get_info_by_fd(bpf_program__fd(o->attached[p]), &info, &len))
			return n ? n : -errno;
		memset(&out[n], 0, sizeof(out[n]));
		snprintf(out[n].probe, sizeof(out[n].probe), "%s:%s", probe_defs[p].category, probe_defs[p].name);
		snprintf(out[n].attach, sizeof(out[n].attach), "%s", o->attach[p]);
		out[n].run_cnt = info.run_cnt;
		out[n].run_time_ns = info.run_time_ns;
		out[n].recursion_misses = info.recursion_misses;
		n++;
	}
	return n;
}

void overhead_close(struct overhead *o)
{
	if (!o)
		return;
	for (int p = 0; p < NPROBES; p++)
		bpf_link__destroy(o->links[p]);
	rx_overhead_bpf__destroy(o->skel);
	if (o->stats_fd >= 0)
		close(o->stats_fd);
	if (o->mounted_tracefs && umount2(TRACEFS, MNT_DETACH))
		log_debug("overhead: cannot unmount " TRACEFS ": %s", strerror(errno));
	free(o);
}
