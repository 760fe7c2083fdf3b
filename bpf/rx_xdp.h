// SPDX-License-Identifier: GPL-2.0
/* Structs shared by the XDP counting program (rx_xdp.bpf.c) and its loader (src/probes/xdp.c). */
#ifndef RXTOP_RX_XDP_H
#define RXTOP_RX_XDP_H

#define RX_MAX_QUEUES 256
#define RX_XDP_ACTIONS 5 /* XDP_ABORTED, XDP_DROP, XDP_PASS, XDP_TX, XDP_REDIRECT */

/* What the program does with a packet after counting it. */
enum rx_xdp_verdict {
	RX_VERDICT_PASS = 0, /* to the kernel stack (socket receivers) */
	RX_VERDICT_DROP = 1, /* XDP_DROP: the lab's ceiling */
	RX_VERDICT_XSK = 2,  /* redirect to the AF_XDP socket of the rx queue, else pass */
};

struct rx_queue_stats {
	__u64 packets;
	__u64 bytes;
	__u64 actions[RX_XDP_ACTIONS];
};

#endif
