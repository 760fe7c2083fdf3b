// SPDX-License-Identifier: GPL-2.0-only
/* The collector's DPDK source: process rows read from DPDK telemetry sockets, and their ports' drop rows.
 * Adding such a row (collector_add_dpdk) is in collector.c, beside collector_add_process it falls back to. */
#include <stdio.h>
#include <string.h>

#include "collector.h"
#include "dpdk_telemetry.h"

static uint64_t since(uint64_t base, uint64_t now)
{
	return now >= base ? now - base : 0;
}

bool collector_has_dpdk(const struct collector *c)
{
	for (int i = 0; i < c->nprocesses; i++)
		if (c->processes[i].dpdk)
			return true;
	return false;
}

void collector_close_dpdk(struct collector *c)
{
	for (int i = 0; i < c->nprocesses; i++) {
		dpdk_telemetry_close(c->processes[i].dpdk);
		c->processes[i].dpdk = NULL;
	}
}

static const struct dpdk_port_sample *find_port(const struct dpdk_sample *d, int port)
{
	for (int i = 0; i < d->nports; i++)
		if (d->ports[i].port == port)
			return &d->ports[i];
	return NULL;
}

/* One drop row per loss counter of each port, counted since rxtop started as the ledger's other rows. */
static void add_dpdk_drops(const struct collector_process *p, struct snapshot *snap)
{
	for (int i = 0; i < p->dpdk_last.nports; i++) {
		const struct dpdk_port_sample *now = &p->dpdk_last.ports[i];
		const struct dpdk_port_sample *base = find_port(&p->dpdk_base, now->port);
		const char *names[3] = {"imissed", "rx_nombuf", "ierrors"};
		uint64_t counts[3] = {now->imissed, now->rx_nombuf, now->ierrors};
		uint64_t bases[3] = {base ? base->imissed : 0, base ? base->rx_nombuf : 0,
				     base ? base->ierrors : 0};

		for (int k = 0; k < 3 && snap->ndrops < SNAP_MAX_DROPS; k++) {
			struct drop_sample *d = &snap->drops[snap->ndrops++];

			memset(d, 0, sizeof(*d));
			snprintf(d->where, sizeof(d->where), "dpdk");
			snprintf(d->reason, sizeof(d->reason), "%s:pid=%d:port=%d", names[k], (int)p->pid,
				 now->port);
			d->packets = since(bases[k], counts[k]);
		}
	}
}

/* A DPDK process's ports: a fresh reading, or the last one with connected false once it stops answering. */
void collector_read_dpdk(struct collector_process *p, struct process_sample *out, struct snapshot *snap)
{
	struct dpdk_sample now = p->dpdk_last;

	if (dpdk_telemetry_read(p->dpdk, &now) == 0) {
		p->dpdk_last = now;
		p->dpdk_last.connected = true;
	} else {
		p->dpdk_last.connected = false;
	}
	out->dpdk = p->dpdk_last;
	/* Its own count of what it received: the base of its per-packet figures. */
	out->rx_packets = 0;
	for (int i = 0; i < out->dpdk.nports; i++)
		out->rx_packets += out->dpdk.ports[i].rx_packets;
	add_dpdk_drops(p, snap);
}
