// SPDX-License-Identifier: GPL-2.0-only
/* io_uring zero-copy receive (IORING_OP_RECV_ZC): TCP payload lands in our memory straight from one NIC rx
 * queue. */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "iouring.h"
#include "netdev_driver.h"

#define AREA_CHUNK 4096 /* the kernel hands out page-sized chunks of the area */
#define WAIT_TIMEOUT_NS (100 * 1000 * 1000)
#define ZC_MAX_CONNECTIONS 64

enum completion_kind { KIND_RECV = 1, KIND_ACCEPT = 2 };

struct zc_receiver {
	const struct stack_config *cfg;
	struct stack_queue_stats *stats;
	int loss_rearms, loss_cq_overflow;
	struct io_uring ring;
	bool ring_open;
	int listen_fd;
	unsigned char *area;
	size_t area_bytes;
	void *refill_mem;
	size_t refill_bytes;
	/* Refill ring: we produce at *rq_tail, the kernel consumes at *rq_head. */
	__u32 *rq_head, *rq_tail;
	struct io_uring_zcrx_rqe *rqes;
	__u32 rq_mask, rq_local_tail;
	/* Chunks to hand back that found the refill ring full; retried before the next batch's. */
	struct io_uring_zcrx_rqe *held;
	__u32 nheld;
	int loss_refill_full;
	uint64_t refill_full;
	__u64 area_token;
	__u32 zcrx_id;
	uint64_t rearms, touch_sum;
	char why[STACK_MESSAGE_LEN];
};

static bool kernel_has_recv_zc(void)
{
	struct io_uring_probe *probe = io_uring_get_probe();
	bool ok = probe && io_uring_opcode_supported(probe, IORING_OP_RECV_ZC);

	if (probe)
		io_uring_free_probe(probe);
	return ok;
}

static int zc_check(const struct stack_config *cfg, char *why, size_t len)
{
	if (cfg->proto != STACK_PROTO_TCP) {
		snprintf(why, len, "zero-copy receive (zcrx) is TCP only; add --proto tcp");
		return -EPROTONOSUPPORT;
	}
	if (cfg->sqpoll) {
		snprintf(why, len, "zcrx needs IORING_SETUP_DEFER_TASKRUN, which excludes --sqpoll");
		return -EINVAL;
	}
	if (!kernel_has_recv_zc()) {
		snprintf(why, len,
			 "this kernel has no IORING_OP_RECV_ZC (Linux 6.15+ with CONFIG_IO_URING_ZCRX)");
		return -EOPNOTSUPP;
	}
	return stack_check_queues(cfg, why, len);
}

/* What IORING_REGISTER_ZCRX_IFQ's errno means (net_mp_open_rxq and io_register_zcrx_ifq, Linux 6.15-6.18). */
static const char *registration_reason(int err)
{
	switch (-err) {
	case EOPNOTSUPP:
		return "the driver has no queue management API (or no DMA device) for zero-copy receive; "
		       "veth, loopback and most virtual devices lack it";
	case EINVAL:
		return "header split is off or hds-thresh is not 0 (ethtool -G IFACE tcp-data-split on "
		       "hds-thresh 0)";
	case EEXIST:
		return "an XDP program is attached to the interface, or the queue already has a memory "
		       "provider";
	case EBUSY:
		return "the queue is busy: an AF_XDP socket uses it, or it belongs to a virtual device";
	case ERANGE:
		return "the rx queue is beyond the interface's real queue count";
	case ENODEV:
		return "no such interface in this network namespace";
	case EPERM:
		return "registering needs CAP_NET_ADMIN";
	case ENOMEM:
	case EFAULT:
		return "the area or refill ring could not be pinned (RLIMIT_MEMLOCK?)";
	default:
		return "unexpected error";
	}
}

static int register_zcrx(struct zc_receiver *zc)
{
	const struct stack_config *cfg = zc->cfg;
	unsigned entries = 1;
	struct io_uring_zcrx_area_reg area = {0};
	struct io_uring_region_desc region = {0};
	struct io_uring_zcrx_ifq_reg reg = {0};
	char driver[48];
	long page = sysconf(_SC_PAGESIZE);

	/* One refill slot per area chunk: handing a chunk back can never find the ring full. */
	while (entries < (unsigned)cfg->buffers)
		entries <<= 1;
	zc->area_bytes = (size_t)cfg->buffers * AREA_CHUNK;
	zc->area = mmap(NULL, zc->area_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Head and tail on their own cache line, then the entries; the kernel checks the size. */
	zc->refill_bytes = ((size_t)page + entries * sizeof(struct io_uring_zcrx_rqe) + (size_t)page - 1) &
			   ~((size_t)page - 1);
	zc->refill_mem =
	    mmap(NULL, zc->refill_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (zc->area == MAP_FAILED || zc->refill_mem == MAP_FAILED) {
		snprintf(zc->why, sizeof(zc->why), "iouring-zc: mmap of the area: %s", strerror(errno));
		return -ENOMEM;
	}
	area.addr = (__u64)(uintptr_t)zc->area;
	area.len = zc->area_bytes;
	region.user_addr = (__u64)(uintptr_t)zc->refill_mem;
	region.size = zc->refill_bytes;
	region.flags = IORING_MEM_REGION_TYPE_USER;
	reg.if_idx = (__u32)cfg->ifindex;
	reg.if_rxq = (__u32)cfg->queues[0];
	reg.rq_entries = entries;
	reg.area_ptr = (__u64)(uintptr_t)&area;
	reg.region_ptr = (__u64)(uintptr_t)&region;
	if (syscall(__NR_io_uring_register, zc->ring.ring_fd, IORING_REGISTER_ZCRX_IFQ, &reg, 1) < 0) {
		int err = -errno;
		char name[32];

		netdev_driver(cfg->ifname, name, sizeof(name));
		snprintf(driver, sizeof(driver), name[0] ? "driver %s" : "unknown driver", name);
		snprintf(zc->why, sizeof(zc->why),
			 "iouring-zc: %s (%s) rx queue %d: %s (IORING_REGISTER_ZCRX_IFQ: %s)", cfg->ifname,
			 driver, cfg->queues[0], registration_reason(err), strerror(-err));
		return -EOPNOTSUPP; /* the kernel's errno is in the message; for the caller: unsupported here
				     */
	}
	zc->rq_head = (__u32 *)((char *)zc->refill_mem + reg.offsets.head);
	zc->rq_tail = (__u32 *)((char *)zc->refill_mem + reg.offsets.tail);
	zc->rqes = (struct io_uring_zcrx_rqe *)((char *)zc->refill_mem + reg.offsets.rqes);
	zc->rq_mask = reg.rq_entries - 1;
	zc->rq_local_tail = __atomic_load_n(zc->rq_tail, __ATOMIC_RELAXED);
	zc->area_token = area.rq_area_token;
	zc->held = calloc(reg.rq_entries, sizeof(*zc->held));
	if (!zc->held) {
		snprintf(zc->why, sizeof(zc->why), "iouring-zc: out of memory");
		return -ENOMEM;
	}
	zc->zcrx_id = reg.zcrx_id;
	return 0;
}

static struct io_uring_sqe *next_sqe(struct zc_receiver *zc)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&zc->ring);

	if (!sqe) {
		io_uring_submit(&zc->ring);
		sqe = io_uring_get_sqe(&zc->ring);
	}
	return sqe;
}

static int arm_accept(struct zc_receiver *zc)
{
	struct io_uring_sqe *sqe = next_sqe(zc);

	if (!sqe)
		return -EBUSY;
	io_uring_prep_multishot_accept(sqe, zc->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	io_uring_sqe_set_data64(sqe, (__u64)KIND_ACCEPT << 32);
	return 0;
}

static int arm_recv_zc(struct zc_receiver *zc, int fd)
{
	struct io_uring_sqe *sqe = next_sqe(zc);

	if (!sqe)
		return -EBUSY;
	/* len 0: no limit; the payload arrives as (offset, length) pairs into the area. */
	io_uring_prep_rw(IORING_OP_RECV_ZC, sqe, fd, NULL, 0, 0);
	sqe->ioprio |= IORING_RECV_MULTISHOT;
	sqe->file_index = zc->zcrx_id; /* the uapi's zcrx_ifq_idx shares this field */
	io_uring_sqe_set_data64(sqe, (__u64)KIND_RECV << 32 | (__u32)fd);
	return 0;
}

/*
 * Hands a chunk back to the kernel; published to it once per batch. One area page can come back in several
 * completions (one per fragment), so the ring can be full: then the entry waits in held until the kernel's
 * head moves.
 */
static void refill(struct zc_receiver *zc, __u64 off, __u32 len)
{
	struct io_uring_zcrx_rqe *rqe;

	if (zc->rq_local_tail - __atomic_load_n(zc->rq_head, __ATOMIC_ACQUIRE) > zc->rq_mask) {
		if (zc->nheld <= zc->rq_mask) {
			zc->held[zc->nheld++] =
			    (struct io_uring_zcrx_rqe){.off = off | zc->area_token, .len = len};
			zc->refill_full++;
		}
		return;
	}
	rqe = &zc->rqes[zc->rq_local_tail & zc->rq_mask];
	rqe->off = off | zc->area_token;
	rqe->len = len;
	zc->rq_local_tail++;
}

/* Retries what found the ring full, oldest first. */
static void refill_held(struct zc_receiver *zc)
{
	__u32 n = zc->nheld, done = 0;

	while (done < n &&
	       zc->rq_local_tail - __atomic_load_n(zc->rq_head, __ATOMIC_ACQUIRE) <= zc->rq_mask) {
		zc->rqes[zc->rq_local_tail & zc->rq_mask] = zc->held[done++];
		zc->rq_local_tail++;
	}
	memmove(zc->held, zc->held + done, (n - done) * sizeof(*zc->held));
	zc->nheld = n - done;
}

/* Errors after which the same connection can go on: no buffer or refill entry free right now, a signal. */
static bool recv_zc_transient(int res)
{
	return res == -ENOMEM || res == -ENOBUFS || res == -EAGAIN || res == -EINTR;
}

static int on_recv(struct zc_receiver *zc, const struct io_uring_cqe *cqe, int fd, uint64_t *packets,
		   uint64_t *bytes)
{
	if (cqe->res > 0) {
		const struct io_uring_zcrx_cqe *rcqe = (const struct io_uring_zcrx_cqe *)cqe->big_cqe;
		__u64 off = rcqe->off & ~IORING_ZCRX_AREA_MASK;

		if (zc->cfg->touch)
			zc->touch_sum += stack_touch(zc->area + off, (size_t)cqe->res);
		refill(zc, off, (__u32)cqe->res);
		*packets += 1;
		*bytes += (uint64_t)cqe->res;
	} else if (cqe->res == 0 || !recv_zc_transient(cqe->res)) {
		if (cqe->res < 0)
			fprintf(stderr, "iouring-zc: recv_zc on connection %d: %s\n", fd,
				strerror(-cqe->res));
		close(fd); /* end of stream or a real error (a reset): this connection is done */
		return 0;
	}
	if (cqe->flags & IORING_CQE_F_MORE)
		return 0;
	zc->rearms++;
	return arm_recv_zc(zc, fd);
}

static int reap(struct zc_receiver *zc, unsigned max)
{
	uint64_t packets = 0, bytes = 0;
	struct io_uring_cqe *cqe;
	unsigned head, seen = 0;
	int err = 0;

	if (zc->nheld)
		refill_held(zc);
	io_uring_for_each_cqe(&zc->ring, head, cqe)
	{
		unsigned kind = (unsigned)(cqe->user_data >> 32);

		seen++;
		if (kind == KIND_RECV) {
			err = on_recv(zc, cqe, (int)(__u32)cqe->user_data, &packets, &bytes);
		} else if (kind == KIND_ACCEPT) {
			if (cqe->res >= 0)
				err = arm_recv_zc(zc, cqe->res);
			if (!err && !(cqe->flags & IORING_CQE_F_MORE)) {
				zc->rearms++;
				err = arm_accept(zc);
			}
		}
		if (err || seen == max)
			break;
	}
	io_uring_cq_advance(&zc->ring, seen);
	__atomic_store_n(zc->rq_tail, zc->rq_local_tail, __ATOMIC_RELEASE);
	if (packets) {
		stack_count_add(&zc->stats->packets, packets);
		stack_count_add(&zc->stats->bytes, bytes);
		stack_count_add(&zc->stats->batches, 1);
	}
	stack_count_set(&zc->stats->loss[zc->loss_rearms], zc->rearms);
	stack_count_set(&zc->stats->loss[zc->loss_refill_full], zc->refill_full);
	stack_count_set(&zc->stats->loss[zc->loss_cq_overflow], *zc->ring.cq.koverflow);
	return err;
}

static int receive_loop(struct zc_receiver *zc, volatile sig_atomic_t *stop)
{
	struct __kernel_timespec timeout = {.tv_nsec = WAIT_TIMEOUT_NS};
	int err = 0;

	while (!*stop && !err) {
		struct io_uring_cqe *cqe;
		int ret = io_uring_submit_and_wait_timeout(&zc->ring, &cqe, 1, &timeout, NULL);

		stack_count_add(&zc->stats->polls, 1);
		if (ret < 0 && ret != -ETIME && ret != -EINTR && ret != -EAGAIN) {
			snprintf(zc->why, sizeof(zc->why), "iouring-zc: io_uring_submit_and_wait_timeout: %s",
				 strerror(-ret));
			return ret;
		}
		err = reap(zc, (unsigned)zc->cfg->batch);
	}
	if (!err) {
		io_uring_get_events(&zc->ring);
		err = reap(zc, ~0U);
	}
	return err;
}

static void teardown(struct zc_receiver *zc)
{
	/* Closing the ring unregisters the queue: the driver restarts it with its own page pool. */
	if (zc->ring_open)
		io_uring_queue_exit(&zc->ring);
	if (zc->listen_fd >= 0)
		close(zc->listen_fd);
	if (zc->area && zc->area != MAP_FAILED)
		munmap(zc->area, zc->area_bytes);
	if (zc->refill_mem && zc->refill_mem != MAP_FAILED)
		munmap(zc->refill_mem, zc->refill_bytes);
	free(zc->held);
}

static int zc_setup(struct zc_receiver *zc)
{
	const struct stack_config *cfg = zc->cfg;
	int err;

	err = stack_pin_worker(cfg, 0);
	if (err) {
		snprintf(zc->why, sizeof(zc->why), "iouring-zc: pinning to CPU %d: %s", cfg->cpus[0],
			 strerror(-err));
		return err;
	}
	/* 32-byte CQEs carry the area offset; DEFER_TASKRUN is required by the kernel. */
	err = iouring_ring_init(&zc->ring, cfg, IORING_SETUP_CQE32, true, zc->why, sizeof(zc->why));
	if (err)
		return err;
	zc->ring_open = true;
	err = register_zcrx(zc);
	if (err)
		return err;
	zc->listen_fd =
	    iouring_open_socket(cfg, cfg->ncpus > 0 ? cfg->cpus[0] : -1, NULL, zc->why, sizeof(zc->why));
	if (zc->listen_fd < 0)
		return zc->listen_fd;
	err = arm_accept(zc);
	if (!err && io_uring_submit(&zc->ring) < 0)
		err = -EIO;
	if (err)
		snprintf(zc->why, sizeof(zc->why), "iouring-zc: arming accept: %s", strerror(-err));
	return err;
}

static int zc_run(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop)
{
	struct zc_receiver zc = {.cfg = cfg, .stats = &shm->queues[0], .listen_fd = -1};
	int err;

	if (cfg->nqueues > 1)
		fprintf(stderr, "iouring-zc: serves one rx queue; using %d, ignoring the others\n",
			cfg->queues[0]);
	zc.loss_rearms = stack_add_event(shm, "iouring", "rearms");
	zc.loss_cq_overflow = stack_add_loss(shm, "iouring", "cq_overflow");
	zc.loss_refill_full = stack_add_event(shm, "iouring", "refill_full");
	shm->queue_ids[0] = cfg->queues[0];
	__atomic_store_n(&shm->nqueues, 1, __ATOMIC_RELEASE);
	err = zc_setup(&zc);
	if (!err) {
		__atomic_store_n(&shm->state, STACK_RUNNING, __ATOMIC_RELEASE);
		err = receive_loop(&zc, stop);
	}
	teardown(&zc);
	if (err)
		/* A queue that cannot do zero-copy is an environment limit: the caller exits 2. */
		return stack_fail(shm, err, "%s", zc.why);
	return 0;
}

/* rxtop's XDP program must stay off: an attached XDP program makes the kernel refuse zcrx (EEXIST). */
const struct stack_ops stack_iouring_zc = {
    .name = "iouring-zc",
    .xdp = STACK_XDP_NONE,
    .max_queues = 1,
    .check = zc_check,
    .run = zc_run,
};
