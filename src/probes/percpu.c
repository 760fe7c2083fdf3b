// SPDX-License-Identifier: GPL-2.0-only
/* Sums the per-CPU copies of a BPF map value made only of u64 counters. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "percpu.h"

int percpu_ncpus(void)
{
	static int ncpus;

	if (ncpus <= 0)
		ncpus = libbpf_num_possible_cpus();
	return ncpus;
}

int percpu_lookup_sum(int map_fd, const void *key, void *out, size_t value_size)
{
	/* The kernel lays the copies out rounded up to 8 bytes each. */
	size_t stride = (value_size + 7) & ~(size_t)7;
	size_t nfields = value_size / sizeof(uint64_t);
	int ncpus = percpu_ncpus();
	uint64_t *sum = out;
	char *values;
	int err;

	if (ncpus < 0)
		return ncpus;
	values = calloc(ncpus, stride);
	if (!values)
		return -ENOMEM;
	err = bpf_map_lookup_elem(map_fd, key, values);
	if (err) {
		err = -errno;
		goto cleanup;
	}
	memset(out, 0, value_size);
	for (int cpu = 0; cpu < ncpus; cpu++) {
		const uint64_t *copy = (const uint64_t *)(values + (size_t)cpu * stride);

		for (size_t f = 0; f < nfields; f++)
			sum[f] += copy[f];
	}
cleanup:
	free(values);
	return err;
}
