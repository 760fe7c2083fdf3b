// SPDX-License-Identifier: GPL-2.0-only
/* Receive-path tracepoints (XDP exceptions and redirect errors, skb drop reasons, NAPI polls) read as
 * counters. */
#ifndef RXTOP_TRACE_H
#define RXTOP_TRACE_H

#include <stdint.h>

#include "probe_attach.h" /* struct bpf_prog_cost, bpf_prog_cost_read() */
#include "rx_path.h"
#include "snapshot.h"

struct rx_trace;

/*
 * Loads and attaches every receive-path probe the running kernel has, each through a BPF link, preferring
 * tp_btf, then raw_tp, then classic tracepoints (mounting tracefs if needed). Probes the kernel lacks are
 * reported as "missing", never fatal. Counts only the given ifindexes of the calling thread's network
 * namespace (all interfaces of every namespace when n is 0). RXTOP_TRACE_ATTACH=raw_tp|tracepoint in the
 * environment starts the ladder lower (for tests). Returns 0 and *out, or a negative errno with one line in
 * errbuf saying why.
 */
int rx_trace_open(const int *ifindexes, int n, struct rx_trace **out, char *errbuf, size_t errlen);

/*
 * Makes the napi_poll probe sampled (src/probes/probe_attach.h: probe_set_sample) and detaches it until the
 * first rx_trace_window: it runs once per poll, and on veth that can be once per packet.
 */
void rx_trace_sample(struct rx_trace *t);

/*
 * Detaches the redirect-error probes (xdp_redirect_err, xdp_redirect_map_err) while `by` counts every
 * redirect that can fail on the observed interfaces; NULL attaches them again. The caller's to judge: rxtop's
 * own XDP program on each of them redirects only to its own XSKMAP, whose sockets' XDP_STATISTICS count each
 * frame a socket refuses (the ledger's xsk rows), so the probe would only repeat them, at a dispatch per
 * refused frame. Returns 0 or a negative errno (an attach).
 */
int rx_trace_cover_redirects(struct rx_trace *t, const char *by);

/* The traffic stopped at monotonic time `when`: the next estimate spreads its window's counts up to then
 * only. */
void rx_trace_quiet_from(struct rx_trace *t, double when);

/* Opens (attaches the sampled probes) or closes a sampling window. 0 or how many attached, or a negative
 * errno. */
int rx_trace_window(struct rx_trace *t, bool open);

/*
 * Appends drop_sample rows (where "xdp": "exception:XDP_ABORTED", "redirect_err:ENXIO map=xskmap"; where
 * "stack": the skb drop reason, e.g. "NO_SOCKET"), adds NAPI counters to the queue rows already in snap whose
 * rx queue the NAPI instance serves (when sampled, estimates: their growth since the last reading times the
 * time since over the time napi_poll was live), fills snap->probes[] and adds to snap->events_lost. Returns 0
 * or a negative errno.
 */
int rx_trace_read(struct rx_trace *t, struct snapshot *snap);

/* Cumulative NAPI counters of one NAPI instance; queue is -1 when the kernel does not say which rx queue it
 * serves. */
struct rx_trace_napi {
	int ifindex;
	unsigned int napi_id;
	int queue;
	uint64_t polls, packets, budget_exhausted;
	uint64_t busy_polls, busy_packets; /* polls a busy-polling thread ran, and their work */
};

/* Up to max NAPI instances seen so far, as the probe counted them (not scaled); returns how many were
 * written, or a negative errno. */
int rx_trace_napi(struct rx_trace *t, struct rx_trace_napi *out, int max);

/*
 * One rx queue's NAPI polls per CPU, cumulative, summed over the instances that polled it (the receive-path
 * map's softirq CPUs), only napi_id's when not 0 (the probe keys by ifindex, which a device of another
 * namespace may share): how many CPUs were written, or a negative errno.
 */
int rx_trace_queue_polls(struct rx_trace *t, int ifindex, int queue, unsigned int napi_id, uint64_t *polls,
			 int ncpus);
/* The NAPI id the probe saw polling the queue (the last one, when several); 0 when none. */
unsigned int rx_trace_queue_napi_id(struct rx_trace *t, int ifindex, int queue);

/* Both of the above for the receive-path map (src/probes/rx_path.h), kept in t. */
const struct rx_path_probe *rx_trace_path_probe(struct rx_trace *t);

/* The cost of each attached trace program; returns how many were written, or a negative errno. */
int rx_trace_costs(struct rx_trace *t, struct bpf_prog_cost *out, int max);

/* Detaches everything, releases tracefs (unmounted when rxtop mounted it and no one else uses it), frees t;
 * NULL is fine. */
void rx_trace_close(struct rx_trace *t);

#endif
