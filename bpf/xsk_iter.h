// SPDX-License-Identifier: GPL-2.0
/* One AF_XDP socket as the task_file iterator (xsk_iter.bpf.c) reports it to its loader (src/xsk_iter.c). */
#ifndef RXTOP_XSK_ITER_H
#define RXTOP_XSK_ITER_H

#define XSK_ITER_AF_XDP 44

struct xsk_info {
	__u32 pid; /* the process holding it (tgid), and its fd there */
	__s32 fd;
	__u64 ino;     /* the socket's inode: socket:[ino] in /proc/PID/fd */
	__s32 ifindex; /* 0: not bound; an ifindex means something only in its network namespace: */
	__u32 netns;   /* the bound device's (its inode number, as /proc/PID/ns/net shows it); 0: not bound */
	__u32 queue;
	__u32 bound; /* state XSK_BOUND */
	__u32 zerocopy;
	__u32 rx_ring, tx_ring, fill_ring, completion_ring; /* entries; 0: none */
	__u32 umem_id, chunk_size, headroom;
	__u32 need_wakeup;  /* bound with XDP_USE_NEED_WAKEUP */
	__u32 multi_buffer; /* bound with XDP_USE_SG: a frame may span chunks */
	__u32 frame_len;    /* room for a frame in one chunk (the pool's frame_len); 0: unknown */
	__u64 umem_size;
	/* Counters, as getsockopt(XDP_STATISTICS) gives them */
	__u64 rx_dropped, rx_invalid, rx_ring_full, fill_ring_empty, tx_invalid, tx_ring_empty;
	/* The rx ring's producer index: frames the kernel put on it, modulo 2^32 */
	__u32 rx_produced, pad2;
	/* What the owner set (SO_BUSY_POLL, SO_PREFER_BUSY_POLL, SO_BUSY_POLL_BUDGET) and SO_INCOMING_NAPI_ID
	 */
	__u32 busy_poll_us, prefer_busy_poll, busy_poll_budget, napi_id;
};

#endif
