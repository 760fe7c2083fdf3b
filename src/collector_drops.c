// SPDX-License-Identifier: GPL-2.0-only
/* The collector's drop rows beyond the probes': stack loss counters, cross-checks, and which rows overlap. */
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>

#include "collector.h"

const struct stack_shm *collector_stack_counters(const struct collector_stack *s)
{
	return s->released ? &s->final : s->child->shm;
}

/* Each loss counter of a stack, summed over its queues, becomes a drop row. */
void collector_stack_drops(const struct collector_stack *s, struct snapshot *snap)
{
	const struct stack_shm *shm = collector_stack_counters(s);
	uint32_t nloss = __atomic_load_n(&shm->nloss, __ATOMIC_ACQUIRE);
	uint32_t nq = __atomic_load_n(&shm->nqueues, __ATOMIC_ACQUIRE);

	for (uint32_t l = 0; l < nloss && l < STACK_MAX_LOSS; l++) {
		struct drop_sample *d = NULL;
		uint64_t sum = 0;

		if (shm->loss_is_event[l])
			continue;
		for (uint32_t q = 0; q < nq && q < STACK_MAX_QUEUES; q++)
			sum += stack_count_read(&shm->queues[q].loss[l]);
		for (int i = 0; i < snap->ndrops; i++)
			if (!strcmp(snap->drops[i].where, shm->loss_where[l]) &&
			    !strcmp(snap->drops[i].reason, shm->loss_names[l]))
				d = &snap->drops[i];
		if (!d) {
			if (snap->ndrops >= SNAP_MAX_DROPS)
				return;
			d = &snap->drops[snap->ndrops++];
			memset(d, 0, sizeof(*d));
			snprintf(d->where, sizeof(d->where), "%s", shm->loss_where[l]);
			snprintf(d->reason, sizeof(d->reason), "%s", shm->loss_names[l]);
		}
		d->packets += sum;
	}
}

static struct drop_sample *add_cross_check(struct snapshot *snap, const char *where, const char *reason,
					   uint64_t packets)
{
	struct drop_sample *d;

	if (snap->ndrops >= SNAP_MAX_DROPS)
		return NULL;
	d = &snap->drops[snap->ndrops++];
	memset(d, 0, sizeof(*d));
	snprintf(d->where, sizeof(d->where), "%s", where);
	snprintf(d->reason, sizeof(d->reason), "%s", reason);
	d->packets = packets;
	d->overlaps = true;
	return d;
}

/*
 * An AF_XDP phase redirects each queue to its socket in the XSKMAP; a queue without one falls back to
 * XDP_PASS and the kernel stack gets the packets (usually to drop them as NO_SOCKET). The row names the
 * queue so a wrong -q shows as such; the stack rows already count what became of the packets.
 */
void collector_xsk_fallback(const struct collector_stack *s, struct snapshot *snap)
{
	char reason[64];

	if (s->child->ops->xdp != STACK_XDP_REDIRECT)
		return;
	for (int i = 0; i < snap->nqueues; i++) {
		const struct queue_sample *q = &snap->queues[i];
		uint64_t now, passed;

		if (q->queue < 0 || q->queue >= 64 || q->ifindex != snap->queues[0].ifindex)
			continue;
		now = s->released ? s->xdp_pass_end[q->queue] : q->xdp_actions[XDP_PASS];
		passed = now >= s->xdp_pass_start[q->queue] ? now - s->xdp_pass_start[q->queue] : 0;
		if (!passed)
			continue;
		snprintf(reason, sizeof(reason), "no_xsk_on_queue:%d passed_to_stack", q->queue);
		add_cross_check(snap, "xsk", reason, passed);
	}
}

/*
 * Cross-check of the socket rows: the namespace's UDP counters (all sockets, all interfaces). Shown, never
 * added: the same packets are stack/SOCKET_RCVBUFF (kfree_skb) or the socket's own counter.
 */
void collector_udp_snmp(const struct collector *c, struct snapshot *snap)
{
	struct udp_snmp now;

	if (!c->have_udp_snmp || udp_snmp_read(&now) < 0)
		return;
	if (now.rcvbuf_errors > c->udp_snmp_base.rcvbuf_errors)
		add_cross_check(snap, "snmp", "Udp:RcvbufErrors",
				now.rcvbuf_errors - c->udp_snmp_base.rcvbuf_errors);
	if (now.in_errors > c->udp_snmp_base.in_errors)
		add_cross_check(snap, "snmp", "Udp:InErrors", now.in_errors - c->udp_snmp_base.in_errors);
}

static bool probe_live(const struct snapshot *snap, const char *name)
{
	for (int i = 0; i < snap->nprobes; i++)
		if (strcmp(snap->probes[i].name, name) == 0)
			return strcmp(snap->probes[i].attach, "missing") != 0;
	return false;
}

static uint64_t drop_packets(const struct snapshot *snap, const char *where, const char *reason)
{
	uint64_t sum = 0;

	for (int i = 0; i < snap->ndrops; i++)
		if (strcmp(snap->drops[i].where, where) == 0 && strcmp(snap->drops[i].reason, reason) == 0)
			sum += snap->drops[i].packets;
	return sum;
}

/*
 * A socket's own drop counter (SO_RXQ_OVFL, SK_MEMINFO_DROPS) sees the same packets as the kernel's
 * kfree_skb SOCKET_RCVBUFF on the interface: only one of them goes into the ledger. Each can only miss
 * packets (the socket's counts one socket and lags until it reads; the probe's loses the few drops whose
 * skb no longer carries the interface index: measured a few hundred in millions on 6.18, while
 * /proc/net/snmp RcvbufErrors agreed with the socket's), so the larger one is the better count.
 */
void collector_mark_overlaps(struct snapshot *snap)
{
	bool kfree_live = probe_live(snap, "skb:kfree_skb"), xsk_rows = false;
	bool socket_counts_more =
	    drop_packets(snap, "socket", "rcvbuf_drops") > drop_packets(snap, "stack", "SOCKET_RCVBUFF");

	for (int i = 0; i < snap->ndrops; i++)
		xsk_rows |= strcmp(snap->drops[i].where, "xsk") == 0;
	for (int i = 0; i < snap->ndrops; i++) {
		struct drop_sample *d = &snap->drops[i];

		if (kfree_live && strcmp(d->where, "socket") == 0 && !socket_counts_more)
			d->overlaps = true;
		if (kfree_live && socket_counts_more && strcmp(d->where, "stack") == 0 &&
		    strcmp(d->reason, "SOCKET_RCVBUFF") == 0)
			d->overlaps = true;
		/* A full AF_XDP ring fails the redirect too: the socket's own statistics say which ring. */
		if (xsk_rows && strcmp(d->where, "xdp") == 0 && strstr(d->reason, "xskmap"))
			d->overlaps = true;
	}
}
