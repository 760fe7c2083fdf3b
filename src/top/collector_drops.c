// SPDX-License-Identifier: GPL-2.0-only
/* The collector's drop rows beyond the probes': stack loss counters and cross-checks (src/model/ledger.c
 * keeps them). */
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>

#include "collector.h"
#include "ledger.h"
#include "log.h"
#include "trace.h"
#include "xdp.h"

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
		struct drop_sample *d;
		uint64_t sum = 0;

		if (shm->loss_is_event[l])
			continue;
		for (uint32_t q = 0; q < nq && q < STACK_MAX_QUEUES; q++)
			sum += stack_count_read(&shm->queues[q].loss[l]);
		d = ledger_row(snap, shm->loss_where[l], shm->loss_names[l]);
		if (!d)
			return;
		d->packets += sum;
	}
}

/*
 * An AF_XDP phase redirects each queue to its socket in the XSKMAP; a queue without one falls back to
 * XDP_PASS and the kernel stack gets the packets (usually to drop them as NO_SOCKET). The row names the
 * queue so a wrong -q shows as such; the stack rows already count what became of the packets.
 */
void collector_xsk_fallback(const struct collector_stack *s, struct snapshot *snap)
{
	char reason[64];

	if (s->child->xdp != STACK_XDP_REDIRECT)
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
		ledger_add_cross_check(snap, "xsk", reason, passed);
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
		ledger_add_cross_check(snap, "snmp", "Udp:RcvbufErrors",
				       now.rcvbuf_errors - c->udp_snmp_base.rcvbuf_errors);
	if (now.in_errors > c->udp_snmp_base.in_errors)
		ledger_add_cross_check(snap, "snmp", "Udp:InErrors",
				       now.in_errors - c->udp_snmp_base.in_errors);
}

static bool probe_live(const struct snapshot *snap, const char *name)
{
	for (int i = 0; i < snap->nprobes; i++)
		if (strcmp(snap->probes[i].name, name) == 0)
			return strcmp(snap->probes[i].attach, "missing") != 0;
	return false;
}

/* Which of two counts of the same packets the ledger adds: src/model/ledger.c decides. */
void collector_mark_overlaps(struct snapshot *snap)
{
	ledger_mark_overlaps(snap, probe_live(snap, "skb:kfree_skb"));
}

/*
 * The redirect-error probes fire once per frame a full AF_XDP ring refuses: ~280000 times a second on the
 * receiver-bound bed, about 1 % of the receiver's core in dispatch alone. While rxtop's own XDP program is on
 * every observed interface, nothing else redirects there (one XDP program a device, held by rxtop's link),
 * and it redirects only to its own XSKMAP, i.e. to rxtop's receivers' sockets, which the socket reader sees:
 * their XDP_STATISTICS count every frame they refuse (rx_ring_full, rx_dropped), and the ledger takes the
 * refusals from there already (its xskmap rows are cross-checks). So the probes stand down then, unless
 * --event-probes always.
 */
void collector_cover_redirects(struct collector *c)
{
	bool covered = c->trace && c->xsk && !c->samples.always && c->nifaces > 0;
	int err;

	for (int i = 0; covered && i < c->nifaces; i++)
		covered = c->ifaces[i].xdp && !xdp_counter_is_tc(c->ifaces[i].xdp);
	if (c->trace && (err = rx_trace_cover_redirects(c->trace, covered ? "XDP_STATISTICS" : NULL)) < 0)
		log_debug("trace: the redirect-error probes did not attach again: %s", strerror(-err));
}
