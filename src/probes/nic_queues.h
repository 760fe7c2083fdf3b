// SPDX-License-Identifier: GPL-2.0-only
/* One interface's NIC queue counters for the collector: queue rows (hands-off) and hardware drop rows. */
#ifndef RXTOP_NIC_QUEUES_H
#define RXTOP_NIC_QUEUES_H

#include <stdbool.h>

#include "nic_qstats.h"
#include "snapshot.h"

struct nic_queues;

/*
 * Picks the source of ifname's per-queue NIC counters: qstats-get, else ethtool -S for a driver named in
 * src/probes/nic_ethtool.c, else none (nic_queues_note says why); its first reading is the base, as for every
 * counter. NULL only without memory.
 */
struct nic_queues *nic_queues_open(const char *ifname, int ifindex);
void nic_queues_close(struct nic_queues *n);
/* "qstats", "ethtool", or "" when no per-queue source is available. */
const char *nic_queues_source(const struct nic_queues *n);
/* Why no source is available (e.g. "veth reports no queue statistics"), or "". */
const char *nic_queues_note(const struct nic_queues *n);

/*
 * One reading into snap, counted since open: with queue_rows, a queue row per rx queue (rxtop attached no
 * counter there: --counter none); always the hardware drop and allocation failure rows, summed over queues.
 */
void nic_queues_read(struct nic_queues *n, struct snapshot *snap, bool queue_rows);

/*
 * The drop rows of one reading's queues against the base (both as nic_qstats_read gives them), appended
 * to snap: the part of nic_queues_read that decides what joins the ledger. For tests.
 */
void nic_queues_drop_rows(const char *ifname, const struct nic_queue_stats *base, int nbase,
			  const struct nic_queue_stats *now, int nnow, struct snapshot *snap);

#endif
