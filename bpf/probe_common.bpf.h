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
 * The per-CPU hashes counted through lookup_or_init are BPF_F_NO_PREALLOC: preallocated, the kernel makes
 * every element's per-CPU value when the map is created, one allocation each under its per-CPU allocator's
 * lock (4 x 4096 in rx_trace, 9216 in rx_overhead): about a tenth of rxtop's CPU to its first sample, for
 * keys of which a run uses a few dozen. Made on first use instead (the kernel's BPF allocator, safe in
 * tracepoints); every later event finds its element by the same lookup as before, so counting costs the
 * same. An element that cannot be made is counted as a full map (events_lost), like one with no room.
 */

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
