// SPDX-License-Identifier: GPL-2.0-only
/* Small rtnetlink requests over libmnl: links, veth pairs, IPv4 addresses and neighbours. */
#ifndef RXTOP_NL_LINK_H
#define RXTOP_NL_LINK_H

#include <stddef.h>

struct mnl_socket;
struct nlmsghdr;

#define NL_MAC_LEN 6

/* What rxtop needs to know about one interface (RTM_GETLINK). */
struct nl_link_info {
	int ifindex;
	unsigned int flags;	 /* IFF_* */
	unsigned char operstate; /* IF_OPER_* */
	unsigned char mac[NL_MAC_LEN];
	unsigned int num_rx_queues;
	unsigned int num_tx_queues;
	unsigned int xdp_prog_id; /* 0: no XDP program */
	unsigned char xdp_mode;	  /* XDP_ATTACHED_* */
	char kind[16];		  /* "veth", or "" for none */
};

/* An rtnetlink socket in the calling thread's current network namespace; NULL with errno set. */
struct mnl_socket *nl_open(void);
void nl_close(struct mnl_socket *sock);

/* -ENODEV when NAME does not exist in the socket's namespace. */
int nl_link_get(struct mnl_socket *sock, const char *name, struct nl_link_info *info);
/*
 * mnl_cb_run over the well-formed messages at the start of buf only: a length field that points past the
 * end stops the walk there (libmnl alone would follow one above 2 GiB). The reply parsers go through it.
 */
int nl_cb_run(const void *buf, size_t len, unsigned int seq, unsigned int portid,
	      int (*cb)(const struct nlmsghdr *, void *), void *data);
/*
 * The parsers of nl_link_get and nl_addr_list_ipv4 alone, over reply bytes (any sequence number and port):
 * mnl_cb_run's MNL_CB_* result. For tests and fuzzing; they read nothing but buf.
 */
int nl_link_parse_reply(const void *buf, size_t len, struct nl_link_info *info);
int nl_addr_parse_reply(const void *buf, size_t len, int ifindex, char *out, size_t outlen);
/* veth NAME <-> PEER, QUEUES rx and tx queues on both ends; PEER goes to peer_netns_fd (-1: stay here). */
int nl_veth_create(struct mnl_socket *sock, const char *name, const char *peer, unsigned int queues,
		   int peer_netns_fd);
/* 0 when NAME does not exist. */
int nl_link_delete(struct mnl_socket *sock, const char *name);
int nl_link_set_up(struct mnl_socket *sock, int ifindex);
/* Adds (or keeps) ADDR/PREFIXLEN on the interface. */
int nl_addr_add_ipv4(struct mnl_socket *sock, int ifindex, const char *addr, int prefixlen);
/* Writes "a.b.c.d/n a.b.c.d/n" (or "") for the interface's IPv4 addresses. */
int nl_addr_list_ipv4(struct mnl_socket *sock, int ifindex, char *buf, size_t len);
/* Permanent neighbour entry ADDR -> MAC on the interface, so no ARP is needed. */
int nl_neigh_add_ipv4(struct mnl_socket *sock, int ifindex, const char *addr,
		      const unsigned char mac[NL_MAC_LEN]);

#endif
