// SPDX-License-Identifier: GPL-2.0-only
/* Per rx queue NIC counters without BPF: netdev qstats-get (6.10+), else ethtool -S for drivers named here.
 */
#ifndef RXTOP_NIC_QSTATS_H
#define RXTOP_NIC_QSTATS_H

#include <stddef.h>
#include <stdint.h>

/* The counters rxtop reads per rx queue, whichever source reports them. */
enum nic_stat {
	NIC_RX_PACKETS, /* passed to the stack (after any hardware drop) */
	NIC_RX_BYTES,
	NIC_RX_ALLOC_FAIL,	   /* no buffer for a received frame: may or may not drop it (kernel docs) */
	NIC_RX_HW_DROPS,	   /* entered the device, never left it */
	NIC_RX_HW_DROP_OVERRUNS,   /* the part of hw drops for lack of host buffers */
	NIC_RX_HW_DROP_RATELIMITS, /* the part of hw drops by rate limits */
	NIC_RX_CSUM_BAD,	   /* delivered all the same */
	NIC_STATS
};

#define NIC_MAX_QUEUES 64

struct nic_queue_stats {
	int queue;
	uint32_t have; /* bit (1 << stat): the source reports it */
	uint64_t value[NIC_STATS];
};

/*
 * qstats-get, scope queue, of ifindex's rx queues (up to max, by queue id): how many, 0 when the driver
 * reports none (veth, or the interface is down), -ENOENT without the netdev family (before 6.3),
 * -EOPNOTSUPP when the kernel lacks the command (before 6.10), else -errno.
 */
int nic_qstats_read(int ifindex, struct nic_queue_stats *out, int max);
/*
 * The reply parser alone, over reply bytes as the kernel sends them (any sequence number and port): rx
 * queues of ifindex into out (*n of them, at most max); mnl_cb_run's MNL_CB_* result. For tests and fuzzing.
 */
int nic_qstats_parse(const void *buf, size_t len, int ifindex, struct nic_queue_stats *out, int max, int *n);

/* The ethtool -S fallback: per-queue names of the drivers named in src/probes/nic_ethtool.c. */
/* True when driver has a name table; then name is matched against it: its queue and counter, or false. */
int nic_ethtool_match(const char *driver, const char *name, int *queue, enum nic_stat *stat);
/* Whether src/probes/nic_ethtool.c names driver at all. */
int nic_ethtool_knows(const char *driver);
/* ETHTOOL_GSTATS of ifname through driver's table: queues found (up to max), or -errno. */
int nic_ethtool_read(const char *ifname, const char *driver, struct nic_queue_stats *out, int max);

/* "rx-hw-drops" etc.: the kernel's attribute name of a counter (used as the drop rows' reasons). */
const char *nic_stat_name(enum nic_stat stat);

#endif
