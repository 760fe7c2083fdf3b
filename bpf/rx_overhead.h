// SPDX-License-Identifier: GPL-2.0
/* Keys and values shared by the overhead-attribution programs (rx_overhead.bpf.c) and their loader
 * (src/probes/overhead.c). */
#ifndef RXTOP_RX_OVERHEAD_H
#define RXTOP_RX_OVERHEAD_H

#define RX_OVERHEAD_MAX_TGIDS 1024
#define RX_OVERHEAD_SLOTS 65536		    /* tracked_slot: a power of 2, so the modulo is a mask */
#define RX_OVERHEAD_SLOT_SHARED 0xffffffffU /* no tgid: two tracked tgids share the slot */
#define RX_OVERHEAD_MAX_THREADS 16384
#define RX_OVERHEAD_THREAD_SLOTS 4096 /* thread_slot: a power of 2 */
#define RX_OVERHEAD_MAX_SYSCALL_KEYS 8192
/* syscall_counts: rows of per-syscall counts, one per tracked process the loader gave a row (the first
 * RX_OVERHEAD_ROWS tracked), indexed by syscall number below RX_OVERHEAD_ROW_NRS; the rest count in
 * syscall_stats. */
#define RX_OVERHEAD_ROWS 8 /* also process_rows: the process_overhead of the same tracked processes */
#define RX_OVERHEAD_ROW_NRS 512

/* io_uring tracepoints counted per tracked process (index into process_overhead.iouring). */
enum rx_overhead_iouring {
	RX_IOURING_CQRING_WAIT = 0,
	RX_IOURING_TASK_WORK_RUN,
	RX_IOURING_LOCAL_WORK_RUN,
	RX_IOURING_CQE_OVERFLOW,
	RX_IOURING_COMPLETE,
	RX_IOURING_COUNT,
};

struct syscall_key {
	__u32 tgid;
	__u32 nr;
};

struct syscall_stats {
	__u64 count; /* entries (sys_enter) that no syscall_counts row took */
	__u64 ns;    /* wall time from entry to exit, blocking included; only of syscalls timed in a window */
};

/* Per tracked process, summed over its threads; only u64 fields (the loader sums them over CPUs). */
struct process_overhead {
	__u64 syscall_cpu_ns; /* on-CPU time between sys_enter and sys_exit, of syscalls timed in a window */
	__u64 oncpu_ns;	      /* switch-in to switch-out */
	__u64 offcpu_ns;      /* switch-out to switch-in: blocked or waiting for a CPU */
	__u64 runq_wait_ns;   /* runnable (woken or preempted) to switch-in */
	__u64 runq_waits;
	__u64 switches_voluntary;   /* switched out blocking */
	__u64 switches_involuntary; /* switched out still runnable (preempted, yielded) */
	__u64 iouring[RX_IOURING_COUNT];
};

/* What the program knows of one thread of a tracked process between events. */
struct thread_state {
	__u32 tgid;
	__s32 nr;	/* syscall in progress, -1 when none */
	__u32 window;	/* syscall_window its entry was timed in; only then do its times count */
	__u32 tid;	/* owner of a thread_slot element, 0 while free (unused in thread_states) */
	__u64 enter_ns; /* sys_enter of the syscall in progress */
	__u64 mark_ns;	/* start of the current on-CPU stretch inside that syscall, 0 when none */
	__u64 in_ns;	/* switched in at, 0 while off CPU or not yet seen */
	__u64 out_ns;	/* switched out at, 0 while on CPU */
	__u64 ready_ns; /* became runnable while off CPU, 0 when not yet */
};

struct softirq_stats {
	__u64 ns; /* NET_RX softirq time on this CPU */
	__u64 count;
};

enum rx_overhead_health {
	RX_OVERHEAD_MAP_FULL = 0, /* a hash map had no room for a new key */
	RX_OVERHEAD_HEALTH_COUNT,
};

#endif
