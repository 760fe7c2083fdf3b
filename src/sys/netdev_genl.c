// SPDX-License-Identifier: GPL-2.0-only
/* The netdev generic netlink family: resolving it, one request/answer exchange, and dev-get. */
#include <errno.h>
#include <linux/genetlink.h>
#include <string.h>
#include <time.h>

#include "netdev_genl.h"
#include "nl_link.h"

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

static struct nlmsghdr *request(char *buf, int type, int cmd, int flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = time(NULL);
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = 1;
	return nlh;
}

int netdev_genl_exchange(struct netdev_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int portid = mnl_socket_get_portid(g->nl);
	unsigned int seq = nlh->nlmsg_seq;
	int ret;

	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while ((ret = mnl_socket_recvfrom(g->nl, buf, sizeof(buf))) > 0) {
		ret = nl_cb_run(buf, (size_t)ret, seq, portid, cb, data);
		if (ret <= MNL_CB_STOP)
			break;
	}
	return ret < 0 ? -errno : 0;
}

int netdev_genl_open(struct netdev_genl *g)
{
	struct nlmsghdr *nlh;
	int err;

	g->family = -1;
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl)
		return -errno;
	if (mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto fail;
	}
	nlh = request(g->buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "netdev");
	if (netdev_genl_exchange(g, nlh, family_msg_cb, &g->family) || g->family < 0) {
		err = -ENOENT;
		goto fail;
	}
	return 0;
fail:
	netdev_genl_close(g);
	return err;
}

void netdev_genl_close(struct netdev_genl *g)
{
	if (g->nl)
		mnl_socket_close(g->nl);
	g->nl = NULL;
}

struct nlmsghdr *netdev_genl_request(struct netdev_genl *g, int cmd, int flags)
{
	return request(g->buf, g->family, cmd, flags);
}

struct features {
	int have;
	uint64_t bits;
};

static int features_attr_cb(const struct nlattr *attr, void *data)
{
	struct features *f = data;

	if (mnl_attr_get_type(attr) == NETDEV_A_DEV_XDP_FEATURES_ &&
	    mnl_attr_validate(attr, MNL_TYPE_U64) >= 0) {
		f->bits = mnl_attr_get_u64(attr);
		f->have = 1;
	}
	return MNL_CB_OK;
}

static int features_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), features_attr_cb, data);
	return MNL_CB_OK;
}

int netdev_genl_parse_family(const void *buf, size_t len, int *family)
{
	*family = -1;
	return nl_cb_run(buf, len, 0, 0, family_msg_cb, family);
}

int netdev_genl_parse_features(const void *buf, size_t len, uint64_t *features)
{
	struct features f = {0};
	int ret = nl_cb_run(buf, len, 0, 0, features_msg_cb, &f);

	if (ret >= 0 && !f.have)
		return -ENODATA;
	*features = f.bits;
	return ret;
}

int netdev_xdp_features(int ifindex, uint64_t *features)
{
	struct netdev_genl g;
	struct features f = {0};
	struct nlmsghdr *nlh;
	int err = netdev_genl_open(&g);

	if (err)
		return err;
	nlh = netdev_genl_request(&g, NETDEV_CMD_DEV_GET_, NLM_F_ACK);
	mnl_attr_put_u32(nlh, NETDEV_A_DEV_IFINDEX_, (uint32_t)ifindex);
	err = netdev_genl_exchange(&g, nlh, features_msg_cb, &f);
	netdev_genl_close(&g);
	if (!err && !f.have)
		err = -ENODATA;
	if (!err)
		*features = f.bits;
	return err;
}
