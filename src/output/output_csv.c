// SPDX-License-Identifier: GPL-2.0-only
/* Writes a snapshot as CSV rows, for scripts: one row per queue, stack, DPDK port and queue, drop and ledger.
 */
#include <inttypes.h>

#include "output.h"

/* A DPDK process's ports (drops: imissed + rx_nombuf + ierrors) and their rx queues, named pid=PID:port=N. */
static void dpdk_csv(FILE *out, const struct snapshot *snap, const struct process_sample *p)
{
	for (int i = 0; i < p->dpdk.nports; i++) {
		const struct dpdk_port_sample *d = &p->dpdk.ports[i];

		fprintf(out,
			"%.6f,%.6f,dpdk_port,pid=%d:port=%d,,%" PRIu64 ",%.3f,%" PRIu64 ",,%" PRIu64 ",,%d\n",
			snap->ts, snap->interval, (int)p->pid, d->port, d->rx_packets, d->rx_pps, d->rx_bytes,
			d->imissed + d->rx_nombuf + d->ierrors, OUTPUT_BATCH_FORMAT);
		for (int q = 0; q < d->nqueues; q++)
			fprintf(out, "%.6f,%.6f,dpdk_queue,pid=%d:port=%d,%d,%" PRIu64 ",%.3f,,,,,%d\n",
				snap->ts, snap->interval, (int)p->pid, d->port, q, d->queue_rx_packets[q],
				d->queue_rx_pps[q], OUTPUT_BATCH_FORMAT);
	}
}

void output_csv(FILE *out, const struct snapshot *snap, bool header)
{
	if (header)
		fprintf(out, "ts,interval,kind,name,queue,packets,pps,bytes,bps,drops,drops_ps,format\n");
	for (int i = 0; i < snap->nqueues; i++) {
		const struct queue_sample *q = &snap->queues[i];

		fprintf(out, "%.6f,%.6f,queue,%s,%d,%" PRIu64 ",%.3f,%" PRIu64 ",%.3f,%" PRIu64 ",%.3f,%d\n",
			snap->ts, snap->interval, q->iface, q->queue, q->rx_packets, q->rx_pps, q->rx_bytes,
			q->rx_bps, q->drops, q->drops_ps, OUTPUT_BATCH_FORMAT);
	}
	for (int i = 0; i < snap->nstacks; i++) {
		const struct stack_sample *s = &snap->stacks[i];

		fprintf(out, "%.6f,%.6f,stack,%s,,%" PRIu64 ",%.3f,%" PRIu64 ",,%" PRIu64 ",%.3f,%d\n",
			snap->ts, snap->interval, s->stack, s->rx_packets, s->rx_pps, s->rx_bytes, s->drops,
			s->drops_ps, OUTPUT_BATCH_FORMAT);
	}
	for (int i = 0; i < snap->nprocesses; i++)
		dpdk_csv(out, snap, &snap->processes[i]);
	for (int i = 0; i < snap->ndrops; i++) {
		const struct drop_sample *d = &snap->drops[i];

		fprintf(out, "%.6f,%.6f,drop,%s:%s,,%" PRIu64 ",%.3f,,,,,%d\n", snap->ts, snap->interval,
			d->where, d->reason, d->packets, d->pps, OUTPUT_BATCH_FORMAT);
	}
	if (snap->ledger.known)
		fprintf(out,
			"%.6f,%.6f,ledger,sent=%" PRIu64 " received=%" PRIu64 " dropped=%" PRIu64
			" unexplained=%" PRId64 ",,%" PRIu64 ",,,,,,%d\n",
			snap->ts, snap->interval, snap->ledger.sent, snap->ledger.received,
			snap->ledger.dropped, snap->ledger.unexplained, snap->ledger.sent,
			OUTPUT_BATCH_FORMAT);
	fflush(out);
}
