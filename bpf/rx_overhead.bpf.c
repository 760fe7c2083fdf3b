// SPDX-License-Identifier: GPL-2.0
/* Overhead of tracked processes (syscalls, context switches, run-queue wait, io_uring events) and NET_RX
 * softirq time. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "probe_common.bpf.h"
#include "rx_overhead.h"

/* NET_RX_SOFTIRQ as the running kernel numbers it; the loader reads it from BTF (no value: no softirq time).
 */
const volatile __u32 net_rx_vec = ~0U;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RX_OVERHEAD_MAX_TGIDS);
	__type(key, __u32);
	__type(value, __u8);
} tracked_tgids SEC(".maps");

/*
 * In front of tracked_tgids: slot (tgid mod its size) holds the tracked tgid there, RX_OVERHEAD_SLOT_SHARED
 * when two tracked tgids share it (then the hash decides), 0 when none. The syscall and scheduler probes run
 * for every task on the machine: most leave after this one array read, and a tracked task is known without
 * the hash lookup (issue 19: one helper call less on every syscall). Written by the loader only.
 */
__u32 tracked_slot[RX_OVERHEAD_SLOTS];

/*
 * Beside it: 1 + the syscall_counts row of the tgid in tracked_slot[slot], 0 when it has none. A syscall of a
 * process with a row is counted by one array increment; a per-CPU hash update (syscall_stats) cost ~50 ns
 * more on every syscall here (issue 19). Written by the loader only, before the slot names the tgid.
 */
__u8 tracked_row[RX_OVERHEAD_SLOTS];

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RX_OVERHEAD_ROWS *RX_OVERHEAD_ROW_NRS);
	__type(key, __u32); /* row * RX_OVERHEAD_ROW_NRS + syscall number */
	__type(value, __u64);
} syscall_counts SEC(".maps");

/*
 * Threads' states, direct-mapped by tid like tracked_slot: the first tracked thread seen at an index owns it
 * for good, and a thread whose index another owns keeps its state in thread_states. Finding an element is one
 * address computation; the hash lookup it replaces cost ~50-100 ns on every switch and wakeup of a tracked
 * thread (issue 19: a receiver that sleeps every few datagrams paid it several times per datagram).
 */
struct thread_state thread_slot[RX_OVERHEAD_THREAD_SLOTS];
__u64 thread_slot_owner[RX_OVERHEAD_THREAD_SLOTS]; /* tid; 0 while free (64 bits: BPF's cmpxchg before v3) */

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, RX_OVERHEAD_MAX_THREADS);
	__type(key, __u32); /* tid */
	__type(value, struct thread_state);
} thread_states SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RX_OVERHEAD_MAX_SYSCALL_KEYS);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* elements made on first use: probe_common.bpf.h */
	__type(key, struct syscall_key);
	__type(value, struct syscall_stats);
} syscall_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RX_OVERHEAD_MAX_TGIDS);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* elements made on first use: probe_common.bpf.h */
	__type(key, __u32);		      /* tgid */
	__type(value, struct process_overhead);
} process_stats SEC(".maps");

/* The same for the processes with a syscall_counts row (tracked_row), by row: one array lookup, no hashing.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RX_OVERHEAD_ROWS);
	__type(key, __u32);
	__type(value, struct process_overhead);
} process_rows SEC(".maps");

/*
 * The softirq probes may be attached only in sampling windows (src/probes/probe_attach.h): a softirq whose
 * exit fell after its window closed leaves its start behind. The loader bumps softirq_window before each
 * window, and an exit pairs only with an entry of the same window.
 */
__u32 softirq_window;

/*
 * Syscall time is sampled the same way (idea of issue 19: the pair fired twice per syscall and read the clock
 * both times, several hundred ns per datagram for a one-datagram-per-syscall receiver). sys_enter stays
 * attached and counts every syscall; it reads the clock and marks its thread only while syscall_window is not
 * 0. The loader attaches sys_exit only in sampling windows and sets syscall_window to a fresh nonzero id
 * after sys_exit is attached and back to 0 before it detaches; an exit (or a switch) pairs only with an entry
 * of the window open now. Not sampled (the loader never calls overhead_sample): it stays 1, every syscall is
 * timed.
 */
__u32 syscall_window = 1;

/*
 * With sampled counts, the window's syscalls are scaled by the receiver's packets read at its edges, and an
 * edge is where counting starts or stops, not where sys_enter attaches: attaching and detaching the window's
 * probes takes milliseconds, and a reader preempted there counts syscalls its packets do not cover (1.03-1.05
 * per packet for one that makes 1.001). The loader sets it after the probes attach and clears it before they
 * detach, each next to its packet reading. Counts not sampled: it stays 1.
 */
__u32 count_window = 1;

struct softirq_begin {
	__u64 ns;
	__u32 window;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct softirq_begin);
} softirq_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct softirq_stats);
} softirq_time SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RX_OVERHEAD_HEALTH_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} overhead_health SEC(".maps");

/* The syscall_counts row of tracked tgid (1 + row, 0 when it has none); false when tgid is not tracked. */
static __always_inline bool tracked_row_of(__u32 tgid, __u32 *row)
{
	__u32 idx = tgid % RX_OVERHEAD_SLOTS, slot = tracked_slot[idx];

	*row = 0;
	if (!tgid)
		return false;
	if (slot == tgid) {
		*row = tracked_row[idx];
		return true;
	}
	return slot == RX_OVERHEAD_SLOT_SHARED && bpf_map_lookup_elem(&tracked_tgids, &tgid);
}

static __always_inline bool tracked(__u32 tgid)
{
	__u32 row;

	return tracked_row_of(tgid, &row);
}

static __always_inline struct process_overhead *process_of(__u32 tgid)
{
	static const struct process_overhead zero;
	struct process_overhead *proc;
	__u32 row;

	if (tracked_row_of(tgid, &row) && row) {
		row--;
		proc = bpf_map_lookup_elem(&process_rows, &row);
		if (proc)
			return proc;
	}
	return lookup_or_init(&process_stats, &tgid, &zero, &overhead_health, RX_OVERHEAD_MAP_FULL);
}

/* Thread tid's element of thread_slot, if it owns it; claim: take it when free. */
static __always_inline struct thread_state *thread_slot_of(__u32 tid, bool claim)
{
	__u32 idx = tid % RX_OVERHEAD_THREAD_SLOTS;
	__u64 owner = *(volatile __u64 *)&thread_slot_owner[idx];

	if (owner == tid)
		return &thread_slot[idx];
	if (owner || !claim || __sync_val_compare_and_swap(&thread_slot_owner[idx], 0, (__u64)tid) != 0)
		return NULL;
	return &thread_slot[idx];
}

/* State of thread tid of tracked process tgid, found or made (NULL when there is no room). */
static __always_inline struct thread_state *thread_state_of(__u32 tid, __u32 tgid)
{
	struct thread_state init = {.tgid = tgid, .nr = -1}, *st = thread_slot_of(tid, true);

	if (!st)
		st = lookup_or_init(&thread_states, &tid, &init, &overhead_health, RX_OVERHEAD_MAP_FULL);
	if (st && st->tgid != tgid) /* new, or the tid was reused by another process */
		*st = init;
	return st;
}

/*
 * State of thread tid of a tracked process. tgid 0 means the caller does not know it (classic tracepoints
 * name only the tid): then only a thread already seen counts, through the tgid it was seen with.
 */
static __always_inline struct thread_state *thread_of(__u32 tid, __u32 tgid)
{
	struct thread_state *st;

	if (!tid)
		return NULL;
	if (!tgid) {
		st = thread_slot_of(tid, false);
		if (!st)
			st = bpf_map_lookup_elem(&thread_states, &tid);
		return st && tracked(st->tgid) ? st : NULL;
	}
	return tracked(tgid) ? thread_state_of(tid, tgid) : NULL;
}

/* Counts one syscall in the process's row; false when it has none or nr lies past it. */
static __always_inline bool count_in_row(__u32 row, long nr)
{
	__u32 idx;
	__u64 *count;

	if (!row || nr >= RX_OVERHEAD_ROW_NRS)
		return false;
	idx = (row - 1) * RX_OVERHEAD_ROW_NRS + (__u32)nr;
	count = bpf_map_lookup_elem(&syscall_counts, &idx);
	if (!count)
		return false;
	(*count)++;
	return true;
}

static __always_inline void on_sys_enter(long nr)
{
	__u64 id = bpf_get_current_pid_tgid(), now;
	static const struct syscall_stats zero;
	struct syscall_stats *stats;
	struct thread_state *st;
	struct syscall_key key;
	__u32 tid = id, window, row;
	bool counted;

	if (nr < 0 || !count_window || !tracked_row_of(id >> 32, &row))
		return;
	/* Counted on every syscall: the exact count per syscall, and the process's total is their sum. */
	counted = count_in_row(row, nr);
	window = syscall_window;
	if (counted && !window)
		return;
	/* The hash holds what no row counts, and the time of the syscalls a window times (sys_exit adds it).
	 */
	key.tgid = id >> 32;
	key.nr = nr;
	stats = lookup_or_init(&syscall_stats, &key, &zero, &overhead_health, RX_OVERHEAD_MAP_FULL);
	if (stats && !counted)
		stats->count++;
	if (!window || !tid)
		return;
	st = thread_state_of(tid, key.tgid);
	if (!st)
		return;
	now = bpf_ktime_get_ns();
	st->nr = nr;
	st->window = window;
	st->enter_ns = now;
	st->mark_ns = now;
}

/* Is the thread inside a syscall whose entry this window saw (its time may count)? */
static __always_inline bool in_timed_syscall(const struct thread_state *st)
{
	__u32 window = syscall_window;

	return st->nr >= 0 && window && st->window == window;
}

static __always_inline void on_sys_exit(void)
{
	__u64 id = bpf_get_current_pid_tgid(), now;
	struct process_overhead *proc;
	struct syscall_stats *stats;
	struct syscall_key key;
	struct thread_state *st;

	st = thread_of((__u32)id, id >> 32);
	if (!st || !in_timed_syscall(st))
		return;
	now = bpf_ktime_get_ns();
	key.tgid = st->tgid;
	key.nr = st->nr;
	stats = bpf_map_lookup_elem(&syscall_stats, &key);
	if (stats && st->enter_ns)
		stats->ns += now - st->enter_ns;
	proc = process_of(key.tgid);
	if (proc && st->mark_ns)
		proc->syscall_cpu_ns += now - st->mark_ns;
	st->nr = -1;
	st->mark_ns = 0;
}

static __always_inline void switch_out(struct thread_state *st, __u64 now, bool involuntary)
{
	struct process_overhead *proc = process_of(st->tgid);

	if (proc) {
		if (st->in_ns)
			proc->oncpu_ns += now - st->in_ns;
		if (in_timed_syscall(st) && st->mark_ns)
			proc->syscall_cpu_ns += now - st->mark_ns;
		if (involuntary)
			proc->switches_involuntary++;
		else
			proc->switches_voluntary++;
	}
	st->in_ns = 0;
	st->mark_ns = 0;
	st->out_ns = now;
	/* Preempted threads stay runnable: their run-queue wait starts now. */
	st->ready_ns = involuntary ? now : 0;
}

static __always_inline void switch_in(struct thread_state *st, __u64 now)
{
	struct process_overhead *proc = process_of(st->tgid);

	if (proc && st->out_ns)
		proc->offcpu_ns += now - st->out_ns;
	if (proc && st->ready_ns) {
		proc->runq_wait_ns += now - st->ready_ns;
		proc->runq_waits++;
	}
	st->out_ns = 0;
	st->ready_ns = 0;
	st->in_ns = now;
	if (in_timed_syscall(st))
		st->mark_ns = now;
}

/* next_tgid 0: unknown (classic tracepoint). prev is always the current task. */
static __always_inline void on_sched_switch(__u32 prev_tid, __u32 prev_tgid, bool involuntary, __u32 next_tid,
					    __u32 next_tgid)
{
	struct thread_state *out = thread_of(prev_tid, prev_tgid), *in = thread_of(next_tid, next_tgid);
	__u64 now;

	/* Two tests, not (!out && !in): clang folds that into an OR of the pointers, which the verifier
	 * refuses. */
	if (out) {
		now = bpf_ktime_get_ns();
		switch_out(out, now, involuntary);
		if (in)
			switch_in(in, now);
	} else if (in) {
		switch_in(in, bpf_ktime_get_ns());
	}
}

static __always_inline void on_sched_wakeup(__u32 tid, __u32 tgid)
{
	struct thread_state *st = thread_of(tid, tgid);

	/*
	 * Not on a CPU as far as we know (in_ns 0: switched out, or blocked since before tracking began).
	 * Waking a thread that is in fact running marks it too, but its next switch-out resets ready_ns.
	 */
	if (st && !st->in_ns && !st->ready_ns)
		st->ready_ns = bpf_ktime_get_ns();
}

static __always_inline void on_softirq_entry(__u32 vec)
{
	struct softirq_begin *start;
	__u32 zero = 0;

	if (vec != net_rx_vec)
		return;
	start = bpf_map_lookup_elem(&softirq_start, &zero);
	if (!start)
		return;
	start->ns = bpf_ktime_get_ns();
	start->window = softirq_window;
}

static __always_inline void on_softirq_exit(__u32 vec)
{
	struct softirq_begin *start;
	struct softirq_stats *stats;
	__u32 zero = 0;

	if (vec != net_rx_vec)
		return;
	start = bpf_map_lookup_elem(&softirq_start, &zero);
	stats = bpf_map_lookup_elem(&softirq_time, &zero);
	if (!start || !stats || !start->ns || start->window != softirq_window)
		return;
	stats->ns += bpf_ktime_get_ns() - start->ns;
	stats->count++;
	start->ns = 0;
}

/* io_uring events count for the process whose context they run in (its own threads and io-wq workers). */
static __always_inline void on_iouring(int which)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	struct process_overhead *proc;

	if (!tracked(tgid))
		return;
	proc = process_of(tgid);
	if (proc && which >= 0 && which < RX_IOURING_COUNT)
		proc->iouring[which]++;
}

static __always_inline __u32 task_tid(struct task_struct *t)
{
	return BPF_CORE_READ(t, pid);
}

static __always_inline __u32 task_tgid(struct task_struct *t)
{
	return BPF_CORE_READ(t, tgid);
}

/* The kernel counts a switch as voluntary (nvcsw) when the task blocks: not preempted and not TASK_RUNNING.
 */
static __always_inline bool involuntary_switch(bool preempt, unsigned int prev_state)
{
	return preempt || prev_state == 0;
}

/*
 * Programs. Each probe has one program per hook kind, named btf_<event>, raw_<event> and tp_<event>: the
 * loader (src/probes/probe_attach.h) loads the first kind the kernel takes and falls back down that ladder
 * per probe. tp_btf and raw_tp both hand the tracepoint's arguments over as an array of u64, so both run one
 * handler, args_<event>, which names them with BPF_PROG (pointers are read through BPF_CORE_READ, which
 * raw_tp needs); the classic tracepoint hands over the trace event's record, read by record_<event>. Both
 * call the same on_* function above.
 */
#define PROBE_PROGRAMS(category, event) PROBE_PROGRAMS_WITH(category, event, args_##event)

/* The same, with the tp_btf program running btf_handler instead of args_<event>. */
#define PROBE_PROGRAMS_WITH(category, event, btf_handler)                                                    \
	SEC("tp_btf/" #event)                                                                                \
	int btf_##event(u64 *ctx)                                                                            \
	{                                                                                                    \
		return btf_handler(ctx);                                                                     \
	}                                                                                                    \
	SEC("raw_tp/" #event)                                                                                \
	int raw_##event(u64 *ctx)                                                                            \
	{                                                                                                    \
		return args_##event(ctx);                                                                    \
	}                                                                                                    \
	SEC("tracepoint/" #category "/" #event)                                                              \
	int tp_##event(void *ctx)                                                                            \
	{                                                                                                    \
		return record_##event(ctx);                                                                  \
	}

static __always_inline int BPF_PROG(args_sys_enter, struct pt_regs *regs, long id)
{
	on_sys_enter(id);
	return 0;
}

static __always_inline int record_sys_enter(struct trace_event_raw_sys_enter *ctx)
{
	on_sys_enter(ctx->id);
	return KEEP_EVENT;
}

PROBE_PROGRAMS(raw_syscalls, sys_enter)

static __always_inline int BPF_PROG(args_sys_exit, struct pt_regs *regs, long ret)
{
	on_sys_exit();
	return 0;
}

static __always_inline int record_sys_exit(struct trace_event_raw_sys_exit *ctx)
{
	on_sys_exit();
	return KEEP_EVENT;
}

PROBE_PROGRAMS(raw_syscalls, sys_exit)

static __always_inline int BPF_PROG(args_sched_switch, bool preempt, struct task_struct *prev,
				    struct task_struct *next, unsigned int prev_state)
{
	on_sched_switch(task_tid(prev), task_tgid(prev), involuntary_switch(preempt, prev_state),
			task_tid(next), task_tgid(next));
	return 0;
}

/*
 * The record names threads by tid only and folds preemption into prev_state as TASK_REPORT_MAX (0x100, a bit
 * above every reported state). prev is the current task, so its tgid is known; next is found through its
 * thread state.
 */
static __always_inline int record_sched_switch(struct trace_event_raw_sched_switch *ctx)
{
	__u32 prev_tgid = bpf_get_current_pid_tgid() >> 32;
	long state = ctx->prev_state;

	on_sched_switch(ctx->prev_pid, prev_tgid, state == 0 || state >= 0x100, ctx->next_pid, 0);
	return KEEP_EVENT;
}

/*
 * tp_btf hands over trusted task pointers, whose fields are plain loads; raw_tp's need one
 * bpf_probe_read_kernel call each (BPF_CORE_READ), four per switch (issue 19: ~15 ns each here).
 */
static __always_inline int BPF_PROG(btf_args_sched_switch, bool preempt, struct task_struct *prev,
				    struct task_struct *next, unsigned int prev_state)
{
	on_sched_switch(prev->pid, prev->tgid, involuntary_switch(preempt, prev_state), next->pid,
			next->tgid);
	return 0;
}

PROBE_PROGRAMS_WITH(sched, sched_switch, btf_args_sched_switch)

static __always_inline int BPF_PROG(args_sched_wakeup, struct task_struct *p)
{
	on_sched_wakeup(task_tid(p), task_tgid(p));
	return 0;
}

static __always_inline int record_sched_wakeup(struct trace_event_raw_sched_wakeup_template *ctx)
{
	on_sched_wakeup(ctx->pid, 0);
	return KEEP_EVENT;
}

static __always_inline int BPF_PROG(btf_args_sched_wakeup, struct task_struct *p)
{
	on_sched_wakeup(p->pid, p->tgid);
	return 0;
}

PROBE_PROGRAMS_WITH(sched, sched_wakeup, btf_args_sched_wakeup)

/* softirq_entry and softirq_exit: the same arguments and record, a different on_* function. */
#define SOFTIRQ_PROBE(event)                                                                                 \
	static __always_inline int BPF_PROG(args_##event, unsigned int vec)                                  \
	{                                                                                                    \
		on_##event(vec);                                                                             \
		return 0;                                                                                    \
	}                                                                                                    \
	static __always_inline int record_##event(struct trace_event_raw_softirq *ctx)                       \
	{                                                                                                    \
		on_##event(ctx->vec);                                                                        \
		return KEEP_EVENT;                                                                           \
	}                                                                                                    \
	PROBE_PROGRAMS(irq, event)

SOFTIRQ_PROBE(softirq_entry)
SOFTIRQ_PROBE(softirq_exit)

/* The io_uring events are only counted: their arguments, which change between kernels, are never read. */
#define IOURING_PROBE(event, which)                                                                          \
	static __always_inline int args_##event(u64 *ctx)                                                    \
	{                                                                                                    \
		on_iouring(which);                                                                           \
		return 0;                                                                                    \
	}                                                                                                    \
	static __always_inline int record_##event(void *ctx)                                                 \
	{                                                                                                    \
		on_iouring(which);                                                                           \
		return KEEP_EVENT;                                                                           \
	}                                                                                                    \
	PROBE_PROGRAMS(io_uring, event)

IOURING_PROBE(io_uring_cqring_wait, RX_IOURING_CQRING_WAIT)
IOURING_PROBE(io_uring_task_work_run, RX_IOURING_TASK_WORK_RUN)
IOURING_PROBE(io_uring_local_work_run, RX_IOURING_LOCAL_WORK_RUN)
IOURING_PROBE(io_uring_cqe_overflow, RX_IOURING_CQE_OVERFLOW)
IOURING_PROBE(io_uring_complete, RX_IOURING_COMPLETE)

char LICENSE[] SEC("license") = "GPL";
