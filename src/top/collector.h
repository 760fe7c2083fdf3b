// SPDX-License-Identifier: GPL-2.0-only
/* Gathers cumulative counters from every source into a snapshot: BPF maps, sysfs, /proc, stacks, generator.
 */
#ifndef RXTOP_COLLECTOR_H
#define RXTOP_COLLECTOR_H

#include <stdbool.h>

#include "cost_window.h"
#include "procfs.h"
#include "runner.h"
#include "snapshot.h"

struct xdp_counter;
struct rx_trace;
struct overhead;
struct gen_proc;
struct rx_path_map;
struct nic_queues;

struct collector_iface {
	char name[16];
	int ifindex;
	struct xdp_counter *xdp;  /* NULL while detached (e.g. a DPDK phase) */
	struct netdev_stats base; /* sysfs values when rxtop started: counters are since then */
	int ncarry;		  /* queue counters of earlier attachments, so totals never go back */
	struct queue_sample carry[64];
	struct nic_queues *nic; /* the NIC's own queue counters (src/probes/nic_queues.h); NULL: not opened */
	bool hands_off;		/* --counter none: rxtop attaches nothing here; queue rows come from nic */
};

struct dpdk_telemetry;
struct overhead_count_scales;

/* Each stack's packets at one moment, by its own count (--syscall-counts sampled: the sampling window's edges
 * and the last reading). */
struct stack_packets {
	bool valid;
	uint64_t packets[SNAP_MAX_STACKS];
};

struct collector_process {
	pid_t pid;
	struct proc_usage base;
	struct proc_usage last; /* kept when the process is gone, so totals never go backwards */
	/* A DPDK process's telemetry socket (src/probes/dpdk_telemetry.h); NULL for other processes. */
	struct dpdk_telemetry *dpdk;
	struct dpdk_sample dpdk_base; /* its first reading: drop rows count from there, as all the others */
	struct dpdk_sample dpdk_last; /* kept when the socket goes away */
};

/* A finished or running stack phase; finished ones stay so the ledger keeps their packets. */
struct collector_stack {
	struct stack_child *child;
	struct proc_usage base, last;
	uint64_t packets, bytes, loss;					    /* last read */
	uint64_t costs_from_packets, costs_from_bytes, costs_from_syscalls; /* see stack_sample */
	struct stack_shm final; /* copy of the counters once the child is released */
	bool released;
	/* AF_XDP phases: XDP_PASS per rx queue of iface 0 when the phase began and ended (queues < 64). */
	uint64_t xdp_pass_start[64], xdp_pass_end[64];
};

struct collector {
	int nifaces;
	struct collector_iface ifaces[SNAP_MAX_IFACES];
	struct rx_trace *trace;
	struct overhead *overhead; /* syscall/scheduler/softirq probes; NULL when they could not load */
	struct xsk_queues *xsk;	   /* AF_XDP sockets per queue; NULL when the iterator could not load */
	struct gen_proc *gen;
	struct rx_path_map *path; /* where each queue's receive path runs; NULL: not mapped */
	uint64_t gen_sent_before; /* sent by earlier generator runs of this session (a frame size change) */
	int nprocesses;
	struct collector_process processes[SNAP_MAX_PROCESSES];
	int nstacks;
	struct collector_stack stacks[SNAP_MAX_STACKS];
	struct proc_usage self_base;
	struct cost_window costs;     /* rxtop's BPF programs' run time, measured in windows */
	struct sample_window samples; /* when the per-event probes count (src/probes/cost_window.h) */
	/* With sampled syscall counts: the stacks' packets when the window opened and as it closed, and at
	 * the last reading (src/top/collector_window.c). */
	struct stack_packets window_open, window_close, last_reading;
	bool have_udp_snmp;
	struct udp_snmp udp_snmp_base; /* /proc/net/snmp when the first interface was added */
};

int collector_add_iface(struct collector *c, const char *name, int ifindex);
int collector_add_process(struct collector *c, pid_t pid);
/*
 * Reads a DPDK process's ports through its telemetry socket from now on (the collector owns t once this
 * succeeds): into the row of pid, or with pid 0 of the pid its greeting named, the row added when -p did not
 * name it. 0, or -errno when the first reading failed.
 */
int collector_add_dpdk(struct collector *c, pid_t pid, struct dpdk_telemetry *t);
/* True when some process row reads a DPDK telemetry socket. */
bool collector_has_dpdk(const struct collector *c);
/* Closes the telemetry sockets (the end of a session). */
void collector_close_dpdk(struct collector *c);
/*
 * For collector_read (src/top/collector_dpdk.c): a DPDK process's ports into its row, its rx_packets their
 * sum, and each port's imissed, rx_nombuf and ierrors as drop rows.
 */
void collector_read_dpdk(struct collector_process *p, struct process_sample *out, struct snapshot *snap);
/*
 * For collector_read (src/top/collector_drops.c): a stack's counters (its copy once released), its loss
 * counters as drop rows, the AF_XDP phase's passed-to-stack cross-check, /proc/net/snmp's UDP cross-check,
 * and which rows count packets another row counts too (those are shown, not added to the ledger).
 */
const struct stack_shm *collector_stack_counters(const struct collector_stack *s);
void collector_stack_drops(const struct collector_stack *s, struct snapshot *snap);
void collector_xsk_fallback(const struct collector_stack *s, struct snapshot *snap);
void collector_udp_snmp(const struct collector *c, struct snapshot *snap);
/*
 * For the sampling window (src/top/collector_window.c): each stack's packets now, read as collector_read
 * reads them; and, at a reading, the factor for the syscalls each stack's window counted (its packets since
 * the last reading over those in the window), which also makes this reading the last one.
 */
void collector_stack_packets(const struct collector *c, struct stack_packets *out);
void collector_count_scales(struct collector *c, const struct snapshot *snap,
			    struct overhead_count_scales *out);
void collector_mark_overlaps(struct snapshot *snap);
/* Stands the redirect-error probes down while what they count is counted exactly elsewhere, or brings them
 * back (collector_drops.c says when); after every change of the interfaces' XDP programs. */
void collector_cover_redirects(struct collector *c);
int collector_add_stack(struct collector *c, struct stack_child *child);
/* Copies a stack's counters before its child is released; its numbers stay in later snapshots. */
void collector_finish_stack(struct collector *c, struct stack_child *child);
/* Attaches or detaches the counting program of iface i, carrying its counts across (DPDK brings its own). */
void collector_attach_xdp(struct collector *c, int i, struct xdp_counter *counter);
void collector_detach_xdp(struct collector *c, int i);
/*
 * Turns BPF run-time statistics on until the next collector_read, which measures rxtop's programs over that
 * window (src/probes/cost_window.h); the caller opens it cost_window_seconds() before each reading.
 */
void collector_open_cost_window(struct collector *c);
/*
 * Makes the per-event probes (napi_poll, NET_RX softirq) count only in windows, unless the collector's
 * sample window is always on; call once the trace and overhead modules are open, just before the first
 * reading (the estimates' time starts here).
 */
void collector_sample_events(struct collector *c);
/* Attaches the sampled probes until the next collector_read; the caller opens it sample_window_seconds()
 * before each reading. */
void collector_open_sample_window(struct collector *c);
/* Detaches them: they count nothing more until the next window (collector_read does it first thing). */
void collector_close_sample_window(struct collector *c);
/*
 * The caller is about to stop the only traffic (the lab's generator, before a last reading): closes the
 * window, and the next estimates spread what it saw over the time until now only, not until the reading.
 */
void collector_traffic_stops(struct collector *c);
/* One reading: cumulative counters since rxtop started, no rates (the sampler derives them). */
int collector_read(struct collector *c, struct snapshot *snap);

#endif
