// SPDX-License-Identifier: GPL-2.0
/* Counts receive-path events per key (XDP exceptions, redirect errors, skb drop reasons, NAPI polls), no
 * per-packet events. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "probe_common.bpf.h"
#include "rx_trace.h"
#include "veth_queue.bpf.h"

/* When set, only ifindexes present in observed_ifindex are counted. */
const volatile bool filter_ifindex = false;

/*
 * napi->state's NAPI_STATE_IN_BUSY_POLL bit, which the loader reads from the kernel's BTF (the enum is
 * anonymous, so CO-RE cannot relocate it); 0: unknown, busy polls go uncounted.
 */
const volatile __u64 napi_busy_poll_mask = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, RX_TRACE_MAX_IFINDEXES);
	__type(key, __s32);
	__type(value, __u8);
} observed_ifindex SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RX_TRACE_MAX_KEYS);
	__type(key, struct xdp_exception_key);
	__type(value, __u64);
} xdp_exceptions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RX_TRACE_MAX_KEYS);
	__type(key, struct redirect_err_key);
	__type(value, __u64);
} redirect_errors SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RX_TRACE_MAX_KEYS);
	__type(key, struct drop_reason_key);
	__type(value, __u64);
} drop_reasons SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RX_TRACE_MAX_KEYS);
	__type(key, struct napi_key);
	__type(value, struct napi_stats);
} napi_polls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RX_TRACE_HEALTH_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} trace_health SEC(".maps");

/* Small ifindexes (nearly all) are also marked here: an array read instead of a hash lookup per event. */
__u8 observed_small[RX_TRACE_SMALL_IFINDEX];

static __always_inline bool observed(__s32 ifindex)
{
	__u32 small = ifindex;

	if (!filter_ifindex)
		return true;
	if (small < RX_TRACE_SMALL_IFINDEX)
		return observed_small[small & (RX_TRACE_SMALL_IFINDEX - 1)];
	return bpf_map_lookup_elem(&observed_ifindex, &ifindex);
}

static __always_inline void count_key(void *map, const void *key)
{
	static const __u64 zero;
	__u64 *count = lookup_or_init(map, key, &zero, &trace_health, RX_TRACE_MAP_FULL);

	if (count)
		(*count)++;
}

static __always_inline void on_xdp_exception(__s32 ifindex, __u32 action)
{
	struct xdp_exception_key key = {.ifindex = ifindex, .action = action};

	if (observed(ifindex))
		count_key(&xdp_exceptions, &key);
}

static __always_inline void on_redirect_err(__s32 ifindex, int err, int map_type, __u32 map_id)
{
	struct redirect_err_key key = {
	    .ifindex = ifindex,
	    .err = err < 0 ? -err : err,
	    .map_type = map_type,
	    .map_id = map_id,
	};

	if (observed(ifindex))
		count_key(&redirect_errors, &key);
}

/* Not drops: kernels that route consumed skbs through this tracepoint. */
static __always_inline bool not_a_drop(__u32 reason)
{
	if (bpf_core_enum_value_exists(enum skb_drop_reason, SKB_NOT_DROPPED_YET) &&
	    reason == bpf_core_enum_value(enum skb_drop_reason, SKB_NOT_DROPPED_YET))
		return true;
	return bpf_core_enum_value_exists(enum skb_drop_reason, SKB_CONSUMED) &&
	       reason == bpf_core_enum_value(enum skb_drop_reason, SKB_CONSUMED);
}

/*
 * skb_iif is the interface the packet arrived on, set once the stack takes it in; a packet dropped before
 * that (e.g. in a driver's or GRO's list handling) still has 0: its device says. The caller reads both
 * (tp_btf directly, the others through probe-read).
 */
static __always_inline void on_kfree_skb(__u32 reason, __s32 iif, __s32 dev_ifindex)
{
	struct drop_reason_key key = {.ifindex = iif ? iif : dev_ifindex, .reason = reason};

	if (observed(key.ifindex))
		count_key(&drop_reasons, &key);
}

/* veth's poll function, to recognise its NAPI instances (weak: 0 when the kernel has no veth). */
extern const void veth_poll __ksym __weak;

/*
 * The rx queue a NAPI instance serves, where the driver's layout says so: veth has one instance per rx queue,
 * in its per-queue struct veth_rq; the queue is that rq's place in the device's array. (Its
 * xdp_rxq.queue_index is set only while an XDP program is attached: without one, e.g. counting at tc, every
 * instance read 0.) Others: -1 (the loader may still learn it from netlink). Read only when an instance is
 * first seen: the queue is part of its key.
 */
static __always_inline int napi_rx_queue(struct napi_struct *napi, const void *poll, __u32 napi_id)
{
	if (bpf_core_type_exists(struct veth_rq) && &veth_poll && poll == &veth_poll) {
		__u32 queue = veth_queue_walk(BPF_CORE_READ(napi, dev), napi_id);

		return queue == VETH_NO_QUEUE ? -1 : (int)queue;
	}
	return -1;
}

/*
 * The key of the instance polled last on this CPU, and which instance that was: a CPU polls the same few
 * instances over and over (one per packet on veth's xmit path), so most polls reuse it without reading the
 * queue again.
 */
struct napi_seen {
	const void *napi;
	struct napi_key key;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct napi_seen);
} napi_last SEC(".maps");

/* ifindex and napi_id come from the caller (tp_btf reads them directly, the others through probe-read). */
static __always_inline void on_napi_poll(struct napi_struct *napi, __s32 ifindex, __u32 napi_id,
					 const void *poll, unsigned long state, int work, int budget)
{
	static const struct napi_stats zero;
	struct napi_stats *stats;
	struct napi_seen *last;
	__u32 slot = 0;

	if (!observed(ifindex))
		return;
	last = bpf_map_lookup_elem(&napi_last, &slot);
	if (!last)
		return;
	if (last->napi != napi || last->key.napi_id != napi_id || last->key.ifindex != ifindex) {
		last->napi = napi;
		last->key.ifindex = ifindex;
		last->key.napi_id = napi_id;
		last->key.queue = napi_rx_queue(napi, poll, napi_id);
	}
	stats = lookup_or_init(&napi_polls, &last->key, &zero, &trace_health, RX_TRACE_MAP_FULL);
	if (!stats)
		return;
	stats->polls++;
	stats->packets += work;
	if (work >= budget)
		stats->budget_exhausted++;
	/* A thread in recvfrom/epoll_wait/io_uring ran this poll, not the softirq: its cost is that thread's
	 * syscall time. */
	if (state & napi_busy_poll_mask) {
		stats->busy_polls++;
		stats->busy_packets += work;
	}
}

/* The probe-read form, for raw_tp and classic tracepoints. */
static __always_inline void on_napi_poll_read(struct napi_struct *napi, int work, int budget)
{
	on_napi_poll(napi, BPF_CORE_READ(napi, dev, ifindex), BPF_CORE_READ(napi, napi_id),
		     BPF_CORE_READ(napi, poll), BPF_CORE_READ(napi, state), work, budget);
}

/* tp_btf: typed arguments, checked by the verifier against the running kernel's BTF. */
/*
 * These fire once per dropped packet under overload: tp_btf reads the kernel's structures directly (typed BTF
 * pointers), a plain load instead of a probe-read helper call.
 */
SEC("tp_btf/xdp_exception")
int BPF_PROG(btf_xdp_exception, const struct net_device *dev, const struct bpf_prog *prog, __u32 act)
{
	on_xdp_exception(dev->ifindex, act);
	return 0;
}

SEC("tp_btf/xdp_redirect_err")
int BPF_PROG(btf_xdp_redirect_err, const struct net_device *dev, const struct bpf_prog *prog, const void *tgt,
	     int err, enum bpf_map_type map_type, __u32 map_id)
{
	on_redirect_err(dev->ifindex, err, map_type, map_id == 0x7fffffff ? 0 : map_id);
	return 0;
}

/* Older kernels only; the map argument's type changed over time, so only the stable ones are read. */
SEC("tp_btf/xdp_redirect_map_err")
int BPF_PROG(btf_xdp_redirect_map_err, const struct net_device *dev, const struct bpf_prog *prog,
	     const void *tgt, int err)
{
	on_redirect_err(BPF_CORE_READ(dev, ifindex), err, RX_TRACE_MAP_TYPE_UNKNOWN, 0);
	return 0;
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(btf_kfree_skb, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	if (!not_a_drop(reason))
		on_kfree_skb(reason, skb->skb_iif, skb->skb_iif ? 0 : skb->dev->ifindex);
	return 0;
}

SEC("tp_btf/napi_poll")
int BPF_PROG(btf_napi_poll, struct napi_struct *napi, int work, int budget)
{
	on_napi_poll(napi, napi->dev->ifindex, napi->napi_id, napi->poll, napi->state, work, budget);
	return 0;
}

/* raw_tp: same arguments as raw u64s, memory read through probe-read. */
SEC("raw_tp/xdp_exception")
int BPF_PROG(raw_xdp_exception, const struct net_device *dev, const struct bpf_prog *prog, __u32 act)
{
	on_xdp_exception(BPF_CORE_READ(dev, ifindex), act);
	return 0;
}

SEC("raw_tp/xdp_redirect_err")
int BPF_PROG(raw_xdp_redirect_err, const struct net_device *dev, const struct bpf_prog *prog, const void *tgt,
	     int err, int map_type, __u32 map_id)
{
	on_redirect_err(BPF_CORE_READ(dev, ifindex), err, map_type, map_id == 0x7fffffff ? 0 : map_id);
	return 0;
}

SEC("raw_tp/xdp_redirect_map_err")
int BPF_PROG(raw_xdp_redirect_map_err, const struct net_device *dev, const struct bpf_prog *prog,
	     const void *tgt, int err)
{
	on_redirect_err(BPF_CORE_READ(dev, ifindex), err, RX_TRACE_MAP_TYPE_UNKNOWN, 0);
	return 0;
}

SEC("raw_tp/kfree_skb")
int BPF_PROG(raw_kfree_skb, struct sk_buff *skb, void *location, int reason)
{
	__s32 iif;

	if (not_a_drop(reason))
		return 0;
	iif = BPF_CORE_READ(skb, skb_iif);
	on_kfree_skb(reason, iif, iif ? 0 : BPF_CORE_READ(skb, dev, ifindex));
	return 0;
}

SEC("raw_tp/napi_poll")
int BPF_PROG(raw_napi_poll, struct napi_struct *napi, int work, int budget)
{
	on_napi_poll_read(napi, work, budget);
	return 0;
}

/* Classic tracepoints: the trace event's record; needs tracefs for the event id. Each returns KEEP_EVENT. */
SEC("tracepoint/xdp/xdp_exception")
int tp_xdp_exception(struct trace_event_raw_xdp_exception *ctx)
{
	on_xdp_exception(ctx->ifindex, ctx->act);
	return KEEP_EVENT;
}

/* The record has no map type; map_id INT_MAX marks a redirect without a map. */
SEC("tracepoint/xdp/xdp_redirect_err")
int tp_xdp_redirect_err(struct trace_event_raw_xdp_redirect_template *ctx)
{
	bool no_map = ctx->map_id == 0x7fffffff || ctx->map_id == 0;

	on_redirect_err(ctx->ifindex, ctx->err, no_map ? BPF_MAP_TYPE_UNSPEC : RX_TRACE_MAP_TYPE_UNKNOWN,
			no_map ? 0 : ctx->map_id);
	return KEEP_EVENT;
}

SEC("tracepoint/xdp/xdp_redirect_map_err")
int tp_xdp_redirect_map_err(struct trace_event_raw_xdp_redirect_template *ctx)
{
	on_redirect_err(ctx->ifindex, ctx->err, RX_TRACE_MAP_TYPE_UNKNOWN, ctx->map_id);
	return KEEP_EVENT;
}

SEC("tracepoint/skb/kfree_skb")
int tp_kfree_skb(struct trace_event_raw_kfree_skb *ctx)
{
	struct sk_buff *skb = ctx->skbaddr;
	__s32 iif;

	if (not_a_drop(ctx->reason))
		return KEEP_EVENT;
	iif = BPF_CORE_READ(skb, skb_iif);
	on_kfree_skb(ctx->reason, iif, iif ? 0 : BPF_CORE_READ(skb, dev, ifindex));
	return KEEP_EVENT;
}

SEC("tracepoint/napi/napi_poll")
int tp_napi_poll(struct trace_event_raw_napi_poll *ctx)
{
	on_napi_poll_read(ctx->napi, ctx->work, ctx->budget);
	return KEEP_EVENT;
}

char LICENSE[] SEC("license") = "GPL";
