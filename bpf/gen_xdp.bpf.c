// SPDX-License-Identifier: GPL-2.0
/* Generator: redirects each test-run frame to the tx device, varying the UDP source port; counts what got
 * out. */
#include "vmlinux.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "gen_xdp.h"

#define ETH_HLEN 14
#define IP_HLEN 20 /* the generator builds IPv4 headers without options */
#define UDP_SPORT_OFF (ETH_HLEN + IP_HLEN)
#define UDP_CSUM_OFF (ETH_HLEN + IP_HLEN + 6)

const volatile __u32 tx_ifindex;
const volatile __u32 generator_tgid;

struct gen_cpu_slot slots[GEN_MAX_CPUS];

/* RFC 1624 incremental update of a one's complement checksum when a 16-bit word changes from old to new. */
static __always_inline __u16 csum_replace(__u16 csum, __u16 old, __u16 new)
{
	__u32 sum = (__u16)~csum + (__u16)~old + new;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

SEC("xdp")
int gen_redirect(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 cpu = bpf_get_smp_processor_id();
	struct gen_cpu_slot *slot;
	__u16 *sport, *csum, port, old;

	if (cpu >= GEN_MAX_CPUS)
		return XDP_ABORTED;
	slot = &slots[cpu];
	slot->processed++;

	/* Frames are recycled without being reset, so patch from what the frame holds now, not the template.
	 */
	if (slot->flow_count > 1 && data + UDP_CSUM_OFF + 2 <= data_end) {
		port = slot->port_first + slot->flow_next * slot->port_step;
		if (++slot->flow_next >= slot->flow_count)
			slot->flow_next = 0;
		sport = data + UDP_SPORT_OFF;
		csum = data + UDP_CSUM_OFF;
		old = *sport;
		*sport = bpf_htons(port);
		if (*csum) {
			__u16 c = csum_replace(*csum, old, bpf_htons(port));
			*csum = c ? c : 0xffff; /* 0 means "no checksum" in UDP over IPv4 */
		}
	}
	return bpf_redirect(tx_ifindex, 0);
}

/* Fires when the redirect queue is flushed into the device: the only place that knows what the device took.
 */
SEC("tp_btf/xdp_devmap_xmit")
int BPF_PROG(gen_devmap_xmit, const struct net_device *from_dev, const struct net_device *to_dev, int sent,
	     int drops, int err)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct gen_cpu_slot *slot;

	if (to_dev->ifindex != tx_ifindex || (bpf_get_current_pid_tgid() >> 32) != generator_tgid)
		return 0;
	if (cpu >= GEN_MAX_CPUS)
		return 0;
	slot = &slots[cpu];
	slot->delivered += sent;
	slot->dropped += drops;
	if (err)
		slot->last_err = err;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
