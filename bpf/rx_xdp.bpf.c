// SPDX-License-Identifier: GPL-2.0
/* Counts every packet per rx queue at XDP, then passes, drops or redirects it to the queue's AF_XDP socket;
 * or, where XDP would cost more than it tells, at tc ingress. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "rx_xdp.h"

/* Not const: rxtop flips it between stack phases (pass for sockets, xsk for AF_XDP) without re-attaching. */
__u32 verdict = RX_VERDICT_PASS;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RX_MAX_QUEUES);
	__type(key, __u32);
	__type(value, struct rx_queue_stats);
} queue_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, RX_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} xsks_map SEC(".maps");

/* Constant indexes only: a computed one gets re-extended by clang in ways the verifier cannot bound. */
static __always_inline int count_action(struct rx_queue_stats *stats, int action)
{
	if (!stats)
		return action;
	switch (action) {
	case XDP_ABORTED:
		stats->actions[XDP_ABORTED]++;
		break;
	case XDP_DROP:
		stats->actions[XDP_DROP]++;
		break;
	case XDP_PASS:
		stats->actions[XDP_PASS]++;
		break;
	case XDP_TX:
		stats->actions[XDP_TX]++;
		break;
	case XDP_REDIRECT:
		stats->actions[XDP_REDIRECT]++;
		break;
	}
	return action;
}

SEC("xdp")
int rx_count(struct xdp_md *ctx)
{
	__u32 queue = ctx->rx_queue_index;
	struct rx_queue_stats *stats;
	__u64 len = ctx->data_end - ctx->data;

	stats = bpf_map_lookup_elem(&queue_stats, &queue);
	if (stats) {
		stats->packets++;
		stats->bytes += len;
	}
	__u32 now = verdict;

	if (now == RX_VERDICT_DROP)
		return count_action(stats, XDP_DROP);
	if (now == RX_VERDICT_XSK)
		return count_action(stats, bpf_redirect_map(&xsks_map, queue, XDP_PASS));
	return count_action(stats, XDP_PASS);
}

/*
 * skb->queue_mapping minus the rx queue (src/netdev_driver.h): 1 where the driver records the rx queue plus
 * one, 0 on veth, which hands over the sender's tx queue, equal to its rx queue.
 */
const volatile __u32 queue_mapping_offset = 1;

/*
 * Count a GRO-merged skb as the frames it was made of (a NIC: what crossed the wire), or as one (veth, whose
 * own counters count each skb as the sender handed it over, a TSO super-packet included).
 */
const volatile bool count_gso_segs = true;

/*
 * veth (set by the loader): an skb veth's NAPI delivered came in on that NAPI's rx queue. Frames redirected into
 * veth (ndo_xdp_xmit, the lab's XDP generator) become skbs there with no queue recorded at all, so without this
 * every one of them would count on queue 0.
 */
const volatile bool queue_from_veth_napi = false;

extern void *bpf_cast_to_kern_ctx(void *obj) __ksym __weak;

/* The NAPI instance this CPU looked up last and its rx queue: veth's NAPI delivers in runs of one instance. */
struct veth_napi_seen {
	__u32 napi_id;
	__u32 queue;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct veth_napi_seen);
} veth_napi_last SEC(".maps");

/* Where netdev_priv() points: the priv[] tail of struct net_device (6.12+), else the aligned end of it. */
static __always_inline void *netdev_priv_of(struct net_device *dev)
{
	if (bpf_core_field_exists(dev->priv))
		return (void *)dev + bpf_core_field_offset(struct net_device, priv);
	return (void *)dev + ((bpf_core_type_size(struct net_device) + 31) & ~31);
}

/* The rx queue whose NAPI instance (skb->napi_id) delivered the skb, by veth's layout; else queue unchanged. */
static __always_inline __u32 veth_napi_queue(struct __sk_buff *skb, __u32 queue)
{
	__u32 napi_id = skb->napi_id, zero = 0, nqueues;
	struct veth_napi_seen *last;
	struct net_device *dev;
	struct veth_rq *rqs;
	struct sk_buff *kskb;

	if (!napi_id) /* the kernel reads 0 for none (or a sender's CPU number) */
		return queue;
	last = bpf_map_lookup_elem(&veth_napi_last, &zero);
	if (last && last->napi_id == napi_id)
		return last->queue;
	kskb = bpf_cast_to_kern_ctx(skb);
	dev = BPF_CORE_READ(kskb, dev);
	if (!dev)
		return queue;
	rqs = BPF_CORE_READ((struct veth_priv *)netdev_priv_of(dev), rq);
	nqueues = BPF_CORE_READ(dev, real_num_rx_queues);
	for (__u32 i = 0; i < RX_MAX_QUEUES && i < nqueues; i++) {
		struct veth_rq *rq = (void *)rqs + (__u64)i * bpf_core_type_size(struct veth_rq);

		if (BPF_CORE_READ(rq, xdp_napi.napi_id) != napi_id)
			continue;
		if (last) {
			last->napi_id = napi_id;
			last->queue = i;
		}
		return i;
	}
	return queue;
}

/*
 * The same counts at tc ingress (tcx link), for socket receivers on drivers where any XDP program changes the
 * receive path: veth then converts every skb to an XDP buffer, copying it when the sender left less than 256
 * bytes of headroom. It runs after GRO: a merged skb counts its segments as packets (see count_gso_segs), its
 * bytes as they are now (the merged segments' headers once). Every packet goes on (TCX_NEXT: the next program
 * or the stack).
 */
SEC("tc")
int rx_count_tc(struct __sk_buff *skb)
{
	__u32 queue = skb->queue_mapping - queue_mapping_offset;
	__u32 segs = count_gso_segs && skb->gso_segs ? skb->gso_segs : 1;
	struct rx_queue_stats *stats;

	if (skb->queue_mapping < queue_mapping_offset)
		queue = 0; /* not recorded (a driver without queues): queue 0, as XDP would say */
	if (queue_from_veth_napi)
		queue = veth_napi_queue(skb, queue);
	stats = bpf_map_lookup_elem(&queue_stats, &queue);
	if (stats) {
		stats->packets += segs;
		stats->bytes += skb->len;
		stats->actions[XDP_PASS] += segs;
	}
	return TCX_NEXT;
}

char LICENSE[] SEC("license") = "GPL";
