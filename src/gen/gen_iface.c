// SPDX-License-Identifier: GPL-2.0-only
/* What the generator needs to know about its interface, looked up in the namespace the caller is in. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gen_engine.h"

int gen_iface_info(const char *iface, int *ifindex, uint8_t mac[6], unsigned int *tx_queues)
{
	struct ethtool_channels channels = {.cmd = ETHTOOL_GCHANNELS};
	struct ifreq ifr = {0};
	int fd, err = 0;

	/* A socket made now belongs to this thread's namespace, whatever /sys shows. */
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
		err = -errno;
		goto out;
	}
	*ifindex = ifr.ifr_ifindex;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		err = -errno;
		goto out;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	/* veth reports its real queue counts here; NICs report combined channels. */
	*tx_queues = 1;
	ifr.ifr_data = (void *)&channels;
	if (ioctl(fd, SIOCETHTOOL, &ifr) == 0) {
		unsigned int n = channels.tx_count + channels.combined_count;

		if (n > 0)
			*tx_queues = n;
	}
out:
	close(fd);
	return err;
}

int gen_neighbour_mac(const char *iface, struct in_addr ip, uint8_t mac[6])
{
	char line[256], addr[64], hw[64], dev[IF_NAMESIZE + 1];
	unsigned int type, flags;
	struct in_addr entry;
	int err = -ENOENT;
	FILE *f;

	/* /proc/net is the reading thread's namespace. */
	f = fopen("/proc/net/arp", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s 0x%x 0x%x %63s %*s %16s", addr, &type, &flags, hw, dev) != 5)
			continue;
		if (strcmp(dev, iface) != 0 || inet_pton(AF_INET, addr, &entry) != 1 ||
		    entry.s_addr != ip.s_addr)
			continue;
		if (!(flags & 0x2)) /* ATF_COM: resolved */
			continue;
		if (sscanf(hw, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4],
			   &mac[5]) == 6) {
			err = 0;
			break;
		}
	}
	fclose(f);
	return err;
}
