// SPDX-License-Identifier: GPL-2.0-only
/* Requests to the kernel's netdev generic netlink family (Documentation/netlink/specs/netdev.yaml). */
#ifndef RXTOP_NETDEV_GENL_H
#define RXTOP_NETDEV_GENL_H

#include <libmnl/libmnl.h>
#include <stdint.h>

/* uapi linux/netdev.h values (stable ABI), spelled out because older distro headers lack the file. */
#define NETDEV_CMD_DEV_GET_ 1
#define NETDEV_A_DEV_IFINDEX_ 1
#define NETDEV_A_DEV_XDP_FEATURES_ 3
#define NETDEV_XDP_ACT_BASIC_ (1ULL << 0)
#define NETDEV_XDP_ACT_XSK_ZEROCOPY_ (1ULL << 3)

struct netdev_genl {
	struct mnl_socket *nl;
	int family;
	char buf[8192]; /* one request (MNL_SOCKET_BUFFER_SIZE is not a constant) */
};

/* A socket and the family's id; -ENOENT when the kernel has no netdev family (before 6.3), else -errno. */
int netdev_genl_open(struct netdev_genl *g);
void netdev_genl_close(struct netdev_genl *g);
/* A request for cmd in g->buf; add attributes, then exchange it. */
struct nlmsghdr *netdev_genl_request(struct netdev_genl *g, int cmd, int flags);
/* Sends the request and runs cb on every answer; 0 or -errno. */
int netdev_genl_exchange(struct netdev_genl *g, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/* The XDP features the driver of ifindex declares (NETDEV_XDP_ACT_* bits, dev-get); 0 or -errno. */
int netdev_xdp_features(int ifindex, uint64_t *features);

/*
 * The reply parsers of netdev_genl_open (family id) and netdev_xdp_features alone, over reply bytes (any
 * sequence number and port): mnl_cb_run's MNL_CB_* result, -ENODATA when no features attribute came. For
 * tests and fuzzing; they read nothing but buf.
 */
int netdev_genl_parse_family(const void *buf, size_t len, int *family);
int netdev_genl_parse_features(const void *buf, size_t len, uint64_t *features);

#endif
