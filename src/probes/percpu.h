// SPDX-License-Identifier: GPL-2.0-only
/* Sums the per-CPU copies of a BPF map value made only of u64 counters. */
#ifndef RXTOP_PERCPU_H
#define RXTOP_PERCPU_H

#include <stddef.h>

/* Number of per-CPU copies in a lookup of a per-CPU map (possible CPUs), or a negative errno. */
int percpu_ncpus(void);

/*
 * Looks key up in a per-CPU map whose value is value_size bytes of u64 counters and writes their sum over all
 * CPUs to out. Returns 0, or a negative errno (-ENOENT when the key is absent).
 */
int percpu_lookup_sum(int map_fd, const void *key, void *out, size_t value_size);

#endif
