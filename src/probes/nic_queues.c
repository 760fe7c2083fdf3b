// SPDX-License-Identifier: GPL-2.0-only
/* One interface's NIC queue counters for the collector: queue rows (hands-off) and hardware drop rows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "netdev_driver.h"
#include "nic_queues.h"

enum nic_source { SOURCE_NONE, SOURCE_QSTATS, SOURCE_ETHTOOL };

struct nic_queues {
	char ifname[IF_NAMESIZE];
	int ifindex;
	char driver[32];
	enum nic_source source;
	char note[160];
	int nbase;
	struct nic_queue_stats base[NIC_MAX_QUEUES];
};

static int read_source(struct nic_queues *n, struct nic_queue_stats *out)
{
	if (n->source == SOURCE_QSTATS)
		return nic_qstats_read(n->ifindex, out, NIC_MAX_QUEUES);
	if (n->source == SOURCE_ETHTOOL)
		return nic_ethtool_read(n->ifname, n->driver, out, NIC_MAX_QUEUES);
	return -EOPNOTSUPP;
}

struct nic_queues *nic_queues_open(const char *ifname, int ifindex)
{
	struct nic_queues *n = calloc(1, sizeof(*n));
	int got;

	if (!n)
		return NULL;
	snprintf(n->ifname, sizeof(n->ifname), "%s", ifname);
	n->ifindex = ifindex;
	if (netdev_driver(ifname, n->driver, sizeof(n->driver)) < 0)
		snprintf(n->driver, sizeof(n->driver), "unknown");
	got = nic_qstats_read(ifindex, n->base, NIC_MAX_QUEUES);
	if (got > 0) {
		n->source = SOURCE_QSTATS;
		n->nbase = got;
		return n;
	}
	if (got == 0)
		snprintf(n->note, sizeof(n->note), "%s reports no queue statistics (qstats-get)", n->driver);
	else if (got == -ENOENT)
		snprintf(n->note, sizeof(n->note), "this kernel has no netdev netlink family (before 6.3)");
	else if (got == -EOPNOTSUPP)
		snprintf(n->note, sizeof(n->note), "this kernel has no qstats-get (before 6.10)");
	else
		snprintf(n->note, sizeof(n->note), "qstats-get failed: %s", strerror(-got));
	got = nic_ethtool_knows(n->driver) ? nic_ethtool_read(ifname, n->driver, n->base, NIC_MAX_QUEUES)
					   : -EOPNOTSUPP;
	if (got > 0) {
		n->source = SOURCE_ETHTOOL;
		n->nbase = got;
		n->note[0] = '\0';
		return n;
	}
	if (got == -EOPNOTSUPP)
		snprintf(n->note + strlen(n->note), sizeof(n->note) - strlen(n->note),
			 ", and rxtop knows no per-queue ethtool names of %s", n->driver);
	else
		snprintf(n->note + strlen(n->note), sizeof(n->note) - strlen(n->note),
			 ", and ethtool -S lists no rx queue of it");
	log_debug("nic queues of %s: not available: %s", ifname, n->note);
	return n;
}

void nic_queues_close(struct nic_queues *n)
{
	free(n);
}

const char *nic_queues_source(const struct nic_queues *n)
{
	return n->source == SOURCE_QSTATS ? "qstats" : n->source == SOURCE_ETHTOOL ? "ethtool" : "";
}

const char *nic_queues_note(const struct nic_queues *n)
{
	return n->note;
}

static const struct nic_queue_stats *find_queue(const struct nic_queue_stats *q, int nq, int queue)
{
	for (int i = 0; i < nq; i++)
		if (q[i].queue == queue)
			return &q[i];
	return NULL;
}

/* A counter since the base; a queue first seen after it (queues added) counts from zero. */
static uint64_t since_base(const struct nic_queue_stats *base, const struct nic_queue_stats *now,
			   enum nic_stat stat)
{
	uint64_t before = base && (base->have & (1u << stat)) ? base->value[stat] : 0;

	return now->value[stat] >= before ? now->value[stat] - before : 0;
}

static void add_row(struct snapshot *snap, const char *ifname, enum nic_stat stat, uint64_t packets,
		    bool overlaps)
{
	struct drop_sample *d;

	if (!packets || snap->ndrops >= SNAP_MAX_DROPS)
		return;
	d = &snap->drops[snap->ndrops++];
	memset(d, 0, sizeof(*d));
	snprintf(d->where, sizeof(d->where), "nic");
	snprintf(d->reason, sizeof(d->reason), "%s:iface=%s", nic_stat_name(stat), ifname);
	d->packets = packets;
	d->overlaps = overlaps;
	d->before_queues = true;
}

void nic_queues_drop_rows(const char *ifname, const struct nic_queue_stats *base, int nbase,
			  const struct nic_queue_stats *now, int nnow, struct snapshot *snap)
{
	uint64_t sum[NIC_STATS] = {0};
	uint32_t have = 0;

	for (int i = 0; i < nnow; i++) {
		const struct nic_queue_stats *b = find_queue(base, nbase, now[i].queue);

		have |= now[i].have;
		for (int s = 0; s < NIC_STATS; s++)
			if (now[i].have & (1u << s))
				sum[s] += since_base(b, &now[i], (enum nic_stat)s);
	}
	/*
	 * Overruns and rate limits are parts of rx-hw-drops (netdev.yaml): shown, added only when the driver
	 * reports no total. An allocation failure may or may not lose the frame (the kernel's words); one
	 * that does leaves the NIC without a buffer, which it counts as a hardware drop where it reports
	 * those.
	 */
	bool total = have & (1u << NIC_RX_HW_DROPS);

	add_row(snap, ifname, NIC_RX_HW_DROPS, sum[NIC_RX_HW_DROPS], false);
	add_row(snap, ifname, NIC_RX_HW_DROP_OVERRUNS, sum[NIC_RX_HW_DROP_OVERRUNS], total);
	add_row(snap, ifname, NIC_RX_HW_DROP_RATELIMITS, sum[NIC_RX_HW_DROP_RATELIMITS], total);
	add_row(snap, ifname, NIC_RX_ALLOC_FAIL, sum[NIC_RX_ALLOC_FAIL], total);
}

/* Hands-off queue rows: the NIC's own counts stand where rxtop's program would count. */
static void add_queue_rows(struct nic_queues *n, const struct nic_queue_stats *now, int nnow,
			   struct snapshot *snap)
{
	for (int i = 0; i < nnow && snap->nqueues < SNAP_MAX_QUEUES; i++) {
		const struct nic_queue_stats *b = find_queue(n->base, n->nbase, now[i].queue);
		struct queue_sample *q = &snap->queues[snap->nqueues++];

		memset(q, 0, sizeof(*q));
		snprintf(q->iface, sizeof(q->iface), "%s", n->ifname);
		q->ifindex = n->ifindex;
		q->queue = now[i].queue;
		q->rx_packets = since_base(b, &now[i], NIC_RX_PACKETS);
		q->rx_bytes = since_base(b, &now[i], NIC_RX_BYTES);
		q->drops = since_base(b, &now[i], NIC_RX_HW_DROPS);
	}
}

void nic_queues_read(struct nic_queues *n, struct snapshot *snap, bool queue_rows)
{
	struct nic_queue_stats now[NIC_MAX_QUEUES];
	int got;

	if (!n || n->source == SOURCE_NONE)
		return;
	got = read_source(n, now);
	if (got < 0) {
		log_debug("nic queues of %s: %s reading failed: %s", n->ifname, nic_queues_source(n),
			  strerror(-got));
		return;
	}
	if (queue_rows)
		add_queue_rows(n, now, got, snap);
	nic_queues_drop_rows(n->ifname, n->base, n->nbase, now, got, snap);
}
