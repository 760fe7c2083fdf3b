// SPDX-License-Identifier: GPL-2.0-only
/* The receive-path probes' drop rows, read from the maps of bpf/rx_trace.bpf.c. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf_enum.h"
#include "ledger.h"
#include "percpu.h"
#include "rx_trace.h"
#include "rx_trace.skel.h"
#include "trace_drops.h"

/* Adds packets to the row (where, reason), creating it; rows from several interfaces add up. */
static int add_drop(struct snapshot *snap, const char *where, const char *reason, uint64_t packets)
{
	struct drop_sample *row = ledger_row(snap, where, reason);

	if (!row)
		return -ENOSPC;
	row->packets += packets;
	return 0;
}

static const char *errno_name(int err)
{
	const char *name = strerrorname_np(err);
	static char buf[24];

	if (name)
		return name;
	snprintf(buf, sizeof(buf), "errno_%d", err);
	return buf;
}

/* The classic tracepoint record has only the map id: ask the kernel for its type. */
static int map_type_of(const struct redirect_err_key *key)
{
	struct bpf_map_info info = {0};
	__u32 len = sizeof(info);
	int fd, type = RX_TRACE_MAP_TYPE_UNKNOWN;

	if (key->map_type != RX_TRACE_MAP_TYPE_UNKNOWN || !key->map_id)
		return key->map_type;
	fd = bpf_map_get_fd_by_id(key->map_id);
	if (fd < 0)
		return type;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0)
		type = info.type;
	close(fd);
	return type;
}

/*
 * One drop row per key of a per-CPU counter map, its count summed over the CPUs, until a row fails. key is
 * the caller's storage of the map's key type; add_row reads it.
 */
static int read_drop_map(int map_fd, void *key, struct snapshot *snap,
			 int (*add_row)(struct snapshot *snap, const void *key, uint64_t count))
{
	void *prev = NULL;
	uint64_t count;
	int err = 0;

	while (!err && bpf_map_get_next_key(map_fd, prev, key) == 0) {
		prev = key;
		if (percpu_lookup_sum(map_fd, key, &count, sizeof(count)))
			continue;
		err = add_row(snap, key, count);
	}
	return err;
}

static int add_xdp_exception(struct snapshot *snap, const void *row_key, uint64_t count)
{
	const struct xdp_exception_key *key = row_key;
	char reason[64];

	snprintf(reason, sizeof(reason), "exception:%s", btf_enum_name("xdp_action", key->action));
	return add_drop(snap, "xdp", reason, count);
}

static int add_redirect_error(struct snapshot *snap, const void *row_key, uint64_t count)
{
	const struct redirect_err_key *key = row_key;
	int map_type = map_type_of(key);
	const char *type_name = map_type > 0 ? libbpf_bpf_map_type_str(map_type) : NULL;
	char reason[64];

	if (map_type == 0)
		snprintf(reason, sizeof(reason), "redirect_err:%s", errno_name(key->err));
	else
		snprintf(reason, sizeof(reason), "redirect_err:%s map=%s", errno_name(key->err),
			 type_name ? type_name : "unknown");
	return add_drop(snap, "xdp", reason, count);
}

static int add_stack_drop(struct snapshot *snap, const void *row_key, uint64_t count)
{
	const struct drop_reason_key *key = row_key;

	return add_drop(snap, "stack", btf_drop_reason_name(key->reason), count);
}

/* One row from a drop slot in use (struct drop_slot: the key packed in a u64). */
static int add_drop_slot(struct snapshot *snap, const void *slot_value)
{
	const struct drop_slot *slot = slot_value;
	struct drop_reason_key key = {.ifindex = (__s32)(__u32)slot->key, .reason = (__u32)(slot->key >> 32)};

	return slot->key && slot->count ? add_stack_drop(snap, &key, slot->count) : 0;
}

/* One row from a redirect-error slot in use (struct redirect_slot: the key whole, ifindex 0 while free). */
static int add_redirect_slot(struct snapshot *snap, const void *slot_value)
{
	const struct redirect_slot *slot = slot_value;

	return slot->key.ifindex && slot->count ? add_redirect_error(snap, &slot->key, slot->count) : 0;
}

/*
 * The counts in a per-CPU array of slots that keys take on first use (bpf/rx_trace.h): add_slot makes each
 * CPU's slot in use a row. slot_size is a multiple of 8, the kernel's stride between CPUs' copies.
 */
static int read_slots(int map_fd, __u32 nslots, size_t slot_size, struct snapshot *snap,
		      int (*add_slot)(struct snapshot *snap, const void *slot))
{
	int ncpus = percpu_ncpus(), err = 0;
	char *values;

	if (ncpus < 0)
		return 0; /* no copies to read: no rows, as read_drop_map does */
	values = calloc((size_t)ncpus, slot_size);
	if (!values)
		return -ENOMEM;
	for (__u32 idx = 0; !err && idx < nslots; idx++) {
		if (bpf_map_lookup_elem(map_fd, &idx, values))
			continue;
		for (int cpu = 0; !err && cpu < ncpus; cpu++)
			err = add_slot(snap, values + (size_t)cpu * slot_size);
	}
	free(values);
	return err;
}

int rx_trace_drop_rows(struct rx_trace_bpf *skel, struct snapshot *snap)
{
	struct xdp_exception_key exception;
	struct redirect_err_key redirect;
	struct drop_reason_key reason;
	int err;

	err = read_drop_map(bpf_map__fd(skel->maps.xdp_exceptions), &exception, snap, add_xdp_exception);
	if (!err)
		err = read_drop_map(bpf_map__fd(skel->maps.redirect_errors), &redirect, snap,
				    add_redirect_error);
	if (!err)
		err = read_drop_map(bpf_map__fd(skel->maps.drop_reasons), &reason, snap, add_stack_drop);
	if (!err)
		err = read_slots(bpf_map__fd(skel->maps.drop_slots), RX_TRACE_DROP_SLOTS,
				 sizeof(struct drop_slot), snap, add_drop_slot);
	if (!err)
		err = read_slots(bpf_map__fd(skel->maps.redirect_slots), RX_TRACE_REDIRECT_SLOTS,
				 sizeof(struct redirect_slot), snap, add_redirect_slot);
	return err;
}
