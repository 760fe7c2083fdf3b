/* Turns two cumulative readings into rates and the packet ledger: pure arithmetic, no I/O. */
#ifndef RXTOP_SAMPLER_H
#define RXTOP_SAMPLER_H

#include <stdint.h>

#include "snapshot.h"

/* Per-second rate of a cumulative counter; 0 when time did not advance or the counter was reset. */
double rate_per_second(uint64_t before, uint64_t now, double seconds);
/* Fills cur's rates from the deltas against prev (NULL on the first reading) and its ledger. */
void sampler_derive(const struct snapshot *prev, struct snapshot *cur);
/* The ledger on its own: sent = received + dropped + in flight + unexplained. */
void ledger_compute(struct snapshot *snap);

#endif
