// SPDX-License-Identifier: GPL-2.0-only
/* The packet ledger: drop rows by (where, reason), which of them count, and the balance. */
#include <stdio.h>
#include <string.h>

#include "ledger.h"

const struct drop_sample *ledger_find(const struct drop_sample *rows, int n, const char *where,
				      const char *reason)
{
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].where, where) == 0 && strcmp(rows[i].reason, reason) == 0)
			return &rows[i];
	return NULL;
}

uint64_t ledger_packets(const struct drop_sample *rows, int n, const char *where, const char *reason)
{
	const struct drop_sample *row = ledger_find(rows, n, where, reason);

	return row ? row->packets : 0;
}

static struct drop_sample *append_row(struct snapshot *snap, const char *where, const char *reason)
{
	struct drop_sample *row;

	if (snap->ndrops >= SNAP_MAX_DROPS)
		return NULL;
	row = &snap->drops[snap->ndrops++];
	memset(row, 0, sizeof(*row));
	snprintf(row->where, sizeof(row->where), "%s", where);
	snprintf(row->reason, sizeof(row->reason), "%s", reason);
	return row;
}

struct drop_sample *ledger_row(struct snapshot *snap, const char *where, const char *reason)
{
	struct drop_sample *row = (struct drop_sample *)ledger_find(snap->drops, snap->ndrops, where, reason);

	return row ? row : append_row(snap, where, reason);
}

struct drop_sample *ledger_add_cross_check(struct snapshot *snap, const char *where, const char *reason,
					   uint64_t packets)
{
	struct drop_sample *row = append_row(snap, where, reason);

	if (row) {
		row->packets = packets;
		row->overlaps = true;
	}
	return row;
}

/*
 * A redirect into an AF_XDP socket that refuses the frame fails, and the socket counts it too
 * (XDP_STATISTICS): a full rx ring (ENOBUFS) in rx_ring_full, no buffer on the fill ring (ENOMEM) or a frame
 * too large for one (ENOSPC) in rx_dropped. A socket bound to another device or queue (EINVAL) or not bound
 * (ENXIO) counts nothing: those rows stay in the ledger.
 */
static bool socket_counts_refusal(const char *reason)
{
	static const char *const counted[] = {"redirect_err:ENOBUFS map=xskmap",
					      "redirect_err:ENOMEM map=xskmap",
					      "redirect_err:ENOSPC map=xskmap"};

	for (size_t i = 0; i < sizeof(counted) / sizeof(counted[0]); i++)
		if (strcmp(reason, counted[i]) == 0)
			return true;
	return false;
}

/*
 * A socket's own drop counter (SO_RXQ_OVFL, SK_MEMINFO_DROPS) sees the same packets as the kernel's
 * kfree_skb SOCKET_RCVBUFF on the interface: only one of them goes into the ledger. Each can only miss
 * packets (the socket's counts one socket and lags until it reads; the probe's loses the few drops whose
 * skb no longer carries the interface index: measured a few hundred in millions on 6.18, while
 * /proc/net/snmp RcvbufErrors agreed with the socket's), so the larger one is the better count.
 */
void ledger_mark_overlaps(struct snapshot *snap, bool kfree_live)
{
	bool xsk_rows = false;
	bool socket_counts_more = ledger_packets(snap->drops, snap->ndrops, "socket", "rcvbuf_drops") >
				  ledger_packets(snap->drops, snap->ndrops, "stack", "SOCKET_RCVBUFF");

	for (int i = 0; i < snap->ndrops; i++)
		xsk_rows |= strcmp(snap->drops[i].where, "xsk") == 0;
	for (int i = 0; i < snap->ndrops; i++) {
		struct drop_sample *d = &snap->drops[i];

		if (kfree_live && strcmp(d->where, "socket") == 0 && !socket_counts_more)
			d->overlaps = true;
		if (kfree_live && socket_counts_more && strcmp(d->where, "stack") == 0 &&
		    strcmp(d->reason, "SOCKET_RCVBUFF") == 0)
			d->overlaps = true;
		if (xsk_rows && strcmp(d->where, "xdp") == 0 && socket_counts_refusal(d->reason))
			d->overlaps = true;
	}
}

/* Interfaces watched hands-off (--counter none) without per-queue counters: their sysfs totals instead. */
static uint64_t hands_off_totals(const struct snapshot *snap)
{
	uint64_t sum = 0;

	for (int i = 0; i < snap->nifaces; i++) {
		const struct iface_sample *f = &snap->ifaces[i];
		bool rows = false;

		for (int q = 0; q < snap->nqueues && !rows; q++)
			rows = snap->queues[q].ifindex == f->ifindex;
		if (!rows && strcmp(f->counter, "none") == 0)
			sum += f->rx_packets;
	}
	return sum;
}

void ledger_compute(struct snapshot *snap)
{
	struct ledger *l = &snap->ledger;
	uint64_t received = 0, dropped = 0, dropped_before_queues = 0;

	for (int i = 0; i < snap->ndrops; i++)
		if (!snap->drops[i].overlaps) {
			dropped += snap->drops[i].packets;
			if (snap->drops[i].before_queues)
				dropped_before_queues += snap->drops[i].packets;
		}
	if (snap->nstacks > 0) {
		for (int i = 0; i < snap->nstacks; i++)
			received += snap->stacks[i].rx_packets;
	} else {
		/*
		 * No receiver of rxtop's own: what reached rxtop's XDP program and was not dropped
		 * at or after it (by any attributed stage) counts as received by the host.
		 */
		for (int i = 0; i < snap->nqueues; i++)
			received += snap->queues[i].rx_packets;
		received += hands_off_totals(snap);
		/* The NIC's drops never reached the queue counters: nothing to take off for them. */
		dropped -= dropped_before_queues;
		received = received >= dropped ? received - dropped : 0;
		dropped += dropped_before_queues;
	}
	l->sent = snap->generator_sent;
	l->received = received;
	l->dropped = dropped;
	l->unexplained = (int64_t)l->sent - (int64_t)received - (int64_t)dropped - (int64_t)l->in_flight;
}

bool ledger_is_duplicate_segment(const struct drop_sample *row)
{
	return !strcmp(row->reason, "TCP_OLD_SEQUENCE") || !strcmp(row->reason, "TCP_OLD_DATA");
}

void ledger_loss_between(const struct drop_sample *before, int nbefore, const struct drop_sample *after,
			 int nafter, bool tcp, bool tap, struct ledger_loss *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < nafter; i++) {
		const struct drop_sample *row = &after[i];
		uint64_t was = ledger_packets(before, nbefore, row->where, row->reason),
			 n = row->packets > was ? row->packets - was : 0;

		if (row->overlaps || !strcmp(row->where, "gen") || (tap && !strcmp(row->where, "stack")))
			continue;
		if (tcp && ledger_is_duplicate_segment(row)) {
			out->dup_segments += n;
			continue;
		}
		out->dropped += n;
		if (n > out->main_packets) {
			out->main_packets = n;
			out->main_row = *row;
		}
	}
}
