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
 * The network namespace those ifindexes are numbered in (its inode number, as /proc/PID/ns/net shows it); 0:
 * any. Every namespace numbers its interfaces from 1: a container's or another lab's device has our ifindex
 * too, and its drops are not ours.
 */
const volatile __u32 observed_netns = 0;

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
	__uint(map_flags, BPF_F_NO_PREALLOC); /* elements made on first use: probe_common.bpf.h */
	__type(key, struct xdp_exception_key);
	__type(value, __u64);
} xdp_exceptions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RX_TRACE_MAX_KEYS);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* elements made on first use: probe_common.bpf.h */
	__type(key, struct redirect_err_key);
	__type(value, __u64);
} redirect_errors SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RX_TRACE_REDIRECT_SLOTS);
	__type(key, __u32);
	__type(value, struct redirect_slot);
} redirect_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RX_TRACE_MAX_KEYS);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* elements made on first use: probe_common.bpf.h */
	__type(key, struct drop_reason_key);
	__type(value, __u64);
} drop_reasons SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RX_TRACE_DROP_SLOTS);
	__type(key, __u32);
	__type(value, struct drop_slot);
} drop_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, RX_TRACE_MAX_KEYS);
	__uint(map_flags, BPF_F_NO_PREALLOC); /* elements made on first use: probe_common.bpf.h */
	__type(key, struct napi_key);
	__type(value, struct napi_stats);
} napi_polls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RX_TRACE_NAPI_SLOTS);
	__type(key, __u32);
	__type(value, struct napi_slot);
} napi_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RX_TRACE_HEALTH_COUNT);
	__type(key, __u32);
	__type(value, __u64);
} trace_health SEC(".maps");

/* Small ifindexes (nearly all) are also marked here: an array read instead of a hash lookup per event. */
__u8 observed_small[RX_TRACE_SMALL_IFINDEX];

static __always_inline bool observed_index(__s32 ifindex)
{
	__u32 small = ifindex;

	if (!filter_ifindex)
		return true;
	if (small < RX_TRACE_SMALL_IFINDEX)
		return observed_small[small & (RX_TRACE_SMALL_IFINDEX - 1)];
	return bpf_map_lookup_elem(&observed_ifindex, &ifindex);
}

/* netns 0: the probe could not tell (see observed); the ifindex alone decides, as it did before. */
static __always_inline bool observed_ns(__u32 netns)
{
	return !observed_netns || !netns || netns == observed_netns;
}

/*
 * Is the event of a device we observe: its ifindex, then its namespace. A macro so that the namespace (two
 * dependent loads) is read only for events whose ifindex matched: under overload nearly all are ours, and
 * the rest cost what they did.
 */
#define observed(ifindex, netns) (observed_index(ifindex) && observed_ns(netns))

/*
 * A device's namespace. tp_btf loads it directly; the others, and skb->dev (which UDP reuses as scratch
 * space once the skb sits in a socket's queue: a socket-close drop's dev is no pointer), read it through
 * probe-read, which refuses an address that is not the kernel's and reads 0. Without CONFIG_NET_NS there is
 * one namespace and no nd_net.net.
 */
#define DEV_NETNS_BTF(dev) (bpf_core_field_exists((dev)->nd_net.net) ? (dev)->nd_net.net->ns.inum : 0)
#define DEV_NETNS_READ(dev)                                                                                  \
	(bpf_core_field_exists((dev)->nd_net.net) ? BPF_CORE_READ(dev, nd_net.net, ns.inum) : 0)

/*
 * The device whose namespace this CPU read last, with the ifindex it was read for, and that namespace: drops
 * come in runs from one device, and reading its namespace (two dependent probe-reads) cost about 80 ns per
 * drop. Keyed by the pointer as the probe read it (a socket-close drop's dev is UDP's scratch value, whose
 * namespace reads 0 either way) and by the ifindex, so a device freed and another allocated in its place
 * under another namespace with the same ifindex is all it could mistake.
 */
struct netns_seen {
	const void *dev;
	__s32 ifindex;
	__u32 netns;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct netns_seen);
} netns_last SEC(".maps");

static __always_inline __u32 dev_netns_cached(const struct net_device *dev, __s32 ifindex)
{
	struct netns_seen *last;
	__u32 slot = 0, netns;

	if (!observed_netns)
		return 0; /* any namespace: not read at all */
	last = bpf_map_lookup_elem(&netns_last, &slot);
	if (last && last->dev == dev && last->ifindex == ifindex)
		return last->netns;
	netns = DEV_NETNS_READ(dev);
	if (last) {
		last->dev = dev;
		last->ifindex = ifindex;
		last->netns = netns;
	}
	return netns;
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

	count_key(&xdp_exceptions, &key);
}

static __always_inline bool same_redirect_key(const struct redirect_err_key *a,
					      const struct redirect_err_key *b)
{
	return a->ifindex == b->ifindex && a->err == b->err && a->map_type == b->map_type &&
	       a->map_id == b->map_id;
}

/* In its per-CPU slot (struct redirect_slot) as count_drop does, else in redirect_errors. */
static __always_inline void on_redirect_err(__s32 ifindex, int err, int map_type, __u32 map_id)
{
	struct redirect_err_key key = {
	    .ifindex = ifindex,
	    .err = err < 0 ? -err : err,
	    .map_type = map_type,
	    .map_id = map_id,
	};
	__u32 idx = ((__u32)key.ifindex ^ (__u32)key.err ^ map_id) & (RX_TRACE_REDIRECT_SLOTS - 1);
	struct redirect_slot *slot = ifindex ? bpf_map_lookup_elem(&redirect_slots, &idx) : NULL;

	if (slot && same_redirect_key(&slot->key, &key)) {
		slot->count++;
		return;
	}
	if (slot && !slot->key.ifindex) {
		slot->count = 1;
		slot->key.err = key.err;
		slot->key.map_type = key.map_type;
		slot->key.map_id = key.map_id;
		asm volatile("" ::: "memory"); /* the key's ifindex last */
		slot->key.ifindex = key.ifindex;
		return;
	}
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
 * Counts one drop in its key's per-CPU slot (struct drop_slot), taking the slot if it is free, else in
 * drop_reasons. Only this program writes this CPU's copy, and it does not nest on a CPU; the count is stored
 * before the key, so a reader that sees the key sees the first drop (on a weakly ordered CPU, at worst a read
 * later).
 */
static __always_inline void count_drop(const struct drop_reason_key *key)
{
	__u64 packed = (__u64)key->reason << 32 | (__u32)key->ifindex;
	__u32 idx = (key->reason ^ (__u32)key->ifindex) & (RX_TRACE_DROP_SLOTS - 1);
	struct drop_slot *slot = packed ? bpf_map_lookup_elem(&drop_slots, &idx) : NULL;

	if (slot && slot->key == packed) {
		slot->count++;
		return;
	}
	if (slot && !slot->key) {
		slot->count = 1;
		asm volatile("" ::: "memory"); /* the count's store first */
		slot->key = packed;
		return;
	}
	count_key(&drop_reasons, key);
}

/*
 * skb_iif is the interface the packet arrived on, set once the stack takes it in; a packet dropped before
 * that (e.g. in a driver's or GRO's list handling) still has 0: its device says. The caller reads both
 * and skb->dev (tp_btf directly, the others through probe-read). The namespace is that dev's either way: a
 * packet that crosses into another namespace (veth) is received there anew, which sets skb_iif and dev
 * together.
 */
static __always_inline void on_kfree_skb(__u32 reason, __s32 iif, __s32 dev_ifindex,
					 const struct net_device *dev)
{
	struct drop_reason_key key = {.ifindex = iif ? iif : dev_ifindex, .reason = reason};

	if (observed(key.ifindex, dev_netns_cached(dev, key.ifindex)))
		count_drop(&key);
}

/*
 * Is dev a veth: its rtnl_link_ops kind says so ("veth", as `ip -d link` shows it). Read only when a CPU
 * meets a NAPI instance it did not poll last. (Comparing napi->poll with veth_poll needs that function's
 * address, a typeless __ksym that libbpf resolves by reading all of /proc/kallsyms at load: over a second of
 * rxtop's start on a 2-vCPU VM.)
 */
static __always_inline bool dev_is_veth(struct net_device *dev)
{
	const struct rtnl_link_ops *ops = BPF_CORE_READ(dev, rtnl_link_ops);
	char kind[8] = {};

	if (!ops || bpf_probe_read_kernel_str(kind, sizeof(kind), BPF_CORE_READ(ops, kind)) != 5)
		return false;
	return kind[0] == 'v' && kind[1] == 'e' && kind[2] == 't' && kind[3] == 'h';
}

/*
 * The rx queue a NAPI instance serves, where the driver's layout says so: veth has one instance per rx queue,
 * in its per-queue struct veth_rq; the queue is that rq's place in the device's array. (Its
 * xdp_rxq.queue_index is set only while an XDP program is attached: without one, e.g. counting at tc, every
 * instance read 0.) Others: -1 (the loader may still learn it from netlink). Read only when an instance is
 * first seen: the queue is part of its key.
 */
static __always_inline int napi_rx_queue(struct napi_struct *napi, __u32 napi_id)
{
	struct net_device *dev = BPF_CORE_READ(napi, dev);

	if (bpf_core_type_exists(struct veth_rq) && dev_is_veth(dev)) {
		__u32 queue = veth_queue_walk(dev, napi_id);

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

/*
 * The counters of the instance napi on this CPU: its slot (struct napi_slot) when it holds one, which says
 * its key too; else its key, made once per change of the instance this CPU polls (napi_last), and the slot
 * it takes if that is free, else its napi_polls entry. The slot's ifindex is stored last: the slot is the
 * instance's once a reader can see it.
 */
static __always_inline struct napi_stats *napi_stats_of(struct napi_struct *napi, __s32 ifindex,
							__u32 napi_id)
{
	static const struct napi_stats zero;
	__u32 idx = napi_id & (RX_TRACE_NAPI_SLOTS - 1), first = 0;
	struct napi_slot *slot = ifindex ? bpf_map_lookup_elem(&napi_slots, &idx) : NULL;
	struct napi_seen *last;

	if (slot && slot->napi == (__u64)napi && slot->key.napi_id == napi_id && slot->key.ifindex == ifindex)
		return &slot->stats;
	last = bpf_map_lookup_elem(&napi_last, &first);
	if (!last)
		return NULL;
	if (last->napi != napi || last->key.napi_id != napi_id || last->key.ifindex != ifindex) {
		last->napi = napi;
		last->key.ifindex = ifindex;
		last->key.napi_id = napi_id;
		last->key.queue = napi_rx_queue(napi, napi_id);
	}
	if (slot && !slot->key.ifindex) {
		slot->napi = (__u64)napi;
		slot->key.napi_id = napi_id;
		slot->key.queue = last->key.queue;
		asm volatile("" ::: "memory"); /* the key's ifindex last */
		slot->key.ifindex = ifindex;
		return &slot->stats;
	}
	return lookup_or_init(&napi_polls, &last->key, &zero, &trace_health, RX_TRACE_MAP_FULL);
}

/* ifindex and napi_id come from the caller (tp_btf reads them directly, the others through probe-read), which
 * has checked that the device is observed. */
static __always_inline void on_napi_poll(struct napi_struct *napi, __s32 ifindex, __u32 napi_id,
					 unsigned long state, int work, int budget)
{
	struct napi_stats *stats = napi_stats_of(napi, ifindex, napi_id);

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
	struct net_device *dev = BPF_CORE_READ(napi, dev);
	__s32 ifindex = BPF_CORE_READ(dev, ifindex);

	if (observed(ifindex, DEV_NETNS_READ(dev)))
		on_napi_poll(napi, ifindex, BPF_CORE_READ(napi, napi_id), BPF_CORE_READ(napi, state), work,
			     budget);
}

/* tp_btf: typed arguments, checked by the verifier against the running kernel's BTF. */
/*
 * These fire once per dropped packet under overload: tp_btf reads the kernel's structures directly (typed BTF
 * pointers), a plain load instead of a probe-read helper call.
 */
SEC("tp_btf/xdp_exception")
int BPF_PROG(btf_xdp_exception, const struct net_device *dev, const struct bpf_prog *prog, __u32 act)
{
	if (observed(dev->ifindex, DEV_NETNS_BTF(dev)))
		on_xdp_exception(dev->ifindex, act);
	return 0;
}

SEC("tp_btf/xdp_redirect_err")
int BPF_PROG(btf_xdp_redirect_err, const struct net_device *dev, const struct bpf_prog *prog, const void *tgt,
	     int err, enum bpf_map_type map_type, __u32 map_id)
{
	if (observed(dev->ifindex, DEV_NETNS_BTF(dev)))
		on_redirect_err(dev->ifindex, err, map_type, map_id == 0x7fffffff ? 0 : map_id);
	return 0;
}

/* Older kernels only; the map argument's type changed over time, so only the stable ones are read. */
SEC("tp_btf/xdp_redirect_map_err")
int BPF_PROG(btf_xdp_redirect_map_err, const struct net_device *dev, const struct bpf_prog *prog,
	     const void *tgt, int err)
{
	__s32 ifindex = BPF_CORE_READ(dev, ifindex);

	if (observed(ifindex, DEV_NETNS_READ(dev)))
		on_redirect_err(ifindex, err, RX_TRACE_MAP_TYPE_UNKNOWN, 0);
	return 0;
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(btf_kfree_skb, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
	if (!not_a_drop(reason))
		on_kfree_skb(reason, skb->skb_iif, skb->skb_iif ? 0 : skb->dev->ifindex, skb->dev);
	return 0;
}

SEC("tp_btf/napi_poll")
int BPF_PROG(btf_napi_poll, struct napi_struct *napi, int work, int budget)
{
	if (observed(napi->dev->ifindex, DEV_NETNS_BTF(napi->dev)))
		on_napi_poll(napi, napi->dev->ifindex, napi->napi_id, napi->state, work, budget);
	return 0;
}

/* raw_tp: same arguments as raw u64s, memory read through probe-read. */
SEC("raw_tp/xdp_exception")
int BPF_PROG(raw_xdp_exception, const struct net_device *dev, const struct bpf_prog *prog, __u32 act)
{
	__s32 ifindex = BPF_CORE_READ(dev, ifindex);

	if (observed(ifindex, DEV_NETNS_READ(dev)))
		on_xdp_exception(ifindex, act);
	return 0;
}

SEC("raw_tp/xdp_redirect_err")
int BPF_PROG(raw_xdp_redirect_err, const struct net_device *dev, const struct bpf_prog *prog, const void *tgt,
	     int err, int map_type, __u32 map_id)
{
	__s32 ifindex = BPF_CORE_READ(dev, ifindex);

	if (observed(ifindex, DEV_NETNS_READ(dev)))
		on_redirect_err(ifindex, err, map_type, map_id == 0x7fffffff ? 0 : map_id);
	return 0;
}

SEC("raw_tp/xdp_redirect_map_err")
int BPF_PROG(raw_xdp_redirect_map_err, const struct net_device *dev, const struct bpf_prog *prog,
	     const void *tgt, int err)
{
	__s32 ifindex = BPF_CORE_READ(dev, ifindex);

	if (observed(ifindex, DEV_NETNS_READ(dev)))
		on_redirect_err(ifindex, err, RX_TRACE_MAP_TYPE_UNKNOWN, 0);
	return 0;
}

SEC("raw_tp/kfree_skb")
int BPF_PROG(raw_kfree_skb, struct sk_buff *skb, void *location, int reason)
{
	struct net_device *dev;
	__s32 iif;

	if (not_a_drop(reason))
		return 0;
	iif = BPF_CORE_READ(skb, skb_iif);
	dev = BPF_CORE_READ(skb, dev);
	on_kfree_skb(reason, iif, iif ? 0 : BPF_CORE_READ(dev, ifindex), dev);
	return 0;
}

SEC("raw_tp/napi_poll")
int BPF_PROG(raw_napi_poll, struct napi_struct *napi, int work, int budget)
{
	on_napi_poll_read(napi, work, budget);
	return 0;
}

/*
 * Classic tracepoints: the trace event's record; needs tracefs for the event id. Each returns KEEP_EVENT. The
 * XDP records carry an ifindex and no device: their namespace is unknown (0), the ifindex alone decides.
 */
SEC("tracepoint/xdp/xdp_exception")
int tp_xdp_exception(struct trace_event_raw_xdp_exception *ctx)
{
	/* Each field read once, up front: a load from ctx plus an offset the compiler kept is refused. */
	__s32 ifindex = ctx->ifindex;
	__u32 act = ctx->act;

	if (observed(ifindex, 0))
		on_xdp_exception(ifindex, act);
	return KEEP_EVENT;
}

/* The record has no map type; map_id INT_MAX marks a redirect without a map. */
SEC("tracepoint/xdp/xdp_redirect_err")
int tp_xdp_redirect_err(struct trace_event_raw_xdp_redirect_template *ctx)
{
	__u32 map_id = ctx->map_id;
	bool no_map = map_id == 0x7fffffff || map_id == 0;
	__s32 ifindex = ctx->ifindex;
	int err = ctx->err;

	if (observed(ifindex, 0))
		on_redirect_err(ifindex, err, no_map ? BPF_MAP_TYPE_UNSPEC : RX_TRACE_MAP_TYPE_UNKNOWN,
				no_map ? 0 : map_id);
	return KEEP_EVENT;
}

SEC("tracepoint/xdp/xdp_redirect_map_err")
int tp_xdp_redirect_map_err(struct trace_event_raw_xdp_redirect_template *ctx)
{
	__u32 map_id = ctx->map_id;
	__s32 ifindex = ctx->ifindex;
	int err = ctx->err;

	if (observed(ifindex, 0))
		on_redirect_err(ifindex, err, RX_TRACE_MAP_TYPE_UNKNOWN, map_id);
	return KEEP_EVENT;
}

SEC("tracepoint/skb/kfree_skb")
int tp_kfree_skb(struct trace_event_raw_kfree_skb *ctx)
{
	struct sk_buff *skb = ctx->skbaddr;
	struct net_device *dev;
	__s32 iif;

	if (not_a_drop(ctx->reason))
		return KEEP_EVENT;
	iif = BPF_CORE_READ(skb, skb_iif);
	dev = BPF_CORE_READ(skb, dev);
	on_kfree_skb(ctx->reason, iif, iif ? 0 : BPF_CORE_READ(dev, ifindex), dev);
	return KEEP_EVENT;
}

SEC("tracepoint/napi/napi_poll")
int tp_napi_poll(struct trace_event_raw_napi_poll *ctx)
{
	on_napi_poll_read(ctx->napi, ctx->work, ctx->budget);
	return KEEP_EVENT;
}

char LICENSE[] SEC("license") = "GPL";
