// SPDX-License-Identifier: GPL-2.0
/* What the tracepoint programs of every probe set share (included by bpf/rx_*.bpf.c after the libbpf
 * headers). */
#ifndef RXTOP_PROBE_COMMON_BPF_H
#define RXTOP_PROBE_COMMON_BPF_H

/*
 * A classic tracepoint program's return value filters the event for every perf user of that tracepoint: 0
 * would hide it from `perf stat`/`perf record` running beside rxtop. 1 lets it through.
 */
#define KEEP_EVENT 1

/* Adds one to slot idx of a per-CPU array of u64 counters. */
static __always_inline void count_slot(void *array, __u32 idx)
{
	__u64 *count = bpf_map_lookup_elem(array, &idx);

	if (count)
		(*count)++;
}

/*
 * The value for key, created from init on first use; NULL when the map has no room for it, which is counted
 * in slot full_idx of the per-CPU u64 array health (the loader adds it to events_lost).
 */
static __always_inline void *lookup_or_init(void *map, const void *key, const void *init, void *health,
					    __u32 full_idx)
{
	void *value = bpf_map_lookup_elem(map, key);

	if (value)
		return value;
	if (bpf_map_update_elem(map, key, init, BPF_NOEXIST) && !bpf_map_lookup_elem(map, key)) {
		count_slot(health, full_idx);
		return NULL;
	}
	return bpf_map_lookup_elem(map, key);
}

#endif
