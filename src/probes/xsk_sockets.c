// SPDX-License-Identifier: GPL-2.0-only
/* Keeps the task_file iterator loaded; each read runs it once and collects its records. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"
#include "xsk_iter.skel.h"
#include "xsk_sockets.h"

struct xsk_sockets {
	struct xsk_iter_bpf *skel;
	struct bpf_link *link;
	__u32 netns; /* the caller's network namespace: sockets bound elsewhere are left out */
};

struct xsk_sockets *xsk_sockets_open(char *why, size_t len)
{
	struct xsk_sockets *x = calloc(1, sizeof(*x));
	int err;

	if (!x || !(x->skel = xsk_iter_bpf__open())) {
		snprintf(why, len, "cannot open the AF_XDP socket iterator: %s", strerror(errno));
		goto fail;
	}
	err = xsk_iter_bpf__load(x->skel);
	if (err) {
		snprintf(why, len,
			 "cannot load the AF_XDP socket iterator (BPF task_file iterator, Linux 5.11+): %s",
			 strerror(-err));
		goto fail;
	}
	x->netns = netns_current_inode();
	x->link = bpf_program__attach_iter(x->skel->progs.xsk_files, NULL);
	if (!x->link) {
		snprintf(why, len, "cannot attach the AF_XDP socket iterator: %s", strerror(errno));
		goto fail;
	}
	return x;
fail:
	xsk_sockets_close(x);
	return NULL;
}

int xsk_sockets_read(struct xsk_sockets *x, struct xsk_info *out, int max, char *why, size_t len)
{
	char buf[16 * sizeof(struct xsk_info)];
	int iter = bpf_iter_create(bpf_link__fd(x->link)), n = 0, err = 0;
	size_t have = 0;
	ssize_t got;

	if (iter < 0) {
		snprintf(why, len, "cannot start the AF_XDP socket iterator: %s", strerror(errno));
		return -errno;
	}
	/* A read may end inside a record: keep the tail for the next one. */
	while ((got = read(iter, buf + have, sizeof(buf) - have)) > 0) {
		size_t used = 0;

		have += (size_t)got;
		for (; have - used >= sizeof(struct xsk_info); used += sizeof(struct xsk_info))
			if (n < max)
				memcpy(&out[n++], buf + used, sizeof(struct xsk_info));
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	if (got < 0) {
		err = -errno;
		snprintf(why, len, "reading the AF_XDP socket iterator: %s", strerror(-err));
	}
	close(iter);
	return err ? err : n;
}

bool xsk_sockets_here(const struct xsk_sockets *x, const struct xsk_info *s)
{
	return s->ifindex > 0 && (!x->netns || s->netns == x->netns);
}

struct xsk_counts xsk_counts_of(const struct xsk_info *s)
{
	return (struct xsk_counts){s->rx_produced,     s->rx_dropped, s->rx_invalid,   s->rx_ring_full,
				   s->fill_ring_empty, s->tx_invalid, s->tx_ring_empty};
}

struct xsk_counts xsk_counts_delta(const struct xsk_counts *a, const struct xsk_counts *b)
{
	return (struct xsk_counts){(uint32_t)(b->rx_packets - a->rx_packets),
				   b->rx_dropped - a->rx_dropped,
				   b->rx_invalid - a->rx_invalid,
				   b->rx_ring_full - a->rx_ring_full,
				   b->fill_ring_empty - a->fill_ring_empty,
				   b->tx_invalid - a->tx_invalid,
				   b->tx_ring_empty - a->tx_ring_empty};
}

void xsk_counts_add(struct xsk_counts *sum, const struct xsk_counts *d)
{
	sum->rx_packets += d->rx_packets;
	sum->rx_dropped += d->rx_dropped;
	sum->rx_invalid += d->rx_invalid;
	sum->rx_ring_full += d->rx_ring_full;
	sum->fill_ring_empty += d->fill_ring_empty;
	sum->tx_invalid += d->tx_invalid;
	sum->tx_ring_empty += d->tx_ring_empty;
}

void xsk_sockets_close(struct xsk_sockets *x)
{
	if (!x)
		return;
	bpf_link__destroy(x->link);
	xsk_iter_bpf__destroy(x->skel);
	free(x);
}
