// SPDX-License-Identifier: GPL-2.0-only
/* The ethtool -S fallback for per-queue NIC counters: name tables of the drivers rxtop knows, and the ioctl.
 */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nic_qstats.h"

/*
 * Each driver's own names for its rx queues' counters (%u: the queue), as its ethtool get_strings writes
 * them in the kernel's drivers/net/ethernet/. Only names whose meaning matches a qstats counter are here: a
 * driver's other per-queue counters (XDP verdicts, its program's drops) are not the NIC's.
 */
static const struct ethtool_name {
	const char *driver;
	const char *format;
	enum nic_stat stat;
} ethtool_names[] = {
    /* mlx5e: MLX5E_DECLARE_RX_STAT, "rx%d_" + the field of struct mlx5e_rq_stats */
    {"mlx5_core", "rx%u_packets", NIC_RX_PACKETS},
    {"mlx5_core", "rx%u_bytes", NIC_RX_BYTES},
    {"mlx5_core", "rx%u_buff_alloc_err", NIC_RX_ALLOC_FAIL},
    /* ice, ixgbe, igc, txgbe/ngbe (wx): "rx_queue_%u_packets", "rx_queue_%u_bytes" */
    {"ice", "rx_queue_%u_packets", NIC_RX_PACKETS},
    {"ice", "rx_queue_%u_bytes", NIC_RX_BYTES},
    {"ixgbe", "rx_queue_%u_packets", NIC_RX_PACKETS},
    {"ixgbe", "rx_queue_%u_bytes", NIC_RX_BYTES},
    {"igc", "rx_queue_%u_packets", NIC_RX_PACKETS},
    {"igc", "rx_queue_%u_bytes", NIC_RX_BYTES},
    /* igb: also the hardware's per-queue drop register (RQDPC) and buffer allocation failures */
    {"igb", "rx_queue_%u_packets", NIC_RX_PACKETS},
    {"igb", "rx_queue_%u_bytes", NIC_RX_BYTES},
    {"igb", "rx_queue_%u_drops", NIC_RX_HW_DROPS},
    {"igb", "rx_queue_%u_alloc_failed", NIC_RX_ALLOC_FAIL},
    /* i40e and iavf: "%s-%u.%s" with type "rx" */
    {"i40e", "rx-%u.packets", NIC_RX_PACKETS},
    {"i40e", "rx-%u.bytes", NIC_RX_BYTES},
    {"iavf", "rx-%u.packets", NIC_RX_PACKETS},
    {"iavf", "rx-%u.bytes", NIC_RX_BYTES},
    /* virtio_net: "rx_queue_%u_%s" until 6.9, "rx%u_%s" since (where qstats-get answers first anyway) */
    {"virtio_net", "rx_queue_%u_packets", NIC_RX_PACKETS},
    {"virtio_net", "rx_queue_%u_bytes", NIC_RX_BYTES},
    {"virtio_net", "rx%u_packets", NIC_RX_PACKETS},
    {"virtio_net", "rx%u_bytes", NIC_RX_BYTES},
};

#define NNAMES (sizeof(ethtool_names) / sizeof(ethtool_names[0]))

int nic_ethtool_knows(const char *driver)
{
	for (size_t i = 0; i < NNAMES; i++)
		if (strcmp(ethtool_names[i].driver, driver) == 0)
			return 1;
	return 0;
}

/* One format with one %u: the name matches when printing the number it holds gives the name back. */
static int match_format(const char *format, const char *name, unsigned int *queue)
{
	const char *pct = strstr(format, "%u");
	size_t prefix = (size_t)(pct - format);
	char *end, again[ETH_GSTRING_LEN + 1];
	unsigned long q;

	if (strncmp(name, format, prefix) != 0 || name[prefix] < '0' || name[prefix] > '9')
		return 0;
	q = strtoul(name + prefix, &end, 10);
	if (q >= NIC_MAX_QUEUES || strcmp(end, pct + 2) != 0)
		return 0;
	snprintf(again, sizeof(again), format, (unsigned int)q);
	if (strcmp(again, name) != 0) /* "rx01_packets": not how the driver writes queue 1 */
		return 0;
	*queue = (unsigned int)q;
	return 1;
}

int nic_ethtool_match(const char *driver, const char *name, int *queue, enum nic_stat *stat)
{
	for (size_t i = 0; i < NNAMES; i++) {
		unsigned int q;

		if (strcmp(ethtool_names[i].driver, driver) != 0 || ethtool_names[i].stat == NIC_STATS ||
		    !match_format(ethtool_names[i].format, name, &q))
			continue;
		*queue = (int)q;
		*stat = ethtool_names[i].stat;
		return 1;
	}
	return 0;
}

static int ethtool_ioctl(int fd, const char *ifname, void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr) < 0 ? -errno : 0;
}

static struct nic_queue_stats *queue_row(struct nic_queue_stats *out, int max, int *n, int queue)
{
	for (int i = 0; i < *n; i++)
		if (out[i].queue == queue)
			return &out[i];
	if (*n >= max)
		return NULL;
	memset(&out[*n], 0, sizeof(out[0]));
	out[*n].queue = queue;
	return &out[(*n)++];
}

int nic_ethtool_read(const char *ifname, const char *driver, struct nic_queue_stats *out, int max)
{
	struct ethtool_drvinfo info = {.cmd = ETHTOOL_GDRVINFO};
	struct ethtool_gstrings *names = NULL;
	struct ethtool_stats *stats = NULL;
	int fd, err, n = 0;
	uint32_t count;

	if (!nic_ethtool_knows(driver))
		return -EOPNOTSUPP;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	err = ethtool_ioctl(fd, ifname, &info);
	count = info.n_stats;
	if (!err && (count == 0 || count > 65536))
		err = -ENODATA;
	if (!err) {
		names = calloc(1, sizeof(*names) + (size_t)count * ETH_GSTRING_LEN);
		stats = calloc(1, sizeof(*stats) + (size_t)count * sizeof(uint64_t));
		if (!names || !stats)
			err = -ENOMEM;
	}
	if (!err) {
		*names = (struct ethtool_gstrings){
		    .cmd = ETHTOOL_GSTRINGS, .string_set = ETH_SS_STATS, .len = count};
		err = ethtool_ioctl(fd, ifname, names);
	}
	if (!err) {
		*stats = (struct ethtool_stats){.cmd = ETHTOOL_GSTATS, .n_stats = count};
		err = ethtool_ioctl(fd, ifname, stats);
	}
	/* The driver may have listed fewer than it said (queues went away between the two calls). */
	for (uint32_t i = 0; !err && i < names->len && i < stats->n_stats && i < count; i++) {
		char name[ETH_GSTRING_LEN + 1];
		struct nic_queue_stats *row;
		enum nic_stat stat;
		int queue;

		memcpy(name, names->data + (size_t)i * ETH_GSTRING_LEN, ETH_GSTRING_LEN);
		name[ETH_GSTRING_LEN] = '\0';
		if (!nic_ethtool_match(driver, name, &queue, &stat) ||
		    !(row = queue_row(out, max, &n, queue)))
			continue;
		row->value[stat] = stats->data[i];
		row->have |= 1u << stat;
	}
	free(names);
	free(stats);
	close(fd);
	return err ? err : n;
}
