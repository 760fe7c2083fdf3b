// SPDX-License-Identifier: GPL-2.0-only
/* An interface's driver name and what follows from it for rxtop. */
#ifndef RXTOP_NETDEV_DRIVER_H
#define RXTOP_NETDEV_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

/* The driver's name as ethtool gives it ("veth", "mlx5_core"); "" and a negative errno when it cannot say. */
int netdev_driver(const char *ifname, char *out, size_t len);

/* True when ifname is a veth (whose receive path rxtop treats differently in several places). */
bool netdev_is_veth(const char *ifname);

/*
 * What skb->queue_mapping holds on receive, minus the rx queue. Drivers that record the rx queue store it
 * plus one (skb_record_rx_queue). veth does not: the skb keeps the sender's tx queue, which veth used as the
 * rx queue, unshifted (checked on 6.18 with and without XDP).
 */
int netdev_queue_mapping_offset(const char *ifname);

#endif
