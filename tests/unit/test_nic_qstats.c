// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the NIC queue counters: qstats-get replies built as a driver's kernel sends them. */
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <stdlib.h>

#include "check.h"
#include "nic_queues.h"
#include "sampler.h"

/*
 * From the kernel's include/uapi/linux/netdev.h (6.10+), written out here on their own: the test checks
 * the parser's numbers against the kernel's, not against themselves.
 */
enum {
	UAPI_CMD_QSTATS_GET = 12,
	UAPI_QUEUE_TYPE_RX = 0,
	UAPI_QUEUE_TYPE_TX = 1,
	UAPI_A_IFINDEX = 1,
	UAPI_A_QUEUE_TYPE = 2,
	UAPI_A_QUEUE_ID = 3,
	UAPI_A_RX_PACKETS = 8,
	UAPI_A_RX_BYTES = 9,
	UAPI_A_TX_PACKETS = 10,
	UAPI_A_RX_ALLOC_FAIL = 12,
	UAPI_A_RX_HW_DROPS = 13,
	UAPI_A_RX_HW_DROP_OVERRUNS = 14,
	UAPI_A_RX_CSUM_UNNECESSARY = 16,
	UAPI_A_RX_HW_GRO_PACKETS = 19,
};

#define FAMILY 0x1b /* any: the reply's type is the family id the kernel gave out */
#define IFINDEX 7

/* nla_put_uint: 4 bytes when the value fits, else 8, as the kernel writes every qstats counter. */
static void put_uint(struct nlmsghdr *nlh, int type, uint64_t v)
{
	if (v == (uint32_t)v)
		mnl_attr_put_u32(nlh, type, (uint32_t)v);
	else
		mnl_attr_put_u64(nlh, type, v);
}

/* netdev_nl_stats_queue's message: the header of a dump part, ifindex, type, id, then the counters. */
static struct nlmsghdr *queue_msg(char *at, int ifindex, int type, int id)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = FAMILY;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = 42;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = UAPI_CMD_QSTATS_GET;
	genl->version = 1;
	mnl_attr_put_u32(nlh, UAPI_A_IFINDEX, (uint32_t)ifindex);
	mnl_attr_put_u32(nlh, UAPI_A_QUEUE_TYPE, (uint32_t)type);
	mnl_attr_put_u32(nlh, UAPI_A_QUEUE_ID, (uint32_t)id);
	return nlh;
}

/* The dump's end: NLMSG_DONE carrying 0. */
static size_t done_msg(char *at)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	*(int *)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = 0;
	return nlh->nlmsg_len;
}

/*
 * A reply as a driver with rx-hw-drops (mlx5-like) sends it for IFINDEX: rx queue 0 (packets past 4 Gi, so
 * 8 bytes), rx queue 1, a tx queue, and a queue of another interface; counters the parser does not read
 * (csum, hw-gro) in between. Returns its length.
 */
static size_t build_reply(char *buf, uint64_t q0_packets, uint64_t q0_drops, uint64_t q1_packets)
{
	size_t len = 0;
	struct nlmsghdr *nlh;

	nlh = queue_msg(buf + len, IFINDEX, UAPI_QUEUE_TYPE_RX, 0);
	put_uint(nlh, UAPI_A_RX_PACKETS, q0_packets);
	put_uint(nlh, UAPI_A_RX_BYTES, q0_packets * 64);
	put_uint(nlh, UAPI_A_RX_ALLOC_FAIL, 3);
	put_uint(nlh, UAPI_A_RX_HW_DROPS, q0_drops);
	put_uint(nlh, UAPI_A_RX_HW_DROP_OVERRUNS, q0_drops / 2);
	put_uint(nlh, UAPI_A_RX_CSUM_UNNECESSARY, q0_packets);
	put_uint(nlh, UAPI_A_RX_HW_GRO_PACKETS, 0);
	len += MNL_ALIGN(nlh->nlmsg_len);
	nlh = queue_msg(buf + len, IFINDEX, UAPI_QUEUE_TYPE_RX, 1);
	put_uint(nlh, UAPI_A_RX_PACKETS, q1_packets);
	put_uint(nlh, UAPI_A_RX_BYTES, q1_packets * 64);
	put_uint(nlh, UAPI_A_RX_HW_DROPS, 0);
	len += MNL_ALIGN(nlh->nlmsg_len);
	nlh = queue_msg(buf + len, IFINDEX, UAPI_QUEUE_TYPE_TX, 0);
	put_uint(nlh, UAPI_A_TX_PACKETS, 999);
	len += MNL_ALIGN(nlh->nlmsg_len);
	nlh = queue_msg(buf + len, IFINDEX + 1, UAPI_QUEUE_TYPE_RX, 2);
	put_uint(nlh, UAPI_A_RX_PACKETS, 555);
	len += MNL_ALIGN(nlh->nlmsg_len);
	return len + done_msg(buf + len);
}

static const struct nic_queue_stats *queue(const struct nic_queue_stats *q, int n, int id)
{
	for (int i = 0; i < n; i++)
		if (q[i].queue == id)
			return &q[i];
	return NULL;
}

static void test_parse(void)
{
	static char buf[4096];
	struct nic_queue_stats q[NIC_MAX_QUEUES];
	const struct nic_queue_stats *q0, *q1;
	size_t len = build_reply(buf, 5000000000ULL, 100, 7);
	int n = -1, ret = nic_qstats_parse(buf, len, IFINDEX, q, NIC_MAX_QUEUES, &n);

	CHECK("qstats_parse_stops_at_done", ret == MNL_CB_STOP);
	CHECK("qstats_rx_queues_of_ifindex_only", n == 2);
	q0 = queue(q, n, 0);
	q1 = queue(q, n, 1);
	CHECK("qstats_queue0",
	      q0 && q0->value[NIC_RX_PACKETS] == 5000000000ULL && q0->value[NIC_RX_BYTES] == 320000000000ULL);
	CHECK("qstats_queue0_drops", q0 && q0->value[NIC_RX_HW_DROPS] == 100 &&
					 q0->value[NIC_RX_HW_DROP_OVERRUNS] == 50 &&
					 q0->value[NIC_RX_ALLOC_FAIL] == 3);
	CHECK("qstats_have_what_was_sent",
	      q0 && q0->have == ((1u << NIC_RX_PACKETS) | (1u << NIC_RX_BYTES) | (1u << NIC_RX_ALLOC_FAIL) |
				 (1u << NIC_RX_HW_DROPS) | (1u << NIC_RX_HW_DROP_OVERRUNS)));
	CHECK("qstats_queue1",
	      q1 && q1->value[NIC_RX_PACKETS] == 7 && !(q1->have & (1u << NIC_RX_ALLOC_FAIL)));
	/* Cut inside the second message: the first still counts, nothing is read past the end. */
	ret = nic_qstats_parse(buf, MNL_ALIGN(((struct nlmsghdr *)buf)->nlmsg_len) + 30, IFINDEX, q,
			       NIC_MAX_QUEUES, &n);
	CHECK("qstats_truncated_keeps_whole_messages", n == 1 && q[0].queue == 0);
	ret = nic_qstats_parse(buf, len, IFINDEX, q, 1, &n);
	CHECK("qstats_at_most_max", n == 1);
	ret = nic_qstats_parse(buf, len, 0, q, NIC_MAX_QUEUES, &n);
	CHECK("qstats_any_ifindex", n == 3);
}

/* A counter of a width the kernel never writes (2 bytes) is passed over, not misread. */
static void test_bad_width(void)
{
	static char buf[512];
	struct nic_queue_stats q[4];
	struct nlmsghdr *nlh = queue_msg(buf, IFINDEX, UAPI_QUEUE_TYPE_RX, 0);
	int n = -1;

	mnl_attr_put_u16(nlh, UAPI_A_RX_PACKETS, 9);
	nic_qstats_parse(buf, nlh->nlmsg_len, IFINDEX, q, 4, &n);
	CHECK("qstats_bad_width_skipped", n == 1 && !(q[0].have & (1u << NIC_RX_PACKETS)));
}

static const struct drop_sample *row(const struct snapshot *s, const char *reason)
{
	for (int i = 0; i < s->ndrops; i++)
		if (strcmp(s->drops[i].reason, reason) == 0)
			return &s->drops[i];
	return NULL;
}

/* Since the base, summed over queues; overruns are part of hw drops, so shown but not added again. */
static void test_drop_rows(void)
{
	static char buf[4096];
	static struct snapshot snap;
	struct nic_queue_stats base[NIC_MAX_QUEUES], now[NIC_MAX_QUEUES];
	const struct drop_sample *d;
	int nbase, nnow;

	nic_qstats_parse(buf, build_reply(buf, 1000, 10, 0), IFINDEX, base, NIC_MAX_QUEUES, &nbase);
	nic_qstats_parse(buf, build_reply(buf, 1900, 110, 0), IFINDEX, now, NIC_MAX_QUEUES, &nnow);
	nic_queues_drop_rows("eth9", base, nbase, now, nnow, &snap);
	d = row(&snap, "rx-hw-drops:iface=eth9");
	CHECK("drops_hw_in_ledger",
	      d && d->packets == 100 && !d->overlaps && d->before_queues && strcmp(d->where, "nic") == 0);
	d = row(&snap, "rx-hw-drop-overruns:iface=eth9");
	CHECK("drops_overruns_shown_not_added", d && d->packets == 50 && d->overlaps);
	CHECK("drops_alloc_fail_unchanged_no_row", row(&snap, "rx-alloc-fail:iface=eth9") == NULL);

	/* The ledger: 1000 sent, 100 lost in the NIC, 900 at the queues; nothing unexplained. */
	snap.nqueues = 1;
	snap.queues[0] = (struct queue_sample){.ifindex = IFINDEX, .queue = 0, .rx_packets = 900};
	snap.generator_sent = 1000;
	snap.ledger.known = true;
	ledger_compute(&snap);
	CHECK("ledger_nic_drops_before_queues",
	      snap.ledger.received == 900 && snap.ledger.dropped == 100 && snap.ledger.unexplained == 0);

	/* A driver with allocation failures but no hw-drops total: those are the drops it can name. */
	memset(&snap, 0, sizeof(snap));
	base[0].have = now[0].have = (1u << NIC_RX_PACKETS) | (1u << NIC_RX_ALLOC_FAIL);
	now[0].value[NIC_RX_ALLOC_FAIL] = base[0].value[NIC_RX_ALLOC_FAIL] + 4;
	nic_queues_drop_rows("eth9", base, 1, now, 1, &snap);
	d = row(&snap, "rx-alloc-fail:iface=eth9");
	CHECK("drops_alloc_fail_alone_in_ledger", d && d->packets == 4 && !d->overlaps && snap.ndrops == 1);
}

/* --counter none on an interface without per-queue counters: the ledger takes its sysfs total. */
static void test_hands_off_ledger(void)
{
	static struct snapshot snap;

	snap.nifaces = 1;
	snap.ifaces[0] = (struct iface_sample){.ifindex = 3, .rx_packets = 800, .counter = "none"};
	snap.ndrops = 1;
	snap.drops[0] = (struct drop_sample){.where = "stack", .reason = "NO_SOCKET", .packets = 300};
	snap.generator_sent = 800;
	snap.ledger.known = true;
	ledger_compute(&snap);
	CHECK("ledger_hands_off_sysfs", snap.ledger.received == 500 && snap.ledger.unexplained == 0);
}

static void test_ethtool_names(void)
{
	enum nic_stat stat = NIC_STATS;
	int q = -1;

	CHECK("ethtool_mlx5",
	      nic_ethtool_match("mlx5_core", "rx3_packets", &q, &stat) && q == 3 && stat == NIC_RX_PACKETS);
	CHECK("ethtool_mlx5_alloc", nic_ethtool_match("mlx5_core", "rx12_buff_alloc_err", &q, &stat) &&
					q == 12 && stat == NIC_RX_ALLOC_FAIL);
	CHECK("ethtool_mlx5_not_padded", !nic_ethtool_match("mlx5_core", "rx03_packets", &q, &stat));
	CHECK("ethtool_mlx5_whole_name", !nic_ethtool_match("mlx5_core", "rx3_packets_x", &q, &stat));
	CHECK("ethtool_mlx5_tx", !nic_ethtool_match("mlx5_core", "tx3_packets", &q, &stat));
	CHECK("ethtool_mlx5_xdp_drop_not_nic", !nic_ethtool_match("mlx5_core", "rx3_xdp_drop", &q, &stat));
	CHECK("ethtool_ice",
	      nic_ethtool_match("ice", "rx_queue_7_bytes", &q, &stat) && q == 7 && stat == NIC_RX_BYTES);
	CHECK("ethtool_i40e", nic_ethtool_match("i40e", "rx-2.packets", &q, &stat) && q == 2);
	CHECK("ethtool_igb_drops",
	      nic_ethtool_match("igb", "rx_queue_1_drops", &q, &stat) && stat == NIC_RX_HW_DROPS);
	CHECK("ethtool_virtio_both", nic_ethtool_match("virtio_net", "rx_queue_0_packets", &q, &stat) &&
					 nic_ethtool_match("virtio_net", "rx5_packets", &q, &stat) && q == 5);
	CHECK("ethtool_queue_bound", !nic_ethtool_match("ice", "rx_queue_64_packets", &q, &stat));
	CHECK("ethtool_veth_unknown",
	      !nic_ethtool_knows("veth") && !nic_ethtool_match("veth", "rx_queue_0_xdp_packets", &q, &stat));
	CHECK("ethtool_ixgbe_known", nic_ethtool_knows("ixgbe"));
}

int main(void)
{
	test_parse();
	test_bad_width();
	test_drop_rows();
	test_hands_off_ledger();
	test_ethtool_names();
	return check_failures ? 1 : 0;
}
