// SPDX-License-Identifier: GPL-2.0-only
/* The receive-path probes' drop rows: XDP exceptions, redirect errors and skb drop reasons, per key. */
#ifndef RXTOP_TRACE_DROPS_H
#define RXTOP_TRACE_DROPS_H

#include "snapshot.h"

struct rx_trace_bpf;

/* Adds one drop row per key the programs counted (hashes and per-CPU slots alike; rows of a key add up) to
 * snap; 0, or a negative errno when a row had no room. */
int rx_trace_drop_rows(struct rx_trace_bpf *skel, struct snapshot *snap);

#endif
