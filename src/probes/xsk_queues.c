// SPDX-License-Identifier: GPL-2.0-only
/* AF_XDP sockets per rx queue: each reading's sockets against the last, cumulative per queue. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "xsk_queues.h"
#include "xsk_sockets.h"

#define MAX_SEEN 1024	  /* sockets of the whole host per reading */
#define MAX_TRACKED 256	  /* sockets on queues rxtop shows */
#define MAX_RETIRED_QS 64 /* queues whose sockets have gone */
/*
 * Seconds between passes while no socket sits on a shown queue. A pass walks every open file of every process
 * (over a third of rxtop's own CPU at -d 0.1); without AF_XDP sockets it finds nothing, so a new socket shows
 * up to this late (counted from its start, as any socket seen after the first reading).
 */
#define IDLE_RESCAN_S 1.0

/* A socket on a shown queue: what it counted since rxtop first saw it. */
struct tracked {
	__u64 ino;
	int ifindex;
	__u32 queue;
	struct xsk_counts last; /* its counters at the last reading */
	struct xsk_counts sum;	/* their growth since the first, reading by reading */
	bool seen;
};

/* What the sockets that left a queue had counted. */
struct retired {
	int ifindex;
	__u32 queue;
	struct xsk_counts sum;
};

struct xsk_queues {
	struct xsk_sockets *it;
	bool first_done;
	double last_pass; /* monotonic seconds of the last iterator pass */
	int ntracked, nretired;
	struct tracked tracked[MAX_TRACKED];
	struct retired retired[MAX_RETIRED_QS];
	struct xsk_info seen[MAX_SEEN];
};

struct xsk_queues *xsk_queues_open(char *why, size_t len)
{
	struct xsk_queues *x = calloc(1, sizeof(*x));

	if (!x) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	x->it = xsk_sockets_open(why, len);
	if (!x->it) {
		free(x);
		return NULL;
	}
	return x;
}

static struct queue_sample *row_of(struct snapshot *snap, int ifindex, __u32 queue)
{
	for (int i = 0; i < snap->nqueues; i++)
		if (snap->queues[i].ifindex == ifindex && snap->queues[i].queue == (int)queue)
			return &snap->queues[i];
	return NULL;
}

static struct tracked *find_tracked(struct xsk_queues *x, const struct xsk_info *s)
{
	for (int i = 0; i < x->ntracked; i++)
		if (x->tracked[i].ino == s->ino && x->tracked[i].ifindex == s->ifindex &&
		    x->tracked[i].queue == s->queue)
			return &x->tracked[i];
	return NULL;
}

/* A socket seen for the first time: counted from here at the first reading, from its start afterwards. */
static void track(struct xsk_queues *x, const struct xsk_info *s)
{
	struct tracked *t;

	if (x->ntracked >= MAX_TRACKED)
		return;
	t = &x->tracked[x->ntracked++];
	*t = (struct tracked){.ino = s->ino, .ifindex = s->ifindex, .queue = s->queue, .seen = true};
	if (!x->first_done)
		t->last = xsk_counts_of(s);
}

static void update(struct tracked *t, const struct xsk_info *s)
{
	struct xsk_counts now = xsk_counts_of(s), growth = xsk_counts_delta(&t->last, &now);

	xsk_counts_add(&t->sum, &growth);
	t->last = now;
	t->seen = true;
}

/* Sockets gone since the last reading leave their counts to their queue. */
static void retire_unseen(struct xsk_queues *x)
{
	for (int i = 0; i < x->ntracked;) {
		struct tracked *t = &x->tracked[i];
		struct retired *r = NULL;

		if (t->seen) {
			i++;
			continue;
		}
		for (int j = 0; j < x->nretired && !r; j++)
			if (x->retired[j].ifindex == t->ifindex && x->retired[j].queue == t->queue)
				r = &x->retired[j];
		if (!r && x->nretired < MAX_RETIRED_QS) {
			r = &x->retired[x->nretired++];
			*r = (struct retired){.ifindex = t->ifindex, .queue = t->queue};
		}
		if (r)
			xsk_counts_add(&r->sum, &t->sum);
		*t = x->tracked[--x->ntracked];
	}
}

static void fill_row(struct queue_sample *q, const struct xsk_counts *c)
{
	q->xsk_known = true;
	q->xsk_rx_packets += c->rx_packets;
	q->xsk_rx_ring_full += c->rx_ring_full;
	q->xsk_fill_ring_empty += c->fill_ring_empty;
	q->xsk_rx_dropped += c->rx_dropped;
	q->xsk_rx_invalid += c->rx_invalid;
}

int xsk_queues_read(struct xsk_queues *x, struct snapshot *snap)
{
	double now = monotonic_seconds();
	char why[200];
	int n = 0;

	if (!x->first_done || x->ntracked > 0 || now - x->last_pass >= IDLE_RESCAN_S) {
		n = xsk_sockets_read(x->it, x->seen, MAX_SEEN, why, sizeof(why));
		x->last_pass = now;
	}
	if (n < 0) {
		log_debug("xsk_queues: %s", why);
		return n;
	}
	for (int i = 0; i < x->ntracked; i++)
		x->tracked[i].seen = false;
	for (int i = 0; i < n; i++) {
		const struct xsk_info *s = &x->seen[i];
		struct tracked *t;

		/* Only sockets on the queues shown; one entry per socket however many fds hold it. */
		if (!xsk_sockets_here(x->it, s) || !row_of(snap, s->ifindex, s->queue))
			continue;
		t = find_tracked(x, s);
		if (t && t->seen)
			continue;
		if (!t) {
			track(x, s);
			t = find_tracked(x, s);
			if (!t)
				continue;
		}
		update(t, s);
	}
	retire_unseen(x);
	x->first_done = true;
	for (int i = 0; i < x->ntracked; i++) {
		struct tracked *t = &x->tracked[i];
		struct queue_sample *q = row_of(snap, t->ifindex, t->queue);

		if (!q)
			continue;
		fill_row(q, &t->sum);
		q->xsk_sockets++;
	}
	for (int i = 0; i < x->nretired; i++) {
		struct queue_sample *q = row_of(snap, x->retired[i].ifindex, x->retired[i].queue);

		if (q)
			fill_row(q, &x->retired[i].sum);
	}
	return 0;
}

void xsk_queues_close(struct xsk_queues *x)
{
	if (!x)
		return;
	xsk_sockets_close(x->it);
	free(x);
}
