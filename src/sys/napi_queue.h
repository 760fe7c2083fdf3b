// SPDX-License-Identifier: GPL-2.0-only
/* Which rx queue each NAPI instance serves, as the netdev generic netlink family (queue-get) reports it. */
#ifndef RXTOP_NAPI_QUEUE_H
#define RXTOP_NAPI_QUEUE_H

struct napi_queue {
	int ifindex;
	unsigned int napi_id;
	int queue;
};

/*
 * Fills out with up to max rx queues of the given interfaces that the driver links to a NAPI instance.
 * Returns how many, or a negative errno (-ENOENT: no netdev family). Drivers that do not link them
 * (veth, 6.18) give 0.
 */
int napi_queue_list(const int *ifindexes, int nifindexes, struct napi_queue *out, int max);

/* One NAPI instance as napi-get reports it. */
struct napi_info {
	unsigned int napi_id;
	int irq;	/* -1: the driver named none (veth) */
	int thread_pid; /* its kthread when NAPI is threaded, else 0 */
};

/* Up to max NAPI instances of ifindex (napi-get dump, 6.8+): how many, or a negative errno. */
int napi_info_list(int ifindex, struct napi_info *out, int max);

#endif
