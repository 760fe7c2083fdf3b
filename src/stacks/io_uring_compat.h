// SPDX-License-Identifier: GPL-2.0-only
/* The io_uring uapi constants and structs newer than Debian 12's liburing 2.3 headers (layouts as in
 * Linux 6.18). */
#ifndef RXTOP_IO_URING_COMPAT_H
#define RXTOP_IO_URING_COMPAT_H

#include <liburing.h>
#include <linux/types.h>

/*
 * One guard for the whole set: a liburing whose io_uring.h knows zero-copy receive
 * (IORING_ZCRX_AREA_SHIFT, Linux 6.15) also carries everything older below.
 */
#ifndef IORING_ZCRX_AREA_SHIFT

/* Linux 6.9: register NAPI busy polling for the ring's sockets. */
#define IORING_REGISTER_NAPI 27
#define IORING_UNREGISTER_NAPI 28

/* Linux 6.9; opcode and op_param took over former padding in 6.15 (0 = register, dynamic tracking). */
struct io_uring_napi {
	__u32 busy_poll_to;    /* microseconds */
	__u8 prefer_busy_poll; /* keep device interrupts off while polling */
	__u8 opcode;
	__u8 pad[2];
	__u32 op_param;
	__u32 resv;
};

/* Linux 6.13: memory regions; a user-provided region backs the zcrx refill ring. */
#define IORING_MEM_REGION_TYPE_USER 1

struct io_uring_region_desc {
	__u64 user_addr;
	__u64 size;
	__u32 flags;
	__u32 id;
	__u64 mmap_offset;
	__u64 __resv[4];
};

/* Linux 6.15: zero-copy receive into user memory from a hardware rx queue. */
#define IORING_OP_RECV_ZC 58
#define IORING_REGISTER_ZCRX_IFQ 32

/* Refill queue entry: hands a received chunk back to the kernel. */
struct io_uring_zcrx_rqe {
	__u64 off;
	__u32 len;
	__u32 __pad;
};

/* Second half of a 32-byte CQE of IORING_OP_RECV_ZC: where the data lies in the area. */
struct io_uring_zcrx_cqe {
	__u64 off;
	__u64 __pad;
};

/* Bits from IORING_ZCRX_AREA_SHIFT up name the area; the bits below are the offset inside it. */
#define IORING_ZCRX_AREA_SHIFT 48
#define IORING_ZCRX_AREA_MASK (~(((__u64)1 << IORING_ZCRX_AREA_SHIFT) - 1))

struct io_uring_zcrx_offsets {
	__u32 head;
	__u32 tail;
	__u32 rqes;
	__u32 __resv2;
	__u64 __resv[2];
};

struct io_uring_zcrx_area_reg {
	__u64 addr;
	__u64 len;
	__u64 rq_area_token; /* out: OR into a refill entry's off */
	__u32 flags;
	__u32 dmabuf_fd;
	__u64 __resv2[2];
};

/* Argument of IORING_REGISTER_ZCRX_IFQ; zcrx_id is an output since 6.15, rx_buf_len an input since 6.19. */
struct io_uring_zcrx_ifq_reg {
	__u32 if_idx;
	__u32 if_rxq;
	__u32 rq_entries;
	__u32 flags;
	__u64 area_ptr;	  /* struct io_uring_zcrx_area_reg * */
	__u64 region_ptr; /* struct io_uring_region_desc * */
	struct io_uring_zcrx_offsets offsets;
	__u32 zcrx_id;
	__u32 rx_buf_len;
	__u64 __resv[3];
};

#endif /* IORING_ZCRX_AREA_SHIFT */

_Static_assert(sizeof(struct io_uring_napi) == 16, "io_uring_napi layout");
_Static_assert(sizeof(struct io_uring_region_desc) == 64, "io_uring_region_desc layout");
_Static_assert(sizeof(struct io_uring_zcrx_area_reg) == 48, "io_uring_zcrx_area_reg layout");
_Static_assert(sizeof(struct io_uring_zcrx_ifq_reg) == 96, "io_uring_zcrx_ifq_reg layout");

#endif
