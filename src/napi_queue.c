/* Which rx queue each NAPI instance serves, as the netdev generic netlink family (queue-get) reports it. */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "napi_queue.h"

/* uapi linux/netdev.h values (stable ABI), spelled out because older distro headers lack the file. */
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

static int family_id_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID && mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
		*(int *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_id_cb, data);
	return MNL_CB_OK;
}

/* One request/response exchange on a fresh generic netlink socket. */
static int genl_exchange(struct mnl_socket *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int portid = mnl_socket_get_portid(nl);
	unsigned int seq = nlh->nlmsg_seq;
	int ret;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while ((ret = mnl_socket_recvfrom(nl, buf, sizeof(buf))) > 0) {
		ret = mnl_cb_run(buf, ret, seq, portid, cb, data);
		if (ret <= MNL_CB_STOP)
			break;
	}
	return ret < 0 ? -errno : 0;
}

static struct nlmsghdr *genl_request(char *buf, int family, int cmd, int flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = time(NULL);
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = 1;
	return nlh;
}

int napi_queue_list(const int *ifindexes, int nifindexes, struct napi_queue *out, int max)
{
	struct queue_list list = {.out = out, .max = max};
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	int family = -1, err = 0;

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto cleanup;
	}
	nlh = genl_request(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "netdev");
	if (genl_exchange(nl, nlh, family_msg_cb, &family) || family < 0) {
		log_debug("napi_queue: no netdev netlink family (kernel older than 6.8?)");
		err = -ENOENT;
		goto cleanup;
	}
	for (int i = 0; i < nifindexes; i++) {
		nlh = genl_request(buf, family, NETDEV_CMD_QUEUE_GET_, NLM_F_DUMP);
		mnl_attr_put_u32(nlh, NETDEV_A_QUEUE_IFINDEX_, ifindexes[i]);
		if (genl_exchange(nl, nlh, queue_msg_cb, &list))
			log_debug("napi_queue: queue-get on ifindex %d failed: %s", ifindexes[i],
				  strerror(errno));
	}
	log_debug("napi_queue: netdev netlink lists %d rx queues, %d with a NAPI id", list.rx_listed, list.n);
cleanup:
	mnl_socket_close(nl);
	return err ? err : list.n;
}
