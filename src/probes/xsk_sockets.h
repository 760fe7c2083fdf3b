// SPDX-License-Identifier: GPL-2.0-only
/* Loader of bpf/xsk_iter.bpf.c: the AF_XDP sockets of every process, read from the kernel, as often as asked.
 */
#ifndef RXTOP_XSK_SOCKETS_H
#define RXTOP_XSK_SOCKETS_H

#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xsk_iter.h"

struct xsk_sockets;

/*
 * A socket's counters: rx_packets is its rx ring's producer index (frames put on the ring, modulo 2^32), the
 * others are what getsockopt(XDP_STATISTICS) gives.
 */
struct xsk_counts {
	uint64_t rx_packets;
	uint64_t rx_dropped, rx_invalid, rx_ring_full, fill_ring_empty, tx_invalid, tx_ring_empty;
};

struct xsk_counts xsk_counts_of(const struct xsk_info *s);
/* b - a; rx_packets modulo 2^32, so right across one wrap of the producer index. */
struct xsk_counts xsk_counts_delta(const struct xsk_counts *a, const struct xsk_counts *b);
void xsk_counts_add(struct xsk_counts *sum, const struct xsk_counts *d);

/* Loads and attaches the iterator; NULL with why when the kernel refuses it. */
struct xsk_sockets *xsk_sockets_open(char *why, size_t len);
/* One pass: fills out with up to max sockets; how many, or -errno with why. */
int xsk_sockets_read(struct xsk_sockets *x, struct xsk_info *out, int max, char *why, size_t len);
/*
 * Is s bound to a device of the caller's network namespace (as it was at open)? An ifindex names a device
 * only in its own namespace: a socket bound in another one may carry the ifindex of an unrelated device here.
 */
bool xsk_sockets_here(const struct xsk_sockets *x, const struct xsk_info *s);
/* NULL is fine. */
void xsk_sockets_close(struct xsk_sockets *x);

#endif
