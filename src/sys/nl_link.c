// SPDX-License-Identifier: GPL-2.0-only
/* Small rtnetlink requests over libmnl: links, veth pairs, IPv4 addresses and neighbours. */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "nl_link.h"

/* Big enough for one link message with all its attributes, or a page of a dump. */
#define NL_BUF_SIZE 32768

struct mnl_socket *nl_open(void)
{
	struct mnl_socket *sock;

	sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!sock)
		return NULL;
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		int saved = errno;

		mnl_socket_close(sock);
		errno = saved;
		return NULL;
	}
	return sock;
}

void nl_close(struct mnl_socket *sock)
{
	if (sock)
		mnl_socket_close(sock);
}

static struct nlmsghdr *nl_start(char *buf, int type, int flags)
{
	static unsigned int seq;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	unsigned int expected = 0;

	/* Start from the clock so replies meant for an earlier rxtop process are never taken for ours. */
	__atomic_compare_exchange_n(&seq, &expected, (unsigned int)time(NULL), 0, __ATOMIC_RELAXED,
				    __ATOMIC_RELAXED);
	nlh->nlmsg_type = type;
	/* A dump ends with NLMSG_DONE; everything else asks for the kernel's ack, which carries errors. */
	nlh->nlmsg_flags = NLM_F_REQUEST | flags | ((flags & NLM_F_DUMP) == NLM_F_DUMP ? 0 : NLM_F_ACK);
	nlh->nlmsg_seq = __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED);
	return nlh;
}

int nl_cb_run(const void *buf, size_t len, unsigned int seq, unsigned int portid, mnl_cb_t cb, void *data)
{
	size_t good = 0;

	/* libmnl compares nlmsg_len to the bytes left as an int, so a length above 2 GiB passes and sends
	 * mnl_nlmsg_next far past the buffer. libmnl ignores a malformed tail; so does this, before it walks.
	 */
	while (len - good >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)((const char *)buf + good);

		if (nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > len - good)
			break;
		good += MNL_ALIGN(nlh->nlmsg_len);
		if (good >= len) {
			good = len;
			break;
		}
	}
	return mnl_cb_run(buf, good, seq, portid, cb, data);
}

/* Sends NLH and feeds every reply to CB until the kernel's ack or the end of the dump. */
static int nl_talk(struct mnl_socket *sock, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[NL_BUF_SIZE];
	unsigned int portid = mnl_socket_get_portid(sock);
	ssize_t n;
	int ret;

	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = nl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, portid, cb, data);
	} while (ret > 0);
	return ret < 0 ? -errno : 0;
}

static void parse_linkinfo(const struct nlattr *nest, struct nl_link_info *info)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest)
	{
		/* Bounded by the payload: a kind without its NUL must not run on into the next attribute. */
		if (mnl_attr_get_type(attr) == IFLA_INFO_KIND)
			snprintf(info->kind, sizeof(info->kind), "%.*s", (int)mnl_attr_get_payload_len(attr),
				 mnl_attr_get_str(attr));
	}
}

/* A single program reports IFLA_XDP_PROG_ID; several modes at once report one id per mode. */
static void parse_xdp(const struct nlattr *nest, struct nl_link_info *info)
{
	const struct nlattr *attr;
	unsigned int prog = 0, drv = 0, skb = 0, hw = 0;

	mnl_attr_for_each_nested(attr, nest)
	{
		/* Each value is read in place: only from an attribute that holds it. */
		if (mnl_attr_validate(attr, mnl_attr_get_type(attr) == IFLA_XDP_ATTACHED ? MNL_TYPE_U8
											 : MNL_TYPE_U32) < 0)
			continue;
		switch (mnl_attr_get_type(attr)) {
		case IFLA_XDP_ATTACHED:
			info->xdp_mode = mnl_attr_get_u8(attr);
			break;
		case IFLA_XDP_PROG_ID:
			prog = mnl_attr_get_u32(attr);
			break;
		case IFLA_XDP_DRV_PROG_ID:
			drv = mnl_attr_get_u32(attr);
			break;
		case IFLA_XDP_SKB_PROG_ID:
			skb = mnl_attr_get_u32(attr);
			break;
		case IFLA_XDP_HW_PROG_ID:
			hw = mnl_attr_get_u32(attr);
			break;
		}
	}
	info->xdp_prog_id = prog ? prog : drv ? drv : skb ? skb : hw;
}

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	struct nl_link_info *info = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_ADDRESS:
		if (mnl_attr_get_payload_len(attr) == NL_MAC_LEN)
			memcpy(info->mac, mnl_attr_get_payload(attr), NL_MAC_LEN);
		break;
	case IFLA_OPERSTATE:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0)
			info->operstate = mnl_attr_get_u8(attr);
		break;
	case IFLA_NUM_RX_QUEUES:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			info->num_rx_queues = mnl_attr_get_u32(attr);
		break;
	case IFLA_NUM_TX_QUEUES:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			info->num_tx_queues = mnl_attr_get_u32(attr);
		break;
	case IFLA_LINKINFO:
		parse_linkinfo(attr, info);
		break;
	case IFLA_XDP:
		parse_xdp(attr, info);
		break;
	}
	return MNL_CB_OK;
}

static int link_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_link_info *info = data;
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi)) { /* no room for the header it must carry */
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	info->ifindex = ifi->ifi_index;
	info->flags = ifi->ifi_flags;
	return mnl_attr_parse(nlh, sizeof(*ifi), link_attr_cb, info);
}

int nl_link_parse_reply(const void *buf, size_t len, struct nl_link_info *info)
{
	memset(info, 0, sizeof(*info));
	return nl_cb_run(buf, len, 0, 0, link_msg_cb, info);
}

int nl_link_get(struct mnl_socket *sock, const char *name, struct nl_link_info *info)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_start(buf, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	memset(info, 0, sizeof(*info));
	return nl_talk(sock, nlh, link_msg_cb, info);
}

int nl_veth_create(struct mnl_socket *sock, const char *name, const char *peer, unsigned int queues,
		   int peer_netns_fd)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_start(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *linkinfo, *data, *peer_nest;
	struct ifinfomsg *peer_ifi;

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_NUM_TX_QUEUES, queues);
	mnl_attr_put_u32(nlh, IFLA_NUM_RX_QUEUES, queues);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	/* The peer is described like a link of its own: an ifinfomsg, then its attributes. */
	peer_nest = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	peer_ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*peer_ifi));
	peer_ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_put_u32(nlh, IFLA_NUM_TX_QUEUES, queues);
	mnl_attr_put_u32(nlh, IFLA_NUM_RX_QUEUES, queues);
	if (peer_netns_fd >= 0)
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (unsigned int)peer_netns_fd);
	mnl_attr_nest_end(nlh, peer_nest);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nl_talk(sock, nlh, NULL, NULL);
}

int nl_link_delete(struct mnl_socket *sock, const char *name)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_start(buf, RTM_DELLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	int err;

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	err = nl_talk(sock, nlh, NULL, NULL);
	return err == -ENODEV ? 0 : err;
}

int nl_link_set_up(struct mnl_socket *sock, int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_start(buf, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = IFF_UP;
	return nl_talk(sock, nlh, NULL, NULL);
}

int nl_addr_add_ipv4(struct mnl_socket *sock, int ifindex, const char *addr, int prefixlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_start(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct in_addr in, broadcast;

	if (inet_pton(AF_INET, addr, &in) != 1 || prefixlen < 0 || prefixlen > 32)
		return -EINVAL;
	broadcast.s_addr = in.s_addr | htonl(prefixlen == 32 ? 0 : 0xffffffffu >> prefixlen);
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = prefixlen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(in), &in);
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(in), &in);
	mnl_attr_put(nlh, IFA_BROADCAST, sizeof(broadcast), &broadcast);
	return nl_talk(sock, nlh, NULL, NULL);
}

struct addr_list {
	int ifindex;
	char *buf;
	size_t len, used;
};

static int addr_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_list *list = data;
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	char text[INET_ADDRSTRLEN];
	int n;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (ifa->ifa_family != AF_INET || (int)ifa->ifa_index != list->ifindex)
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(*ifa))
	{
		if (mnl_attr_get_type(attr) != IFA_LOCAL || mnl_attr_get_payload_len(attr) != 4)
			continue;
		inet_ntop(AF_INET, mnl_attr_get_payload(attr), text, sizeof(text));
		n = snprintf(list->buf + list->used, list->len - list->used, "%s%s/%u", list->used ? " " : "",
			     text, ifa->ifa_prefixlen);
		if (n > 0 && (size_t)n < list->len - list->used)
			list->used += n;
	}
	return MNL_CB_OK;
}

int nl_addr_parse_reply(const void *buf, size_t len, int ifindex, char *out, size_t outlen)
{
	struct addr_list list = {.ifindex = ifindex, .buf = out, .len = outlen};

	if (!outlen)
		return -EINVAL;
	out[0] = '\0';
	return nl_cb_run(buf, len, 0, 0, addr_msg_cb, &list);
}

int nl_addr_list_ipv4(struct mnl_socket *sock, int ifindex, char *buf, size_t len)
{
	char req[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_start(req, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct addr_list list = {.ifindex = ifindex, .buf = buf, .len = len};

	if (!len)
		return -EINVAL;
	buf[0] = '\0';
	ifa->ifa_family = AF_INET;
	return nl_talk(sock, nlh, addr_msg_cb, &list);
}

int nl_neigh_add_ipv4(struct mnl_socket *sock, int ifindex, const char *addr,
		      const unsigned char mac[NL_MAC_LEN])
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_start(buf, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE);
	struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	struct in_addr in;

	if (inet_pton(AF_INET, addr, &in) != 1)
		return -EINVAL;
	ndm->ndm_family = AF_INET;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = NUD_PERMANENT;
	mnl_attr_put(nlh, NDA_DST, sizeof(in), &in);
	mnl_attr_put(nlh, NDA_LLADDR, NL_MAC_LEN, mac);
	return nl_talk(sock, nlh, NULL, NULL);
}
