// SPDX-License-Identifier: GPL-2.0
/* Keys and values shared by the receive-path tracepoint programs (rx_trace.bpf.c) and their loader
 * (src/probes/trace.c). */
#ifndef RXTOP_RX_TRACE_H
#define RXTOP_RX_TRACE_H

#define RX_TRACE_MAX_IFINDEXES 64
#define RX_TRACE_SMALL_IFINDEX 4096 /* ifindexes below this are also marked in an array (a power of two) */
#define RX_TRACE_MAX_KEYS 4096

/* Map type not known to the probe (classic tracepoint): the loader resolves it from map_id. */
#define RX_TRACE_MAP_TYPE_UNKNOWN (-1)

struct xdp_exception_key {
	__s32 ifindex;
	__u32 action; /* enum xdp_action */
};

struct redirect_err_key {
	__s32 ifindex;
	__s32 err;	/* positive errno */
	__s32 map_type; /* enum bpf_map_type, or RX_TRACE_MAP_TYPE_UNKNOWN */
	__u32 map_id;	/* 0 when the redirect used no map */
};

struct drop_reason_key {
	__s32 ifindex;
	__u32 reason; /* enum skb_drop_reason */
};

/*
 * A per-CPU slot that one (ifindex, reason) takes on its first drop there and keeps: its drops are then
 * counted in the slot, an array element the verifier inlines, not through a hash lookup (a helper call that
 * cost ~60 ns per drop on a VM). A reason whose slot another key holds is counted in drop_reasons; the loader
 * adds both. key: reason << 32 | (u32)ifindex, 0 while the slot is free.
 */
#define RX_TRACE_DROP_SLOTS 16 /* a power of two */

struct drop_slot {
	__u64 key;
	__u64 count;
};

/*
 * The same for redirect errors (an overloaded AF_XDP socket's ring makes one per packet it cannot take):
 * the key whole, its ifindex stored last and 0 while the slot is free; others count in redirect_errors.
 */
#define RX_TRACE_REDIRECT_SLOTS 8 /* a power of two */

struct redirect_slot {
	struct redirect_err_key key;
	__u64 count;
};

struct napi_key {
	__s32 ifindex;
	__u32 napi_id;
	__s32 queue; /* rx queue the instance serves when the probe can tell (veth), else -1 */
};

struct napi_stats {
	__u64 polls;
	__u64 packets;		/* the poll's work */
	__u64 budget_exhausted; /* polls where work == budget: more was waiting */
	__u64 busy_polls;	/* polls run by a busy-polling thread (NAPI_STATE_IN_BUSY_POLL) */
	__u64 busy_packets;	/* their work */
};

/*
 * The same for NAPI instances: an instance takes a free per-CPU slot (by napi_id) on its first poll there and
 * keeps it, so that its polls read neither its key (the queue costs probe-reads) nor a hash; one whose slot
 * another holds is counted in napi_polls. A slot is free while key.ifindex is 0.
 */
#define RX_TRACE_NAPI_SLOTS 8 /* a power of two */

struct napi_slot {
	struct napi_key key;
	__u32 pad;
	__u64 napi; /* the instance's address, which with key.napi_id and key.ifindex finds its slot again */
	struct napi_stats stats;
};

/* Why an observation could not be counted (index into the trace_health array). */
enum rx_trace_health {
	RX_TRACE_MAP_FULL = 0, /* a per-key hash map had no room for a new key */
	RX_TRACE_HEALTH_COUNT,
};

#endif
