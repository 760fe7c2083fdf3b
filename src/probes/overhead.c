// SPDX-License-Identifier: GPL-2.0-only
/* Overhead attribution: syscalls, context switches, run-queue wait, io_uring events and NET_RX softirq time.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf_enum.h"
#include "log.h"
#include "overhead.h"
#include "percpu.h"
#include "probe_attach.h"
#include "rx_overhead.h"
#include "rx_overhead.skel.h"
#include "scaled_count.h"
#include "syscall_names.h"
#include "thread_sched.h"

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

static const struct probe_def probe_defs[NPROBES] = {
    [P_SYS_ENTER] = {"raw_syscalls", "sys_enter"},
    [P_SYS_EXIT] = {"raw_syscalls", "sys_exit"},
    [P_SCHED_SWITCH] = {"sched", "sched_switch"},
    [P_SCHED_WAKEUP] = {"sched", "sched_wakeup"},
    [P_SOFTIRQ_ENTRY] = {"irq", "softirq_entry"},
    [P_SOFTIRQ_EXIT] = {"irq", "softirq_exit"},
    [P_IOURING_FIRST + RX_IOURING_CQRING_WAIT] = {"io_uring", "io_uring_cqring_wait"},
    [P_IOURING_FIRST + RX_IOURING_TASK_WORK_RUN] = {"io_uring", "io_uring_task_work_run"},
    [P_IOURING_FIRST + RX_IOURING_LOCAL_WORK_RUN] = {"io_uring", "io_uring_local_work_run"},
    [P_IOURING_FIRST + RX_IOURING_CQE_OVERFLOW] = {"io_uring", "io_uring_cqe_overflow"},
    [P_IOURING_FIRST + RX_IOURING_COMPLETE] = {"io_uring", "io_uring_complete"},
};

/* One syscall of one process, its time (and, with sampled counts, its count) estimated from what the windows
 * saw: nr -1 is the process's syscall CPU time and its total count. */
struct syscall_time_estimate {
	uint32_t tgid;
	int nr;
	struct scaled_count ns;
	struct scaled_count count;
};

/* Enough for every syscall shown of every stack and process of a snapshot (SNAP_MAX_SYSCALLS + 1 each). */
#define SYSCALL_ESTIMATES 1024

struct overhead {
	struct rx_overhead_bpf *skel;
	struct probe_set probes;
	long net_rx_vec; /* NET_RX_SOFTIRQ as the running kernel numbers it */
	uint32_t have;	 /* OVERHEAD_HAVE_* */
	struct scaled_count softirq_cpu_ns[SNAP_MAX_CPUS]; /* NET_RX time per CPU, as last estimated */
	bool syscalls_sampled; /* sys_exit attached in sampling windows only: syscall time is estimated */
	bool counts_sampled;   /* sys_enter too (--syscall-counts sampled): the counts are estimates */
	/* The sched probes too: the switch, on-CPU and run-queue figures come from each tracked process's
	 * threads' /proc counters (sys/thread_sched.h); the probes only bound syscall CPU time in windows. */
	bool sched_sampled;
	struct sched_tallies tallies; /* one per tracked tgid, from overhead_track on */
	uint32_t syscall_window;      /* the last window id handed to the programs (never 0) */
	struct syscall_time_estimate estimates[SYSCALL_ESTIMATES];
	int nestimates;
	/* The tgid each syscall_counts row counts for, 0 when free. A row stays its tgid's once given: it may
	 * still hold counts when the tgid no longer counts there (its slot now shared). */
	__u32 row_tgid[RX_OVERHEAD_ROWS];
};

/* A failure of overhead_open, into its caller's errbuf (log.h's convention). */
#define fail(err, ...) log_failure(errbuf, errlen, err, __VA_ARGS__)

/* For probe_set_load: the skeleton opened anew, told the kernel's number for NET_RX. */
static struct bpf_object_skeleton *open_skeleton(void *loader)
{
	struct overhead *o = loader;

	rx_overhead_bpf__destroy(o->skel);
	o->skel = rx_overhead_bpf__open();
	if (!o->skel)
		return NULL;
	o->skel->rodata->net_rx_vec = o->net_rx_vec;
	return o->skel->skeleton;
}

/* The metrics whose every source is attached. */
static uint32_t metrics_of(const struct overhead *o)
{
	int on[NPROBES];
	uint32_t have = 0;

	for (int p = 0; p < NPROBES; p++)
		on[p] = probe_set_attached(&o->probes, p);
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

int overhead_open(struct overhead **out, char *errbuf, size_t errlen)
{
	struct overhead *o;
	int err = 0;

	*out = NULL;
	errbuf[0] = '\0';
	o = calloc(1, sizeof(*o));
	if (!o) {
		err = fail(-ENOMEM, "overhead: out of memory");
		goto cleanup;
	}
	probe_set_init(&o->probes, "overhead", probe_defs, NPROBES);
	if (percpu_ncpus() <= 0) {
		err = fail(percpu_ncpus() ? percpu_ncpus() : -EINVAL,
			   "overhead: cannot count the possible CPUs");
		goto cleanup;
	}
	/* RXTOP_OVERHEAD_DISABLE=sched_switch,... makes those probes missing, so tests can check what
	 * degrades. */
	probe_set_find(&o->probes, "RXTOP_OVERHEAD_DISABLE");
	/* Without the kernel's number for NET_RX the softirq probes would measure the wrong thing: leave them
	 * out. */
	if (btf_enum_value(NULL, "NET_RX_SOFTIRQ", &o->net_rx_vec)) {
		log_debug("overhead: NET_RX_SOFTIRQ not in the kernel's BTF: no softirq time");
		o->net_rx_vec = -1;
		probe_set_drop(&o->probes, P_SOFTIRQ_ENTRY);
		probe_set_drop(&o->probes, P_SOFTIRQ_EXIT);
	}
	err = probe_set_load(&o->probes, "RXTOP_OVERHEAD_ATTACH", open_skeleton, NULL, o);
	if (err) {
		err = fail(
		    err, "overhead: cannot load the tracepoint programs: %s (needs root/CAP_BPF+CAP_PERFMON)",
		    strerror(-err));
		goto cleanup;
	}
	if (probe_set_attach(&o->probes) <= 0) {
		err = fail(
		    -ENOENT,
		    "overhead: none of the syscall, scheduler, softirq or io_uring tracepoints attached");
		goto cleanup;
	}
	o->have = metrics_of(o);
	*out = o;
	o = NULL;

cleanup:
	overhead_close(o);
	return err;
}

void overhead_sample(struct overhead *o, bool counts)
{
	static const int sampled[] = {P_SYS_EXIT,     P_SOFTIRQ_ENTRY, P_SOFTIRQ_EXIT,
				      P_SCHED_SWITCH, P_SCHED_WAKEUP,  P_SYS_ENTER};
	int timed_by = probe_set_attached(&o->probes, P_SOFTIRQ_ENTRY) ? P_SOFTIRQ_ENTRY : P_SYS_EXIT;

	/*
	 * The softirq pair times a softirq only while both are attached: entry attaches last and detaches
	 * first. Syscalls are timed while syscall_window is set, which is inside sys_exit's live time; all
	 * three attach and detach together, so either's live time is theirs. The sched probes attach before
	 * the syscall probes and detach after them (probe_set_resume: highest index first), so they see every
	 * switch of a timed syscall; their other figures come from /proc. With sampled counts sys_enter joins
	 * them and its counts scale by its own live time (probe_set_scale_of).
	 */
	probe_set_sample(&o->probes, sampled, counts ? 6 : 5, timed_by);
	o->syscalls_sampled = probe_set_attached(&o->probes, P_SYS_EXIT);
	o->counts_sampled = counts && probe_set_attached(&o->probes, P_SYS_ENTER);
	o->sched_sampled = probe_set_attached(&o->probes, P_SCHED_SWITCH);
	o->skel->data->syscall_window = 0;
	o->skel->data->count_window = !o->counts_sampled; /* the first window sets it */
	/* Syscalls entered before sampling began carry the programs' initial id 1: no window may pair with
	 * them. */
	o->syscall_window = 1;
}

void overhead_quiet_from(struct overhead *o, double when)
{
	probe_set_quiet_from(&o->probes, when);
}

int overhead_window(struct overhead *o, bool open)
{
	int attached;

	if (!open) {
		/* First: the caller read the packets that scale the count just before (count_window). */
		if (o->counts_sampled)
			o->skel->data->count_window = 0;
		/* Before sys_exit detaches: no syscall entered from now on waits for an exit never seen. */
		o->skel->data->syscall_window = 0;
		probe_set_pause(&o->probes);
		return 0;
	}
	/* A softirq that began in an earlier window does not pair with an exit in this one. */
	o->skel->bss->softirq_window++;
	attached = probe_set_resume(&o->probes);
	/* Once sys_exit is attached: a syscall timed in this window has its exit seen. A new id, so that
	 * none entered in an earlier window pairs. */
	if (o->syscalls_sampled && o->probes.links[P_SYS_EXIT]) {
		if (++o->syscall_window < 2)
			o->syscall_window = 2;
		o->skel->data->syscall_window = o->syscall_window;
	}
	/* Last: the caller reads the packets that scale the count just after (count_window). */
	if (o->counts_sampled)
		o->skel->data->count_window = 1;
	return attached;
}

/* The syscall_counts row of tgid, given one if free rows are left; -1 when it has none. */
static int row_of(struct overhead *o, __u32 tgid, bool give)
{
	int free_row = -1;

	for (int r = 0; r < RX_OVERHEAD_ROWS; r++) {
		if (o->row_tgid[r] == tgid)
			return r;
		if (!o->row_tgid[r] && free_row < 0)
			free_row = r;
	}
	if (give && free_row >= 0)
		o->row_tgid[free_row] = tgid;
	return give ? free_row : -1;
}

int overhead_track(struct overhead *o, pid_t tgid)
{
	__u32 key = tgid, idx = key % RX_OVERHEAD_SLOTS, *slot;
	__u8 one = 1;

	if (tgid <= 0)
		return -EINVAL;
	sched_tallies_track(&o->tallies, tgid);
	if (bpf_map__update_elem(o->skel->maps.tracked_tgids, &key, sizeof(key), &one, sizeof(one), BPF_ANY))
		return -errno;
	/*
	 * The probes' quick test (bpf/rx_overhead.bpf.c), set once the hash holds it. Only this thread
	 * writes; the row is in place before the slot names its tgid (x86 and arm64 alike: a release store).
	 */
	slot = &o->skel->bss->tracked_slot[idx];
	if (*slot == key)
		return 0;
	if (*slot) { /* two tracked tgids: the hash decides, and both count in syscall_stats from now on */
		__atomic_store_n(slot, RX_OVERHEAD_SLOT_SHARED, __ATOMIC_RELEASE);
		__atomic_store_n(&o->skel->bss->tracked_row[idx], 0, __ATOMIC_RELEASE);
		return 0;
	}
	o->skel->bss->tracked_row[idx] = row_of(o, key, true) + 1;
	__atomic_store_n(slot, key, __ATOMIC_RELEASE);
	return 0;
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

/* Adds tgid's syscall_counts row, if it has one, into all (by syscall number) and by_nr (its index there). */
static int read_row(struct overhead *o, __u32 tgid, struct syscall_sample *all, int *by_nr)
{
	int row = row_of(o, tgid, false), ncpus = percpu_ncpus(), n = 0;
	__u32 keys[RX_OVERHEAD_ROW_NRS], from, count = RX_OVERHEAD_ROW_NRS, out_batch;
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	__u64 *values;
	int err;

	if (row < 0 || ncpus <= 0)
		return 0;
	values = calloc((size_t)RX_OVERHEAD_ROW_NRS * ncpus, sizeof(*values));
	if (!values)
		return 0;
	/* A batch starts after its in_batch key: the row's first key is the one after the last of the row
	 * before. */
	from = (__u32)row * RX_OVERHEAD_ROW_NRS - 1;
	err = bpf_map_lookup_batch(bpf_map__fd(o->skel->maps.syscall_counts), row ? &from : NULL, &out_batch,
				   keys, values, &count, &opts);
	if (err && errno != ENOENT)
		count = 0;
	for (__u32 i = 0; i < count && i < RX_OVERHEAD_ROW_NRS; i++) {
		__u32 nr = keys[i] - (__u32)row * RX_OVERHEAD_ROW_NRS;
		__u64 sum = 0;

		for (int c = 0; c < ncpus; c++)
			sum += values[(size_t)i * ncpus + c];
		if (!sum || nr >= RX_OVERHEAD_ROW_NRS)
			continue;
		all[n] = (struct syscall_sample){.nr = nr, .count = sum};
		by_nr[nr] = n++;
	}
	free(values);
	return n;
}

/* The process's syscalls, most entered first, the top SNAP_MAX_SYSCALLS of them into out; returns how many it
 * entered, all syscalls together: its syscall_counts row plus syscall_stats (counts no row took, and times).
 */
static uint64_t read_top_syscalls(struct overhead *o, __u32 tgid, struct overhead_sample *out)
{
	int map_fd = bpf_map__fd(o->skel->maps.syscall_stats);
	int n, max = 1024, by_nr[RX_OVERHEAD_ROW_NRS];
	struct syscall_key key, *prev = NULL;
	struct syscall_sample *all;
	uint64_t total = 0;

	all = calloc(max, sizeof(*all));
	if (!all)
		return 0;
	for (int i = 0; i < RX_OVERHEAD_ROW_NRS; i++)
		by_nr[i] = -1;
	n = read_row(o, tgid, all, by_nr);
	while (n < max && bpf_map_get_next_key(map_fd, prev, &key) == 0) {
		struct syscall_sample *s;
		struct syscall_stats stats;

		prev = &key;
		if (key.tgid != tgid || percpu_lookup_sum(map_fd, &key, &stats, sizeof(stats)))
			continue;
		if (key.nr < RX_OVERHEAD_ROW_NRS && by_nr[key.nr] >= 0) {
			s = &all[by_nr[key.nr]];
		} else {
			s = &all[n++];
			s->nr = key.nr;
		}
		s->count += stats.count;
		s->ns += stats.ns;
	}
	for (int i = 0; i < n; i++)
		total += all[i].count;
	qsort(all, n, sizeof(*all), by_count_desc);
	out->nsyscalls = n < SNAP_MAX_SYSCALLS ? n : SNAP_MAX_SYSCALLS;
	for (int i = 0; i < out->nsyscalls; i++) {
		out->top_syscalls[i] = all[i];
		syscall_name_format(all[i].nr, out->top_syscalls[i].name, sizeof(out->top_syscalls[i].name));
	}
	free(all);
	return total;
}

/*
 * The sched probes attached in windows only count what happened there: the switches, on-CPU and run-queue
 * figures come from the kernel's per-thread counters instead (0 when they could not be read).
 */
static void sched_from_proc(struct sched_tally *tally, struct overhead_sample *out)
{
	struct sched_totals t = {0};

	if (tally)
		sched_tally_read(tally, &t); /* a process gone keeps its last figures */
	out->oncpu_ns = t.oncpu_ns;
	out->offcpu_ns = t.offcpu_ns;
	out->runq_wait_ns = t.runq_wait_ns;
	out->runq_waits = t.runq_waits;
	out->switches_voluntary = t.switches_voluntary;
	out->switches_involuntary = t.switches_involuntary;
}

int overhead_process(struct overhead *o, pid_t tgid, struct overhead_sample *out)
{
	struct sched_tally *tally = o->sched_sampled ? sched_tallies_find(&o->tallies, tgid) : NULL;
	struct process_overhead stats = {0}, in_row;
	__u32 key = tgid;
	int err, row;

	memset(out, 0, sizeof(*out));
	/* A process with a row counts there, and in the hash for what happened before it had one (its slot
	 * shared) or after; sys_enter counts into the syscall maps only: a process may have syscalls and no
	 * other figure yet. */
	err = percpu_lookup_sum(bpf_map__fd(o->skel->maps.process_stats), &key, &stats, sizeof(stats));
	row = row_of(o, key, false);
	if (row >= 0 &&
	    percpu_lookup_sum(bpf_map__fd(o->skel->maps.process_rows), &row, &in_row, sizeof(in_row)) == 0) {
		const __u64 *from = (const __u64 *)&in_row;
		__u64 *to = (__u64 *)&stats;

		for (size_t i = 0; i < sizeof(stats) / sizeof(__u64); i++)
			to[i] += from[i];
		err = 0;
	}
	out->syscalls = read_top_syscalls(o, key, out);
	if (tally)
		err = 0; /* its scheduler figures are known either way */
	if (err && !out->nsyscalls)
		return err;
	out->have = o->have;
	out->syscall_cpu_ns = stats.syscall_cpu_ns;
	out->oncpu_ns = stats.oncpu_ns;
	out->offcpu_ns = stats.offcpu_ns;
	out->runq_wait_ns = stats.runq_wait_ns;
	out->runq_waits = stats.runq_waits;
	out->switches_voluntary = stats.switches_voluntary;
	out->switches_involuntary = stats.switches_involuntary;
	if (o->sched_sampled)
		sched_from_proc(tally, out);
	out->user_ns = out->oncpu_ns > out->syscall_cpu_ns ? out->oncpu_ns - out->syscall_cpu_ns : 0;
	out->iouring_cqring_wait = stats.iouring[RX_IOURING_CQRING_WAIT];
	out->iouring_task_work_run = stats.iouring[RX_IOURING_TASK_WORK_RUN];
	out->iouring_local_work_run = stats.iouring[RX_IOURING_LOCAL_WORK_RUN];
	out->iouring_cqe_overflow = stats.iouring[RX_IOURING_CQE_OVERFLOW];
	out->iouring_complete = stats.iouring[RX_IOURING_COMPLETE];
	return 0;
}

/* The estimates of one syscall of process tgid (nr -1: its syscall CPU time and total), found or made. */
static struct syscall_time_estimate *estimate_of(struct overhead *o, uint32_t tgid, int nr)
{
	for (int i = 0; i < o->nestimates; i++)
		if (o->estimates[i].tgid == tgid && o->estimates[i].nr == nr)
			return &o->estimates[i];
	/* Full (processes come and go): start over; the estimates restart from the counts read now. */
	if (o->nestimates == SYSCALL_ESTIMATES)
		o->nestimates = 0;
	o->estimates[o->nestimates] = (struct syscall_time_estimate){.tgid = tgid, .nr = nr};
	return &o->estimates[o->nestimates++];
}

/* Sampled counts: what sys_enter counted in the windows, made an estimate for all the time, per syscall shown
 * and in total. */
static void estimate_syscall_counts(struct overhead *o, uint32_t tgid, struct overhead_sample *s,
				    double scale)
{
	struct scaled_count *c;

	if (!o->counts_sampled)
		return;
	c = &estimate_of(o, tgid, -1)->count;
	scaled_count_update(c, s->syscalls, scale);
	s->syscalls = scaled_count_value(c);
	for (int i = 0; i < s->nsyscalls; i++) {
		c = &estimate_of(o, tgid, s->top_syscalls[i].nr)->count;
		scaled_count_update(c, s->top_syscalls[i].count, scale);
		s->top_syscalls[i].count = scaled_count_value(c);
	}
}

/* Sampled syscall time: what the windows timed, made an estimate for all the time (as the softirq time). */
static void estimate_syscall_time(struct overhead *o, uint32_t tgid, struct overhead_sample *s, double scale)
{
	struct scaled_count *c;

	if (!o->syscalls_sampled)
		return;
	c = &estimate_of(o, tgid, -1)->ns;
	scaled_count_update(c, s->syscall_cpu_ns, scale);
	s->syscall_cpu_ns = scaled_count_value(c);
	/* Syscalls sleep too: the estimate of their on-CPU time cannot pass the exact on-CPU time. */
	if (s->syscall_cpu_ns > s->oncpu_ns && (s->have & OVERHEAD_HAVE_SWITCHES))
		s->syscall_cpu_ns = s->oncpu_ns;
	s->user_ns = s->oncpu_ns - (s->oncpu_ns < s->syscall_cpu_ns ? s->oncpu_ns : s->syscall_cpu_ns);
	for (int i = 0; i < s->nsyscalls; i++) {
		c = &estimate_of(o, tgid, s->top_syscalls[i].nr)->ns;
		scaled_count_update(c, s->top_syscalls[i].ns, scale);
		s->top_syscalls[i].ns = scaled_count_value(c);
	}
}

uint64_t overhead_softirq_ns(struct overhead *o, uint64_t *per_cpu, int ncpus)
{
	int ncpus_possible = percpu_ncpus();
	struct softirq_stats *values;
	uint64_t total = 0;
	__u32 zero = 0;

	if (!(o->have & OVERHEAD_HAVE_SOFTIRQ) || ncpus_possible <= 0)
		return 0;
	values = calloc(ncpus_possible, sizeof(*values));
	if (!values)
		return 0;
	if (bpf_map__lookup_elem(o->skel->maps.softirq_time, &zero, sizeof(zero), values,
				 ncpus_possible * sizeof(*values), 0) == 0) {
		for (int cpu = 0; cpu < ncpus_possible; cpu++) {
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
	return probe_set_status(&o->probes, out, max);
}

/* Estimates the NET_RX time per CPU into out; returns all CPUs' (0 when the probes are missing). */
static uint64_t read_softirq(struct overhead *o, struct softirq_sample *out, double scale)
{
	uint64_t raw[SNAP_MAX_CPUS] = {0};
	int ncpus = percpu_ncpus();

	if (!(o->have & OVERHEAD_HAVE_SOFTIRQ) || ncpus <= 0)
		return 0;
	if (ncpus > SNAP_MAX_CPUS)
		ncpus = SNAP_MAX_CPUS; /* the time of CPUs beyond is left out */
	overhead_softirq_ns(o, raw, ncpus);
	out->known = true;
	out->ncpus = ncpus;
	out->ns = 0;
	for (int cpu = 0; cpu < ncpus; cpu++) {
		scaled_count_update(&o->softirq_cpu_ns[cpu], raw[cpu], scale);
		out->cpu_ns[cpu] = scaled_count_value(&o->softirq_cpu_ns[cpu]);
		out->ns += out->cpu_ns[cpu];
	}
	return out->ns;
}

int overhead_read(struct overhead *o, struct snapshot *snap, const struct overhead_count_scales *scales)
{
	double scale = probe_set_sample_scale(&o->probes); /* the sampled probes', once per reading */
	double count_scale = probe_set_scale_of(&o->probes, P_SYS_ENTER);
	uint64_t softirq_ns = read_softirq(o, &snap->softirq, scale);

	for (int i = 0; i < snap->nstacks; i++) {
		struct stack_sample *s = &snap->stacks[i];

		if (scales ? scales->read_err[i] : overhead_process(o, s->pid, &s->overhead))
			continue;
		/* By the stack's packets where the collector has them, else by time. */
		estimate_syscall_counts(o, s->pid, &s->overhead,
					scales && scales->stacks[i] > 0 ? scales->stacks[i] : count_scale);
		estimate_syscall_time(o, s->pid, &s->overhead, scale);
		if (o->have & OVERHEAD_HAVE_SYSCALLS)
			s->syscalls = s->overhead.syscalls;
		/* Documented choice: the lab carries one stack's traffic at a time, so all NET_RX time is
		 * its. */
		if (o->have & OVERHEAD_HAVE_SOFTIRQ)
			s->softirq_ns = softirq_ns;
	}
	for (int i = 0; i < snap->nprocesses; i++) {
		struct process_sample *p = &snap->processes[i];

		/* As for the stacks: all NET_RX time is the observed traffic's (docs/overhead.md). */
		if (o->have & OVERHEAD_HAVE_SOFTIRQ)
			p->softirq_ns = softirq_ns;
		if (overhead_process(o, p->pid, &p->overhead))
			continue;
		estimate_syscall_counts(o, p->pid, &p->overhead, count_scale);
		estimate_syscall_time(o, p->pid, &p->overhead, scale);
		if (o->have & OVERHEAD_HAVE_SYSCALLS)
			p->syscalls = p->overhead.syscalls;
	}
	snap->nprobes += overhead_probes(o, snap->probes + snap->nprobes, SNAP_MAX_PROBES - snap->nprobes);

	snap->events_lost +=
	    probe_set_events_lost(&o->probes, o->skel->maps.overhead_health, RX_OVERHEAD_MAP_FULL);
	return 0;
}

int overhead_costs(struct overhead *o, struct bpf_prog_cost *out, int max)
{
	return probe_set_costs(&o->probes, out, max);
}

void overhead_close(struct overhead *o)
{
	if (!o)
		return;
	probe_set_close(&o->probes);
	rx_overhead_bpf__destroy(o->skel);
	sched_tallies_free(&o->tallies);
	free(o);
}
