// SPDX-License-Identifier: GPL-2.0-only
/* netdev generic netlink qstats-get (kernel 6.10+): each rx queue's NIC counters, without BPF. */
#include <errno.h>
#include <linux/genetlink.h>
#include <string.h>

#include "netdev_genl.h"
#include "nic_qstats.h"
#include "nl_link.h"

/*
 * uapi linux/netdev.h (kernel 6.10, include/uapi/linux/netdev.h, generated from
 * Documentation/netlink/specs/netdev.yaml); Debian 12's headers (6.1) have no netdev.h at all.
 */
#define NETDEV_CMD_QSTATS_GET_ 12
#define NETDEV_QSTATS_SCOPE_QUEUE_ 1
#define NETDEV_QUEUE_TYPE_RX_ 0
#define NETDEV_A_QSTATS_IFINDEX_ 1
#define NETDEV_A_QSTATS_QUEUE_TYPE_ 2
#define NETDEV_A_QSTATS_QUEUE_ID_ 3
#define NETDEV_A_QSTATS_SCOPE_ 4
#define NETDEV_A_QSTATS_RX_PACKETS_ 8
#define NETDEV_A_QSTATS_RX_BYTES_ 9
#define NETDEV_A_QSTATS_RX_ALLOC_FAIL_ 12
#define NETDEV_A_QSTATS_RX_HW_DROPS_ 13
#define NETDEV_A_QSTATS_RX_HW_DROP_OVERRUNS_ 14
#define NETDEV_A_QSTATS_RX_CSUM_BAD_ 18
#define NETDEV_A_QSTATS_RX_HW_DROP_RATELIMITS_ 23

static const struct {
	int attr;
	const char *name; /* the netdev.yaml spelling, as `ynl --dump qstats-get` prints it */
} qstats_attrs[NIC_STATS] = {
    [NIC_RX_PACKETS] = {NETDEV_A_QSTATS_RX_PACKETS_, "rx-packets"},
    [NIC_RX_BYTES] = {NETDEV_A_QSTATS_RX_BYTES_, "rx-bytes"},
    [NIC_RX_ALLOC_FAIL] = {NETDEV_A_QSTATS_RX_ALLOC_FAIL_, "rx-alloc-fail"},
    [NIC_RX_HW_DROPS] = {NETDEV_A_QSTATS_RX_HW_DROPS_, "rx-hw-drops"},
    [NIC_RX_HW_DROP_OVERRUNS] = {NETDEV_A_QSTATS_RX_HW_DROP_OVERRUNS_, "rx-hw-drop-overruns"},
    [NIC_RX_HW_DROP_RATELIMITS] = {NETDEV_A_QSTATS_RX_HW_DROP_RATELIMITS_, "rx-hw-drop-ratelimits"},
    [NIC_RX_CSUM_BAD] = {NETDEV_A_QSTATS_RX_CSUM_BAD_, "rx-csum-bad"},
};

const char *nic_stat_name(enum nic_stat stat)
{
	return stat >= 0 && stat < NIC_STATS ? qstats_attrs[stat].name : "?";
}

/* The kernel writes counters as "uint" (nla_put_uint): 4 bytes when the value fits, else 8. */
static int get_uint(const struct nlattr *attr, uint64_t *v)
{
	switch (mnl_attr_get_payload_len(attr)) {
	case 4:
		*v = mnl_attr_get_u32(attr);
		return 0;
	case 8:
		*v = mnl_attr_get_u64(attr);
		return 0;
	}
	return -EINVAL;
}

struct qstats_msg {
	int have_ifindex, have_type, have_id;
	uint64_t ifindex, type, id;
	struct nic_queue_stats q;
};

static int qstats_attr_cb(const struct nlattr *attr, void *data)
{
	struct qstats_msg *m = data;
	int type = mnl_attr_get_type(attr);
	uint64_t v;

	if (get_uint(attr, &v) < 0)
		return MNL_CB_OK;
	switch (type) {
	case NETDEV_A_QSTATS_IFINDEX_:
		m->ifindex = v;
		m->have_ifindex = 1;
		return MNL_CB_OK;
	case NETDEV_A_QSTATS_QUEUE_TYPE_:
		m->type = v;
		m->have_type = 1;
		return MNL_CB_OK;
	case NETDEV_A_QSTATS_QUEUE_ID_:
		m->id = v;
		m->have_id = 1;
		return MNL_CB_OK;
	}
	for (int s = 0; s < NIC_STATS; s++)
		if (qstats_attrs[s].attr == type) {
			m->q.value[s] = v;
			m->q.have |= 1u << s;
		}
	return MNL_CB_OK;
}

struct qstats_list {
	int ifindex;
	struct nic_queue_stats *out;
	int max, n;
};

static int qstats_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct qstats_list *list = data;
	struct qstats_msg m = {0};

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), qstats_attr_cb, &m);
	/* A device-scope answer (no queue id) or a tx queue is not a row of rxtop's. */
	if (!m.have_ifindex || !m.have_type || !m.have_id || m.type != NETDEV_QUEUE_TYPE_RX_ ||
	    m.id >= NIC_MAX_QUEUES || (list->ifindex > 0 && m.ifindex != (uint64_t)list->ifindex))
		return MNL_CB_OK;
	m.q.queue = (int)m.id;
	/* The same queue twice (a dump resumed after a full buffer): the later answer counts. */
	for (int i = 0; i < list->n; i++)
		if (list->out[i].queue == m.q.queue) {
			list->out[i] = m.q;
			return MNL_CB_OK;
		}
	if (list->n < list->max)
		list->out[list->n++] = m.q;
	return MNL_CB_OK;
}

int nic_qstats_parse(const void *buf, size_t len, int ifindex, struct nic_queue_stats *out, int max, int *n)
{
	struct qstats_list list = {.ifindex = ifindex, .out = out, .max = max};
	int ret = nl_cb_run(buf, len, 0, 0, qstats_msg_cb, &list);

	*n = list.n;
	return ret;
}

int nic_qstats_read(int ifindex, struct nic_queue_stats *out, int max)
{
	struct qstats_list list = {.ifindex = ifindex, .out = out, .max = max};
	struct netdev_genl g;
	struct nlmsghdr *nlh;
	int err = netdev_genl_open(&g);

	if (err)
		return err;
	nlh = netdev_genl_request(&g, NETDEV_CMD_QSTATS_GET_, NLM_F_DUMP);
	mnl_attr_put_u32(nlh, NETDEV_A_QSTATS_IFINDEX_, (uint32_t)ifindex);
	mnl_attr_put_u32(nlh, NETDEV_A_QSTATS_SCOPE_, NETDEV_QSTATS_SCOPE_QUEUE_);
	/*
	 * A kernel without the command answers the request with EOPNOTSUPP; a driver without queue
	 * statistics (veth) ends the dump with that error, which libmnl passes over: no rows either way.
	 */
	err = netdev_genl_exchange(&g, nlh, qstats_msg_cb, &list);
	netdev_genl_close(&g);
	return err ? err : list.n;
}
