// SPDX-License-Identifier: GPL-2.0-only
/* The afxdp stack's setup: UMEMs, AF_XDP sockets bound per queue, XSKMAP entries, and their teardown. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "afxdp.h"

#define HUGEPAGE_SIZE (2u << 20)

/* One line for the user: what the errno means for this call, and what to do. */
static const char *explain(int err, bool zerocopy)
{
	switch (err) {
	case EOPNOTSUPP:
		return zerocopy ? "the driver has no zero-copy support; use --copy"
				: "the driver does not support AF_XDP here";
	case EBUSY:
		return "the queue already has an AF_XDP socket or UMEM (another receiver running?)";
	case EINVAL:
		return "the interface lacks this queue, or the ring/frame sizes are not accepted";
	case ENOMEM:
	case ENOBUFS:
		return "not enough lockable memory for the UMEM; lower --ring-size or raise the memlock "
		       "limit";
	case EPERM:
	case EACCES:
		return "needs root (CAP_NET_RAW and CAP_BPF)";
	case EAFNOSUPPORT:
		return "this kernel has no AF_XDP (CONFIG_XDP_SOCKETS)";
	case ENETDOWN:
		return "the interface is down";
	case ENODEV:
	case ENXIO:
		return "the interface is gone";
	default:
		return "see the kernel log (dmesg)";
	}
}

/* Keeps a setup failure's one-line reason; afxdp_run publishes it only once it is final (zero-copy may
 * retry). */
int afxdp_reason(struct afxdp_run *run, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(run->why, sizeof(run->why), fmt, ap);
	va_end(ap);
	return err;
}

static int umem_create(struct afxdp_umem *u, const struct stack_config *cfg, uint32_t frames)
{
	struct xsk_umem_config ucfg = {
	    /* Twice the rx ring, like xdpsock and DPDK's af_xdp PMD: with the whole slice posted, a full rx
	     * ring still leaves ring_size frames on the fill ring, so overload shows as rx_ring_full. */
	    .fill_size = 2 * (uint32_t)cfg->ring_size,
	    .comp_size = (uint32_t)cfg->ring_size,
	    .frame_size = (uint32_t)cfg->frame_size,
	    .frame_headroom = XSK_UMEM__DEFAULT_FRAME_HEADROOM,
	};
	int err;

	u->size = (size_t)frames * (size_t)cfg->frame_size;
	/* Hugepages spare TLB misses when --touch reads every frame; plain pages work everywhere. */
	u->area = MAP_FAILED;
	if (u->size % HUGEPAGE_SIZE == 0)
		u->area = mmap(NULL, u->size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	u->hugepages = u->area != MAP_FAILED;
	if (!u->hugepages)
		u->area = mmap(NULL, u->size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (u->area == MAP_FAILED) {
		u->area = NULL;
		return -errno;
	}
	err = xsk_umem__create(&u->umem, u->area, u->size, &u->fill_save, &u->comp_save, &ucfg);
	if (err) {
		u->umem = NULL;
		return err;
	}
	return 0;
}

static void umem_destroy(struct afxdp_umem *u)
{
	if (u->umem)
		xsk_umem__delete(u->umem);
	if (u->area)
		munmap(u->area, u->size);
	memset(u, 0, sizeof(*u));
}

static int socket_create(struct afxdp_queue *q, uint16_t bind_flags)
{
	const struct stack_config *cfg = q->run->cfg;
	struct xsk_socket_config scfg = {
	    .rx_size = (uint32_t)cfg->ring_size,
	    /* rxtop's counter redirects by default; --xdp-program libxdp lets libxdp load or share its
	     * xsk_def_prog, exactly as DPDK's af_xdp PMD does. */
	    .libxdp_flags = cfg->libxdp_program ? 0 : XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD,
	    .xdp_flags = cfg->xdp_mode == 1   ? XDP_FLAGS_DRV_MODE
			 : cfg->xdp_mode == 2 ? XDP_FLAGS_SKB_MODE
					      : 0,
	    .bind_flags = bind_flags,
	};
	int err;

	err = xsk_socket__create_shared(&q->xsk, cfg->ifname, (uint32_t)q->queue_id, q->umem->umem, &q->rx,
					NULL, &q->fill, &q->comp, &scfg);
	if (err) {
		q->xsk = NULL;
		return err;
	}
	q->fd = xsk_socket__fd(q->xsk);
	return 0;
}

/* Posts every frame of the queue's slice (2 x ring_size) to the fill ring, which has room for all of them. */
static int fill_prime(struct afxdp_queue *q)
{
	uint32_t n = 2 * (uint32_t)q->run->cfg->ring_size, idx;

	if (xsk_ring_prod__reserve(&q->fill, n, &idx) != n)
		return -ENOSPC;
	for (uint32_t i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(&q->fill, idx + i) =
		    q->first_frame + (uint64_t)i * q->run->cfg->frame_size;
	xsk_ring_prod__submit(&q->fill, n);
	return 0;
}

static int set_busy_poll(struct afxdp_queue *q)
{
	const struct stack_config *cfg = q->run->cfg;
	const struct {
		int option, value;
		const char *name;
	} opts[] = {
	    {SO_PREFER_BUSY_POLL, 1, "SO_PREFER_BUSY_POLL"},
	    {SO_BUSY_POLL, cfg->busy_poll_us, "SO_BUSY_POLL"},
	    {SO_BUSY_POLL_BUDGET, cfg->busy_poll_budget, "SO_BUSY_POLL_BUDGET"},
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		if (setsockopt(q->fd, SOL_SOCKET, opts[i].option, &opts[i].value, sizeof(int)) < 0) {
			int err = errno;

			return afxdp_reason(q->run, -err, "setsockopt(queue %d, %s=%d): %s — %s", q->queue_id,
					    opts[i].name, opts[i].value, strerror(err),
					    err == EPERM ? "needs CAP_NET_ADMIN"
							 : "this kernel lacks busy polling");
		}
	}
	q->run->shm->busy_poll = cfg->busy_poll_us > 0;
	return 0;
}

void afxdp_teardown(struct afxdp_run *run)
{
	const struct stack_config *cfg = run->cfg;

	for (int i = 0; i < cfg->nqueues; i++) {
		struct afxdp_queue *q = &run->queues[i];

		/* The kernel also drops the entry when the socket closes; removing it first keeps the map
		 * honest. */
		if (q->in_map)
			bpf_map_delete_elem(cfg->xsks_map_fd, &q->queue_id);
		q->in_map = false;
		if (q->xsk)
			xsk_socket__delete(q->xsk);
		q->xsk = NULL;
	}
	for (int i = 0; i < run->numems; i++)
		umem_destroy(&run->umems[i]);
	run->numems = 0;
}

/* UMEM(s) and one bound socket per queue; on failure shm->message names the call and errno. */
int afxdp_sockets_setup(struct afxdp_run *run, bool zerocopy)
{
	const struct stack_config *cfg = run->cfg;
	uint32_t slice = 2 * (uint32_t)cfg->ring_size; /* frames per queue: all posted to the fill ring */
	uint16_t bind_flags =
	    (zerocopy ? XDP_ZEROCOPY : XDP_COPY) | (cfg->need_wakeup ? XDP_USE_NEED_WAKEUP : 0);
	const char *mode = zerocopy ? "zerocopy" : "copy";
	int err;

	run->numems = cfg->shared_umem ? 1 : cfg->nqueues;
	for (int i = 0; i < run->numems; i++) {
		err = umem_create(&run->umems[i], cfg,
				  cfg->shared_umem ? slice * (uint32_t)cfg->nqueues : slice);
		if (err)
			return afxdp_reason(run, err, "xsk_umem__create(%u frames of %d bytes): %s — %s",
					    cfg->shared_umem ? slice * cfg->nqueues : slice, cfg->frame_size,
					    strerror(-err), explain(-err, zerocopy));
	}
	for (int i = 0; i < cfg->nqueues; i++) {
		struct afxdp_queue *q = &run->queues[i];

		q->run = run;
		q->index = i;
		q->queue_id = cfg->queues[i];
		q->umem = &run->umems[cfg->shared_umem ? 0 : i];
		q->first_frame = cfg->shared_umem ? (uint64_t)i * slice * cfg->frame_size : 0;
		err = socket_create(q, bind_flags);
		if (err)
			return afxdp_reason(run, err, "xsk_socket__create(queue %d, %s): %s — %s",
					    q->queue_id, mode, strerror(-err), explain(-err, zerocopy));
		err = fill_prime(q);
		if (err)
			return afxdp_reason(run, err, "fill ring of queue %d: cannot post %d frames",
					    q->queue_id, 2 * cfg->ring_size);
		err = cfg->busy_poll ? set_busy_poll(q) : 0;
		if (err)
			return err;
	}
	return 0;
}

int afxdp_map_insert(struct afxdp_run *run)
{
	for (int i = 0; i < run->cfg->nqueues; i++) {
		struct afxdp_queue *q = &run->queues[i];
		int err = xsk_socket__update_xskmap(q->xsk, run->cfg->xsks_map_fd);

		if (err) {
			err = err < 0 ? err : -errno;
			return afxdp_reason(run, err, "xsk_socket__update_xskmap(queue %d): %s — %s",
					    q->queue_id, strerror(-err),
					    err == -E2BIG ? "the XSKMAP has fewer entries than this queue id"
							  : "the map fd is not rxtop's XSKMAP");
		}
		q->in_map = true;
	}
	return 0;
}

/* "copy, native XDP": what is live now, read back from the kernel rather than assumed from the options. */
void afxdp_describe_mode(const struct afxdp_run *run, bool zerocopy_refused, char *out, size_t len)
{
	const struct stack_config *cfg = run->cfg;
	struct bpf_xdp_query_opts query = {.sz = sizeof(query)};
	struct xdp_options opts = {0};
	socklen_t optlen = sizeof(opts);
	const char *xdp = "no XDP program (nothing will arrive)";
	const char *whose =
	    cfg->libxdp_program ? "libxdp's xsk_def_prog, no count at XDP" : "rxtop's counter";

	getsockopt(run->queues[0].fd, SOL_XDP, XDP_OPTIONS, &opts, &optlen);
	if (bpf_xdp_query(cfg->ifindex, 0, &query) == 0) {
		if (query.drv_prog_id)
			xdp = "native XDP";
		else if (query.skb_prog_id)
			xdp = "generic XDP";
		else if (query.hw_prog_id)
			xdp = "offloaded XDP";
	}
	snprintf(out, len,
		 "afxdp on %s: %d queue%s, %s%s, %s (%s), %s, %s, batch %d, ring %d, frame %d%s%s%s",
		 cfg->ifname, cfg->nqueues, cfg->nqueues > 1 ? "s" : "",
		 (opts.flags & XDP_OPTIONS_ZEROCOPY) ? "zerocopy" : "copy",
		 zerocopy_refused ? " (zero-copy refused by the driver)" : "", xdp, whose,
		 cfg->busy_poll	    ? "busy-poll"
		 : cfg->need_wakeup ? "need_wakeup"
				    : "no need_wakeup",
		 cfg->rx_poll ? "poll() when empty" : "spinning", cfg->batch, cfg->ring_size, cfg->frame_size,
		 cfg->shared_umem ? ", shared UMEM" : "", run->umems[0].hugepages ? ", hugepages" : "",
		 cfg->touch ? ", touch" : "");
}
