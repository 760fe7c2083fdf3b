// SPDX-License-Identifier: GPL-2.0
/*
 * Which rx queue of a veth delivered an skb, from the NAPI instance that did (included by the .bpf.c files
 * that need it, after vmlinux.h and the libbpf headers).
 *
 * Frames redirected into veth (ndo_xdp_xmit: the lab's XDP generator) become skbs in veth's NAPI with no rx
 * queue recorded at all (queue_mapping 0); each veth rx queue has its own NAPI instance, whose id GRO leaves
 * in the skb.
 */
#ifndef RXTOP_VETH_QUEUE_BPF_H
#define RXTOP_VETH_QUEUE_BPF_H

#ifndef VETH_MAX_QUEUES
#define VETH_MAX_QUEUES 256
#endif

/* Not found: the id is no veth NAPI instance's (e.g. a sender's CPU number, which shares the field). */
#define VETH_NO_QUEUE 0xffffffffu

extern void *bpf_cast_to_kern_ctx(void *obj) __ksym __weak;

/* The id this CPU looked up last and its answer: veth's NAPI delivers in runs from one instance. */
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
static __always_inline void *veth_netdev_priv(struct net_device *dev)
{
	if (bpf_core_field_exists(dev->priv))
		return (void *)dev + bpf_core_field_offset(struct net_device, priv);
	return (void *)dev + ((bpf_core_type_size(struct net_device) + 31) & ~31);
}

/* Walks dev's veth rx queues for the one whose NAPI instance has napi_id. */
static __always_inline __u32 veth_queue_walk(struct net_device *dev, __u32 napi_id)
{
	struct veth_rq *rqs = BPF_CORE_READ((struct veth_priv *)veth_netdev_priv(dev), rq);
	__u32 nqueues = BPF_CORE_READ(dev, real_num_rx_queues);

	for (__u32 i = 0; i < VETH_MAX_QUEUES && i < nqueues; i++) {
		struct veth_rq *rq = (void *)rqs + (__u64)i * bpf_core_type_size(struct veth_rq);

		if (BPF_CORE_READ(rq, xdp_napi.napi_id) == napi_id)
			return i;
	}
	return VETH_NO_QUEUE;
}

/*
 * The rx queue of skb's veth device whose NAPI instance napi_id delivered it, or fallback when none did. Call
 * it only for a veth: it reads veth's private data. The device is read only when this CPU's last answer was
 * for another instance: on the counting path that is a probe-read per packet saved.
 */
static __always_inline __u32 veth_napi_queue(struct sk_buff *skb, __u32 napi_id, __u32 fallback)
{
	struct veth_napi_seen *last;
	struct net_device *dev;
	__u32 zero = 0, queue;

	if (!napi_id)
		return fallback;
	last = bpf_map_lookup_elem(&veth_napi_last, &zero);
	if (last && last->napi_id == napi_id)
		return last->queue == VETH_NO_QUEUE ? fallback : last->queue;
	dev = BPF_CORE_READ(skb, dev);
	if (!dev)
		return fallback;
	queue = veth_queue_walk(dev, napi_id);
	if (last) {
		last->napi_id = napi_id;
		last->queue = queue;
	}
	return queue == VETH_NO_QUEUE ? fallback : queue;
}

#endif
