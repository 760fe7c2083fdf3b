// SPDX-License-Identifier: GPL-2.0
/* Structs shared by the generator's XDP program (gen_xdp.bpf.c) and its engine (src/gen/gen_xdp.c). */
#ifndef RXTOP_GEN_XDP_H
#define RXTOP_GEN_XDP_H

#define GEN_MAX_CPUS 256

/*
 * One slot per CPU: generator threads are pinned one per CPU and BPF_PROG_TEST_RUN runs the program and
 * flushes the redirect queue on the caller's CPU, so a slot is written by one CPU only and read by one
 * thread.
 */
struct gen_cpu_slot {
	__u64 processed;  /* frames the XDP program handled (redirect attempts) */
	__u64 delivered;  /* frames the target device accepted (xdp_devmap_xmit "sent") */
	__u64 dropped;	  /* frames the target device refused (xdp_devmap_xmit "drops") */
	__s32 last_err;	  /* last non-zero xdp_devmap_xmit error, e.g. -ENXIO: peer without NAPI */
	__u16 port_first; /* UDP source port of this CPU's first flow, host order */
	__u16 port_step;  /* distance between its flows' ports (the number of threads) */
	__u32 flow_count; /* flows this CPU cycles through */
	__u32 flow_next;
} __attribute__((aligned(64)));

#endif
