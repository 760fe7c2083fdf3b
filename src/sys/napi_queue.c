// SPDX-License-Identifier: GPL-2.0-only
/* Which rx queue each NAPI instance serves, as the netdev generic netlink family (queue-get) reports it. */
#include <errno.h>
#include <linux/genetlink.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "napi_queue.h"
#include "netdev_genl.h"

/* uapi linux/netdev.h values (see netdev_genl.h). */
#define NETDEV_CMD_QUEUE_GET_ 10
#define NETDEV_A_QUEUE_ID_ 1
#define NETDEV_A_QUEUE_IFINDEX_ 2
#define NETDEV_A_QUEUE_TYPE_ 3
#define NETDEV_A_QUEUE_NAPI_ID_ 4
#define NETDEV_QUEUE_TYPE_RX_ 0

struct queue_attrs {
	int have_id, have_ifindex, have_type, have_napi;
	unsigned int id, ifindex, type, napi_id;
};

static int queue_attr_cb(const struct nlattr *attr, void *data)
{
	struct queue_attrs *q = data;

	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_OK;
	switch (mnl_attr_get_type(attr)) {
	case NETDEV_A_QUEUE_ID_:
		q->id = mnl_attr_get_u32(attr);
		q->have_id = 1;
		break;
	case NETDEV_A_QUEUE_IFINDEX_:
		q->ifindex = mnl_attr_get_u32(attr);
		q->have_ifindex = 1;
		break;
	case NETDEV_A_QUEUE_TYPE_:
		q->type = mnl_attr_get_u32(attr);
		q->have_type = 1;
		break;
	case NETDEV_A_QUEUE_NAPI_ID_:
		q->napi_id = mnl_attr_get_u32(attr);
		q->have_napi = 1;
		break;
	}
	return MNL_CB_OK;
}

struct queue_list {
	struct napi_queue *out;
	int max, n, rx_listed;
};

static int queue_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct queue_list *list = data;
	struct queue_attrs q = {0};

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), queue_attr_cb, &q);
	if (!q.have_type || q.type != NETDEV_QUEUE_TYPE_RX_)
		return MNL_CB_OK;
	list->rx_listed++;
	if (q.have_id && q.have_ifindex && q.have_napi && list->n < list->max)
		list->out[list->n++] = (struct napi_queue){q.ifindex, q.napi_id, q.id};
	return MNL_CB_OK;
}

int napi_queue_list(const int *ifindexes, int nifindexes, struct napi_queue *out, int max)
{
	struct queue_list list = {.out = out, .max = max};
	struct netdev_genl g;
	int err = netdev_genl_open(&g);

	if (err) {
		log_debug("napi_queue: no netdev netlink family (kernel older than 6.8?): %s",
			  strerror(-err));
		return err;
	}
	for (int i = 0; i < nifindexes; i++) {
		struct nlmsghdr *nlh = netdev_genl_request(&g, NETDEV_CMD_QUEUE_GET_, NLM_F_DUMP);

		mnl_attr_put_u32(nlh, NETDEV_A_QUEUE_IFINDEX_, ifindexes[i]);
		if (netdev_genl_exchange(&g, nlh, queue_msg_cb, &list))
			log_debug("napi_queue: queue-get on ifindex %d failed: %s", ifindexes[i],
				  strerror(errno));
	}
	log_debug("napi_queue: netdev netlink lists %d rx queues, %d with a NAPI id", list.rx_listed, list.n);
	netdev_genl_close(&g);
	return list.n;
}

/* uapi linux/netdev.h: napi-get and its attributes. */
#define NETDEV_CMD_NAPI_GET_ 11
#define NETDEV_A_NAPI_IFINDEX_ 1
#define NETDEV_A_NAPI_ID_ 2
#define NETDEV_A_NAPI_IRQ_ 3
#define NETDEV_A_NAPI_PID_ 4

static int napi_attr_cb(const struct nlattr *attr, void *data)
{
	struct napi_info *n = data;

	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_OK;
	switch (mnl_attr_get_type(attr)) {
	case NETDEV_A_NAPI_ID_:
		n->napi_id = mnl_attr_get_u32(attr);
		break;
	case NETDEV_A_NAPI_IRQ_:
		n->irq = (int)mnl_attr_get_u32(attr);
		break;
	case NETDEV_A_NAPI_PID_:
		n->thread_pid = (int)mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

struct napi_list {
	struct napi_info *out;
	int max, n;
};

static int napi_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct napi_list *list = data;
	struct napi_info n = {.irq = -1};

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), napi_attr_cb, &n);
	if (n.napi_id && list->n < list->max)
		list->out[list->n++] = n;
	return MNL_CB_OK;
}

int napi_info_list(int ifindex, struct napi_info *out, int max)
{
	struct napi_list list = {.out = out, .max = max};
	struct netdev_genl g;
	struct nlmsghdr *nlh;
	int err = netdev_genl_open(&g);

	if (err)
		return err;
	nlh = netdev_genl_request(&g, NETDEV_CMD_NAPI_GET_, NLM_F_DUMP);
	mnl_attr_put_u32(nlh, NETDEV_A_NAPI_IFINDEX_, (uint32_t)ifindex);
	err = netdev_genl_exchange(&g, nlh, napi_msg_cb, &list);
	netdev_genl_close(&g);
	return err ? err : list.n;
}
