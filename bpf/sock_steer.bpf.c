// SPDX-License-Identifier: GPL-2.0
/*
 * Picks the socket of a receiver's SO_REUSEPORT group that serves the rx queue a packet came in on, so each
 * worker gets its own queue's traffic. A classic BPF filter can only read skb->queue_mapping, which is empty
 * for frames redirected into veth; here those take the queue of the veth NAPI instance that delivered them.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "sock_steer.h"
#define VETH_MAX_QUEUES STEER_MAX_QUEUES
#include "veth_queue.bpf.h"

/* skb->queue_mapping minus the rx queue: 1 where the driver records queue + 1, 0 on veth
 * (src/sys/netdev_driver.h). */
const volatile __u32 queue_mapping_offset = 1;

/* Slot i: the socket of the group's i-th worker. */
struct {
	__uint(type, BPF_MAP_TYPE_REUSEPORT_SOCKARRAY);
	__uint(max_entries, STEER_MAX_SOCKETS);
	__type(key, __u32);
	__type(value, __u64);
} sockets SEC(".maps");

/* rx queue -> slot in sockets, + 1 (0: no worker serves that queue). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, STEER_MAX_QUEUES);
	__type(key, __u32);
	__type(value, __u32);
} queue_slot SEC(".maps");

SEC("sk_reuseport")
int steer_by_rx_queue(struct sk_reuseport_md *md)
{
	struct sk_reuseport_kern *kern = bpf_cast_to_kern_ctx(md);
	struct sk_buff *skb = BPF_CORE_READ(kern, skb);
	__u32 mapping = BPF_CORE_READ(skb, queue_mapping), queue, *slot;

	queue = mapping >= queue_mapping_offset ? mapping - queue_mapping_offset : 0;
	/* veth (offset 0): a skb its NAPI delivered came in on that NAPI's rx queue. */
	if (queue_mapping_offset == 0)
		queue = veth_napi_queue(skb, BPF_CORE_READ(skb, napi_id), queue);
	slot = bpf_map_lookup_elem(&queue_slot, &queue);
	if (!slot || !*slot)
		return SK_PASS; /* a queue no worker serves: the kernel's hash picks */
	queue = *slot - 1;
	/* On failure (that socket is gone) the kernel's hash picks too. */
	bpf_sk_select_reuseport(md, &sockets, &queue, 0);
	return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
