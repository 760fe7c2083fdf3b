// SPDX-License-Identifier: GPL-2.0
/*
 * Walks every open file of every process (iter/task_file) and writes one struct xsk_info per AF_XDP socket:
 * where it is bound, its rings, copy or zero-copy, its drop counters and its busy-poll settings. The kernel's
 * own listing (sock_diag for AF_XDP) is often not built in (CONFIG_XDP_SOCKETS_DIAG), and reading another
 * process's socket options needs its fds; this reads the kernel's structures directly, for any process, in
 * one pass.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "xsk_iter.h"

static __always_inline __u32 ring_entries(const struct xsk_queue *q)
{
	return q ? BPF_CORE_READ(q, nentries) : 0;
}

SEC("iter/task_file")
int xsk_files(struct bpf_iter__task_file *ctx)
{
	struct task_struct *task = ctx->task;
	struct file *file = ctx->file;
	struct xsk_info info = {0};
	struct xsk_buff_pool *pool;
	struct xsk_queue *fq, *cq;
	struct net_device *dev;
	struct xdp_sock *xs;
	struct socket *sock;
	struct xdp_umem *umem;
	struct sock *sk;

	if (!task || !file)
		return 0;
	sock = bpf_sock_from_file(file);
	if (!sock)
		return 0;
	sk = BPF_CORE_READ(sock, sk);
	if (!sk || BPF_CORE_READ(sk, __sk_common.skc_family) != XSK_ITER_AF_XDP)
		return 0;
	xs = (struct xdp_sock *)sk;
	info.pid = task->tgid;
	info.fd = (__s32)ctx->fd;
	info.ino = BPF_CORE_READ(file, f_inode, i_ino);
	dev = BPF_CORE_READ(xs, dev);
	if (dev) {
		info.ifindex = BPF_CORE_READ(dev, ifindex);
		info.netns = BPF_CORE_READ(dev, nd_net.net, ns.inum);
	}
	info.queue = BPF_CORE_READ(xs, queue_id);
	info.bound = BPF_CORE_READ(xs, state) == 1; /* XSK_BOUND */
	info.zerocopy = BPF_CORE_READ(xs, zc);
	info.rx_ring = ring_entries(BPF_CORE_READ(xs, rx));
	info.tx_ring = ring_entries(BPF_CORE_READ(xs, tx));
	/* Before bind the fill and completion rings hang off the socket, after it off the buffer pool. */
	pool = BPF_CORE_READ(xs, pool);
	fq = pool ? BPF_CORE_READ(pool, fq) : BPF_CORE_READ(xs, fq_tmp);
	cq = pool ? BPF_CORE_READ(pool, cq) : BPF_CORE_READ(xs, cq_tmp);
	info.fill_ring = ring_entries(fq);
	if (pool) {
		info.need_wakeup = BPF_CORE_READ(pool, uses_need_wakeup);
		info.frame_len = BPF_CORE_READ(pool, frame_len);
	}
	if (bpf_core_field_exists(xs->sg))
		info.multi_buffer = BPF_CORE_READ(xs, sg);
	info.completion_ring = ring_entries(cq);
	umem = BPF_CORE_READ(xs, umem);
	if (umem) {
		info.umem_id = BPF_CORE_READ(umem, id);
		info.chunk_size = BPF_CORE_READ(umem, chunk_size);
		info.headroom = BPF_CORE_READ(umem, headroom);
		info.umem_size = BPF_CORE_READ(umem, size);
	}
	/* As xsk_getsockopt(XDP_STATISTICS) computes them */
	info.rx_dropped = BPF_CORE_READ(xs, rx_dropped);
	info.rx_ring_full = BPF_CORE_READ(xs, rx_queue_full);
	info.rx_invalid = BPF_CORE_READ(xs, rx, invalid_descs);
	info.tx_invalid = BPF_CORE_READ(xs, tx, invalid_descs);
	info.tx_ring_empty = BPF_CORE_READ(xs, tx, queue_empty_descs);
	info.fill_ring_empty = pool ? BPF_CORE_READ(pool, fq, queue_empty_descs) : 0;
	info.rx_produced = BPF_CORE_READ(xs, rx, ring, producer);
	if (bpf_core_field_exists(sk->sk_prefer_busy_poll)) {
		info.prefer_busy_poll = BPF_CORE_READ(sk, sk_prefer_busy_poll);
		info.busy_poll_budget = BPF_CORE_READ(sk, sk_busy_poll_budget);
	}
	info.busy_poll_us = BPF_CORE_READ(sk, sk_ll_usec);
	info.napi_id = BPF_CORE_READ(sk, sk_napi_id);
	bpf_seq_write(ctx->meta->seq, &info, sizeof(info));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
