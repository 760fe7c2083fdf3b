// SPDX-License-Identifier: GPL-2.0
/* Counts every packet per rx queue at XDP, then passes, drops or redirects it to the queue's AF_XDP socket;
 * or, where XDP would cost more than it tells, at tc ingress. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "rx_xdp.h"
#define VETH_MAX_QUEUES RX_MAX_QUEUES
#include "veth_queue.bpf.h"

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
 * skb->queue_mapping minus the rx queue (src/sys/netdev_driver.h): 1 where the driver records the rx queue
 * plus one, 0 on veth, which hands over the sender's tx queue, equal to its rx queue.
 */
const volatile __u32 queue_mapping_offset = 1;

/*
 * Count a GRO-merged skb as the frames it was made of (a NIC: what crossed the wire), or as one (veth, whose
 * own counters count each skb as the sender handed it over, a TSO super-packet included).
 */
const volatile bool count_gso_segs = true;

/*
 * The same counts at tc ingress (a tcx link, or a clsact filter before kernel 6.6), for socket receivers on
 * drivers where any XDP program changes the receive path: veth then converts every skb to an XDP buffer,
 * copying it when the sender left less than 256 bytes of headroom. It runs after GRO: a merged skb counts its
 * segments as packets (see count_gso_segs), its bytes as they are now (the merged segments' headers once).
 * Every packet goes on: TCX_NEXT, which is TC_ACT_UNSPEC, so a clsact filter passes it on to the next filter
 * or the stack too.
 */
static __always_inline int count_tc(struct __sk_buff *skb, bool veth_napi_lookup)
{
	__u32 queue = skb->queue_mapping - queue_mapping_offset;
	__u32 segs = count_gso_segs && skb->gso_segs ? skb->gso_segs : 1;
	struct rx_queue_stats *stats;

	if (skb->queue_mapping < queue_mapping_offset)
		queue = 0; /* not recorded (a driver without queues): queue 0, as XDP would say */
	/*
	 * veth (offset 0): an skb its NAPI delivered came in on that NAPI's rx queue. Frames redirected into
	 * veth (ndo_xdp_xmit, the lab's XDP generator) become skbs there with no queue recorded at all, so
	 * without this every one of them would count on queue 0.
	 */
	if (veth_napi_lookup && queue_mapping_offset == 0 && skb->napi_id)
		queue = veth_napi_queue(bpf_cast_to_kern_ctx(skb), skb->napi_id, queue);
	stats = bpf_map_lookup_elem(&queue_stats, &queue);
	if (stats) {
		stats->packets += segs;
		stats->bytes += skb->len;
		stats->actions[XDP_PASS] += segs;
	}
	return TCX_NEXT;
}

SEC("tc")
int rx_count_tc(struct __sk_buff *skb)
{
	return count_tc(skb, true);
}

/*
 * Kernels without the bpf_cast_to_kern_ctx kfunc (before 6.2, e.g. Debian 12's 6.1) cannot load rx_count_tc:
 * this variant takes the queue from queue_mapping alone, so on veth the frames redirected into it (the XDP
 * generator) all count on queue 0; totals are the same. Its name must start with rx_count_tc
 * (src/probes/tc_clsact.c recognises rxtop's filters by it).
 */
SEC("tc")
int rx_count_tc_nonapi(struct __sk_buff *skb)
{
	return count_tc(skb, false);
}

char LICENSE[] SEC("license") = "GPL";
