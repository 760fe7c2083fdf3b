// SPDX-License-Identifier: GPL-2.0
/* Counts every packet per rx queue at XDP, then passes, drops or redirects it to the queue's AF_XDP socket.
 */
#include "vmlinux.h"
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

char LICENSE[] SEC("license") = "GPL";
