// SPDX-License-Identifier: GPL-2.0-only
/* Turns two cumulative readings into rates, per-packet costs (src/model/cost.c) and the ledger
 * (src/model/ledger.c). */
#ifndef RXTOP_SAMPLER_H
#define RXTOP_SAMPLER_H

#include <stdint.h>

#include "cost.h"
#include "ledger.h"
#include "snapshot.h"

/* Fills cur's rates from the deltas against prev (NULL on the first reading) and its ledger. */
void sampler_derive(const struct snapshot *prev, struct snapshot *cur);
/*
 * A stack's row by its identity, (pid, name): a pid alone may be a later phase's child that got the number
 * back. NULL when snap is NULL or has no such row.
 */
const struct stack_sample *snapshot_find_stack(const struct snapshot *snap, pid_t pid, const char *name);

#endif
