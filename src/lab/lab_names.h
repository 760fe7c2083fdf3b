// SPDX-License-Identifier: GPL-2.0-only
/* The lab's fixed names: its namespace, both veth ends, their addresses, port and limits. Apart from lab.h so
 * that lab_claim.c, which lab.c calls, names the lab's interface without including the file above it. */
#ifndef RXTOP_LAB_NAMES_H
#define RXTOP_LAB_NAMES_H

#define LAB_NETNS "rxtop-gen"
#define LAB_IFACE "rxlab0"	   /* receive side, in the caller's namespace */
#define LAB_PEER_IFACE "rxgen0"	   /* generator side, inside LAB_NETNS */
#define LAB_ADDR "198.18.0.2"	   /* on LAB_IFACE */
#define LAB_PEER_ADDR "198.18.0.1" /* on LAB_PEER_IFACE */
#define LAB_PREFIXLEN 24
#define LAB_PORT 9000 /* UDP destination of lab traffic */
#define LAB_MAX_QUEUES 1024
#define LAB_MAC_LEN 6

#endif
