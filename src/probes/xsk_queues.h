// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per rx queue, the AF_XDP sockets bound to it, whoever holds them (bpf/xsk_iter.bpf.c): frames put on their
 * rx rings and their drop counters, cumulative since the first reading and kept across sockets that come and
 * go. This is what rxtop cannot see at tc when an AF_XDP application runs its own XDP program.
 */
#ifndef RXTOP_XSK_QUEUES_H
#define RXTOP_XSK_QUEUES_H

#include <stddef.h>

#include "snapshot.h"

struct xsk_queues;

/* Loads the iterator; NULL with why when the kernel refuses it. */
struct xsk_queues *xsk_queues_open(char *why, size_t len);
/* Fills the xsk_* fields of the queue rows already in snap; 0 or -errno. */
int xsk_queues_read(struct xsk_queues *x, struct snapshot *snap);
/* NULL is fine. */
void xsk_queues_close(struct xsk_queues *x);

#endif
