// SPDX-License-Identifier: GPL-2.0-only
/* An interface's driver name (ethtool). */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netdev_driver.h"

int netdev_driver(const char *ifname, char *out, size_t len)
{
	struct ethtool_drvinfo info = {.cmd = ETHTOOL_GDRVINFO};
	struct ifreq ifr = {0};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), err = 0;

	if (len)
		out[0] = '\0';
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&info;
	if (ioctl(fd, SIOCETHTOOL, &ifr) == 0)
		snprintf(out, len, "%s", info.driver);
	else
		err = -errno;
	close(fd);
	return err;
}

bool netdev_is_veth(const char *ifname)
{
	char driver[32];

	return netdev_driver(ifname, driver, sizeof(driver)) == 0 && strcmp(driver, "veth") == 0;
}

int netdev_queue_mapping_offset(const char *ifname)
{
	return netdev_is_veth(ifname) ? 0 : 1;
}
