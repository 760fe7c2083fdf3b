// SPDX-License-Identifier: GPL-2.0-only
/* One immutable picture of the receive path: cumulative counters plus rates over the last interval. */
#ifndef RXTOP_SNAPSHOT_H
#define RXTOP_SNAPSHOT_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define SNAP_MAX_QUEUES 256
#define SNAP_MAX_DROPS 128
#define SNAP_MAX_STACKS 8
#define SNAP_MAX_PROCESSES 32
#define SNAP_MAX_PROBES 32
#define SNAP_MAX_IFACES 8
#define SNAP_MAX_SYSCALLS 16
#define SNAP_MAX_PROGRAMS 48
#define SNAP_MAX_CPUS 256
#define SNAP_XDP_ACTIONS 5	 /* XDP_ABORTED .. XDP_REDIRECT */
#define SNAP_MAX_STACK_QUEUES 64 /* as STACK_MAX_QUEUES */
#define SNAP_MAX_DPDK_PORTS 8
#define SNAP_MAX_DPDK_QUEUES 16 /* as DPDK's RTE_ETHDEV_QUEUE_STAT_CNTRS: q_ipackets' length */

#define SNAP_CPU_WORDS (SNAP_MAX_CPUS / 64)
#define SNAP_MAX_RECEIVERS 8

/* A set of CPUs (bit n: CPU n), for where things run. */
struct snap_cpus {
	uint64_t bits[SNAP_CPU_WORDS];
};

/* A thread receiving from a queue: a worker of rxtop's own stack, or a thread of a watched process (-p). */
struct rx_receiver {
	pid_t pid, tid;
	char comm[16];
	int cpu;		   /* the CPU it last ran on (/proc/PID/task/TID/stat field 39) */
	struct snap_cpus affinity; /* where it may run (sched_getaffinity) */
	bool by_queue; /* rxtop's worker of this very queue; false: a thread of the process, any queue */
};

/*
 * Where a queue's receive path runs (src/probes/rx_path.c), read every few seconds: the interrupt, the NAPI
 * instance and its thread, the CPUs its softirq ran on, the threads receiving from it.
 */
struct rx_path {
	bool known;
	int irq;		       /* -1: none (veth) or not found */
	struct snap_cpus irq_affinity; /* /proc/irq/N/smp_affinity_list */
	struct snap_cpus irq_cpus;     /* CPUs whose count of it grew since the previous look */
	unsigned int napi_id;	       /* 0: unknown */
	int threaded;		       /* NAPI in a kthread: /sys/class/net/IFACE/threaded; -1 unknown */
	pid_t napi_thread;	       /* that kthread ("napi/IFACE-ID"); 0: none */
	int napi_thread_cpu;	       /* its last CPU, -1 */
	struct snap_cpus napi_thread_affinity;
	struct snap_cpus softirq_cpus; /* CPUs where the queue's NAPI polls ran since the previous look */
	char softirq_source[16]; /* how softirq_cpus is known: napi_poll, irq, napi_thread, net_rx; "" unknown
				  */
	char note[120];		 /* what does not apply and why, e.g. veth has no IRQ */
	int nreceivers;
	struct rx_receiver receivers[SNAP_MAX_RECEIVERS];
	struct snap_cpus
	    shared; /* receivers' CPUs that are also the IRQ's, the softirq's or the NAPI thread's */
};

struct queue_sample {
	char iface[IF_NAMESIZE];
	int ifindex;
	int queue;
	uint64_t rx_packets; /* seen by rxtop's XDP program on this rx queue */
	uint64_t rx_bytes;
	uint64_t drops; /* XDP_DROP + XDP_ABORTED by rxtop's program */
	uint64_t xdp_actions[SNAP_XDP_ACTIONS];
	uint64_t napi_polls;
	uint64_t napi_packets;
	uint64_t napi_budget_exhausted;
	uint64_t napi_busy_polls;   /* polls that a thread's busy polling ran, not the softirq */
	uint64_t napi_busy_packets; /* their work: packets received in some thread's syscall */
	bool napi_busy_known;	    /* false: this kernel's BTF does not name the busy-poll state bit */
	/* AF_XDP sockets bound to this queue, any process's (src/probes/xsk_queues.c), counted since rxtop
	 * started
	 */
	bool xsk_known;		 /* a socket is or was bound here */
	int xsk_sockets;	 /* bound now */
	uint64_t xsk_rx_packets; /* frames put on their rx rings */
	uint64_t xsk_rx_ring_full, xsk_fill_ring_empty, xsk_rx_dropped, xsk_rx_invalid;
	double rx_pps, rx_bps, drops_ps, xsk_rx_pps;
	double napi_polls_ps; /* NAPI polls of this queue per second */
	struct rx_path path;
};

/* Interface totals from /sys/class/net/IFACE/statistics: the independent cross-check. */
struct iface_sample {
	char iface[IF_NAMESIZE];
	int ifindex;
	uint64_t rx_packets, rx_bytes, rx_dropped, rx_errors;
	double rx_pps;
	char counter[16]; /* where rxtop counts its queues: "native"/"generic" XDP, "tc"; "none" hands-off; ""
			     detached */
	char nic_queues[8]; /* the NIC's own per-queue counters: "qstats", "ethtool", "" not available */
	char nic_queues_note[160]; /* why they are not available */
};

struct drop_sample {
	char where[24];	 /* stage: nic, xdp, xsk, stack, socket, dpdk, iouring, netdev, gen */
	char reason[64]; /* the kernel's or the stack's own name for it */
	uint64_t packets;
	double pps;
	bool overlaps; /* the same packets are already counted in another row: shown, not added to the ledger
			*/
	bool before_queues; /* lost before the queue counters (the NIC's drops): not among queues[].rx_packets
			     */
};

/* One syscall of a process: entries and wall time from entry to exit (blocking included). */
struct syscall_sample {
	char name[24]; /* "recvmmsg", or "sys_<nr>" when the build headers do not know it */
	int nr;
	uint64_t count, ns;
};

/* Which overhead_sample fields have a live source (tracepoints attached); the others read 0 and mean
 * "unknown". */
#define OVERHEAD_HAVE_SYSCALLS (1u << 0)     /* syscalls, top_syscalls[].count (raw_syscalls:sys_enter) */
#define OVERHEAD_HAVE_SYSCALL_TIME (1u << 1) /* top_syscalls[].ns (+ sys_exit) */
#define OVERHEAD_HAVE_SYSCALL_CPU (1u << 2)  /* syscall_cpu_ns, user_ns (+ sched:sched_switch) */
#define OVERHEAD_HAVE_SWITCHES (1u << 3)     /* switches_*, oncpu_ns, offcpu_ns (sched:sched_switch) */
#define OVERHEAD_HAVE_RUNQ (1u << 4)	     /* runq_wait_ns, runq_waits (+ sched:sched_wakeup) */
#define OVERHEAD_HAVE_SOFTIRQ (1u << 5)	     /* softirq_ns (irq:softirq_entry + softirq_exit) */
#define OVERHEAD_HAVE_IOURING (1u << 6)	     /* iouring_* (at least one io_uring tracepoint) */

/* Per process, from rxtop's tracepoint programs (src/probes/overhead.c), summed over its threads, cumulative.
 */
struct overhead_sample {
	uint32_t have;		      /* OVERHEAD_HAVE_* */
	uint64_t syscalls;	      /* sys_enter of its threads */
	uint64_t syscall_cpu_ns;      /* on-CPU time inside syscalls: kernel work on the process's behalf */
	uint64_t user_ns;	      /* on-CPU time outside syscalls */
	uint64_t oncpu_ns, offcpu_ns; /* threads on / off a CPU (off: blocked or waiting for one) */
	uint64_t runq_wait_ns, runq_waits; /* runnable (woken or preempted) until running again */
	uint64_t switches_voluntary, switches_involuntary; /* from sched_switch; /proc's are ctxsw_* */
	uint64_t iouring_cqring_wait, iouring_task_work_run, iouring_local_work_run, iouring_cqe_overflow,
	    iouring_complete;
	int nsyscalls;
	struct syscall_sample top_syscalls[SNAP_MAX_SYSCALLS]; /* most entered first */
};

/*
 * What a receiver pays, derived over one interval by the sampler through the cost module (src/model/cost.c,
 * cost_rates), and over a whole phase by `rxtop run`'s comparison the same way. Per packet: the deltas
 * divided by the packets (0 when none arrived). user + syscall = the process's on-CPU time as the BPF probes
 * split it, cpu = user + syscall + softirq; wait is off-CPU time (blocked or runnable), summed over threads.
 */
struct cost_rates {
	double syscalls_ps;
	double syscalls_per_pkt;
	double pkts_per_syscall; /* NaN (JSON null) when the interval had no syscall to divide by */
	double ctxsw_voluntary_ps, ctxsw_involuntary_ps;
	double user_ns_per_pkt, syscall_ns_per_pkt, softirq_ns_per_pkt, wait_ns_per_pkt;
	double cpu_ns_per_pkt; /* user + syscall + softirq */
	double ctxsw_per_pkt;  /* voluntary + involuntary context switches (/proc) per packet */
	/*
	 * Another metric: the kernel's accounting of the whole process in /proc/PID/stat (utime, stime),
	 * which needs no probe and charges a softirq to whichever thread it interrupted. The comparison
	 * table's CPU NS/PKT (its JSON summary's cpu_ns_per_pkt) shows it; proc_cpu = proc_user + proc_sys.
	 */
	double proc_user_ns_per_pkt, proc_sys_ns_per_pkt, proc_cpu_ns_per_pkt;
	double proc_cpu_ns_per_kb, softirq_ns_per_kb; /* per KiB received: the comparison table of TCP runs */
};

struct stack_sample {
	char stack[16];
	pid_t pid;
	bool alive;
	uint64_t rx_packets, rx_bytes, drops;
	uint64_t syscalls;
	uint64_t ctxsw_voluntary, ctxsw_involuntary;
	uint64_t cpu_user_ns, cpu_sys_ns;
	uint64_t softirq_ns; /* NET_RX softirq time on all CPUs (see docs/overhead.md) */
	struct overhead_sample overhead;
	/*
	 * Its packets, bytes and syscalls when rxtop began counting its costs (after it was ready): the
	 * before of its first interval's per-packet figures. Zero there divided the syscalls and CPU counted
	 * since then by every packet since it started: a receiver that makes one syscall per datagram read
	 * 0.987.
	 */
	uint64_t costs_from_packets, costs_from_bytes, costs_from_syscalls;
	double rx_pps, rx_bps, drops_ps; /* rx_bps: bits of the bytes it received, per second */
	double cpu_user_pct, cpu_sys_pct;
	struct cost_rates rates;
	/* NAPI instance each queue's socket last received from (SO_INCOMING_NAPI_ID), 0: none yet. */
	int nqueues;
	unsigned int napi_ids[SNAP_MAX_STACK_QUEUES];
	int queue_ids[SNAP_MAX_STACK_QUEUES]; /* the rx queue each index receives from */
	pid_t tids[SNAP_MAX_STACK_QUEUES];    /* its worker thread, once it received; 0 before */
	bool busy_poll;			      /* its sockets were set to busy-poll */
	int busy_poll_idle; /* of those, queues that got packets without a NAPI id: busy polling cannot run */
	int nevents;	    /* the stack's own counters of events that lose no packet (re-arms, ENOBUFS) */
	struct {
		char name[40]; /* "where.name", e.g. "iouring.rearms" */
		uint64_t count;
	} events[8];
};

/*
 * One ethdev port of a DPDK process, from its telemetry socket (src/probes/dpdk_telemetry.c): the port's own
 * counters as the application sees them (since the port started or its statistics were reset), not since
 * rxtop started.
 */
struct dpdk_port_sample {
	int port;
	char name[48]; /* /ethdev/info's name, e.g. "net_af_xdp0"; "" when the process does not say */
	uint64_t rx_packets, rx_bytes;
	uint64_t imissed;   /* the device dropped them: its rx ring was full (not polled fast enough) */
	uint64_t ierrors;   /* erroneous packets */
	uint64_t rx_nombuf; /* no mbuf to receive into: the mempool ran dry */
	int nqueues;
	uint64_t queue_rx_packets[SNAP_MAX_DPDK_QUEUES];
	double rx_pps, queue_rx_pps[SNAP_MAX_DPDK_QUEUES];
};

/* What a DPDK process's telemetry said; known is false for other processes. */
struct dpdk_sample {
	bool known;	  /* a telemetry socket belongs to this process */
	bool connected;	  /* the last reading came from it (false: the process went away, values kept) */
	char socket[108]; /* its path, as rxtop reached it */
	int nports;
	struct dpdk_port_sample ports[SNAP_MAX_DPDK_PORTS];
	double rx_pps, drops_ps; /* all ports: rx, and imissed + rx_nombuf + ierrors */
};

struct process_sample {
	pid_t pid;
	char comm[16];
	uint64_t syscalls;
	uint64_t ctxsw_voluntary, ctxsw_involuntary;
	uint64_t cpu_user_ns, cpu_sys_ns;
	uint64_t softirq_ns; /* NET_RX softirq time on all CPUs, as for stacks */
	/* Its packets: what reached the observed interfaces (sum of queues[].rx_packets); rxtop cannot tell
	 * which of them the process took, so per-packet figures assume it receives that traffic. */
	uint64_t rx_packets;
	struct overhead_sample overhead;
	double cpu_user_pct, cpu_sys_pct;
	struct cost_rates rates;
	/* A DPDK process: its ports; then rx_packets is what they received, its own count. */
	struct dpdk_sample dpdk;
};

struct probe_status {
	char name[40];	 /* e.g. "skb:kfree_skb" */
	char attach[16]; /* "tp_btf", "raw_tp", "tracepoint" or "missing" */
	bool sampled;	 /* attached only in sampling windows, its counts scaled up (docs/metrics.md) */
	double share;	 /* the share of the time since the last reading it was attached: 1 unless sampled */
	char covered_by[24]; /* detached while this source counts its events exactly ("XDP_STATISTICS"); "" */
};

struct ledger {
	bool known; /* only when rxtop's generator is the source */
	uint64_t sent, received, dropped, in_flight;
	int64_t unexplained; /* sent - received - dropped - in_flight; negative means double counting */
};

/*
 * One of rxtop's BPF programs: kernel run-time statistics (BPF_ENABLE_STATS), counted in the windows when
 * they were on (src/probes/cost_window.h), cumulative while rxtop runs.
 */
struct program_cost {
	char name[40];	 /* the probe ("sched:sched_switch"), or "xdp:IFACE" / "tc:IFACE": the counter */
	char attach[16]; /* tp_btf, raw_tp, tracepoint, xdp */
	uint32_t id;	 /* the kernel's program id (bpftool prog show id N) */
	uint64_t run_cnt, run_time_ns;
	double ns_per_run;	 /* over the interval; 0 when it did not run */
	double runs_ps, cpu_pct; /* run time over the interval, percent of one core */
	double sampled_share;	 /* a sampled probe's: the share of the time it is attached (the rates
				    above are the windows' rates times this); 0 for the others */
};

/* rxtop's own cost: its process CPU and its BPF programs' run time (charged to whoever triggered them). */
struct self_sample {
	uint64_t cpu_ns; /* rxtop's process, user + sys */
	double cpu_pct;
	uint64_t bpf_run_cnt, bpf_run_time_ns; /* all programs */
	uint64_t bpf_stats_ns;		       /* how long run-time statistics were on: the windows' time */
	bool bpf_stats_always;		       /* on all the time (--bpf-stats always), not in windows */
	double bpf_cpu_pct;
	int nprograms;
	struct program_cost programs[SNAP_MAX_PROGRAMS];
};

/* NET_RX softirq time (irq:softirq_entry/exit), estimated when those probes are sampled. */
struct softirq_sample {
	bool known;			    /* the probes are attached */
	int ncpus;			    /* possible CPUs, at most SNAP_MAX_CPUS */
	uint64_t ns, cpu_ns[SNAP_MAX_CPUS]; /* cumulative: all CPUs, each CPU */
	double pct, cpu_pct[SNAP_MAX_CPUS]; /* over the interval, percent of one core */
};

struct snapshot {
	double ts;	 /* unix time of the reading */
	double mono;	 /* CLOCK_MONOTONIC of the reading, seconds */
	double interval; /* seconds since the previous reading; 0 on the first */
	int nqueues, nifaces, ndrops, nstacks, nprocesses, nprobes;
	struct queue_sample queues[SNAP_MAX_QUEUES];
	struct iface_sample ifaces[SNAP_MAX_IFACES];
	struct drop_sample drops[SNAP_MAX_DROPS];
	struct stack_sample stacks[SNAP_MAX_STACKS];
	struct process_sample processes[SNAP_MAX_PROCESSES];
	struct probe_status probes[SNAP_MAX_PROBES];
	struct ledger ledger;
	uint64_t events_lost;	 /* ring-buffer/perf-buffer records the kernel could not deliver */
	uint64_t generator_sent; /* cumulative, when rxtop's generator runs */
	double generator_pps;
	struct softirq_sample softirq;
	struct self_sample self;
};

#endif
