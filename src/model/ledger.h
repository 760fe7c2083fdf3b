// SPDX-License-Identifier: GPL-2.0-only
/*
 * The packet ledger: the drop rows, found by their identity (where, reason), which of them count (a row that
 * counts packets another row counts is shown, not added), and the balance sent = received + dropped + in
 * flight + unexplained, per reading and over a phase. Pure arithmetic, no I/O.
 */
#ifndef RXTOP_LEDGER_H
#define RXTOP_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "snapshot.h"

/* The row (where, reason) of rows[0..n), NULL when none (rows may be NULL with n 0). */
const struct drop_sample *ledger_find(const struct drop_sample *rows, int n, const char *where,
				      const char *reason);
/* Its packets, 0 when there is no such row. */
uint64_t ledger_packets(const struct drop_sample *rows, int n, const char *where, const char *reason);
/* snap's row (where, reason), appended with 0 packets when new; NULL when the table is full. */
struct drop_sample *ledger_row(struct snapshot *snap, const char *where, const char *reason);
/* Appends a cross-check row: the same packets as another row, from another source; shown, never added. */
struct drop_sample *ledger_add_cross_check(struct snapshot *snap, const char *where, const char *reason,
					   uint64_t packets);
/*
 * Decides which of two counts of the same packets goes into the ledger (the other overlaps): the socket's
 * own counter or kfree_skb's SOCKET_RCVBUFF, the larger; an AF_XDP socket's ring statistics rather than
 * XDP's failed redirects. kfree_live: the skb:kfree_skb probe is attached.
 */
void ledger_mark_overlaps(struct snapshot *snap, bool kfree_live);
/* The balance of one reading: sent = received + dropped + in flight + unexplained. */
void ledger_compute(struct snapshot *snap);

/* A TCP segment the receiver already had: the sender retransmitted it, nothing was lost. */
bool ledger_is_duplicate_segment(const struct drop_sample *row);

/* What a receiver lost between two readings of the drop rows, by the ledger's rows. */
struct ledger_loss {
	uint64_t dropped;
	uint64_t dup_segments; /* TCP: duplicates the kernel dropped (TCP_OLD_*): retransmissions, not loss */
	uint64_t main_packets; /* what the row that lost the most lost; 0: nothing was lost */
	struct drop_sample main_row; /* that row (as in after), when main_packets > 0 */
};

/*
 * Every ledger row counts, whoever owns it (a kernel drop such as a full socket buffer is the receiver's
 * loss); not the cross-checks, not the generator's own. tcp: duplicate segments apart. tap: the receiver
 * gets copies (DPDK's af_packet PMD), so the kernel stack's drops of the originals are no loss.
 */
void ledger_loss_between(const struct drop_sample *before, int nbefore, const struct drop_sample *after,
			 int nafter, bool tcp, bool tap, struct ledger_loss *out);

#endif
