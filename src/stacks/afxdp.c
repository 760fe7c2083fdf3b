/* The afxdp stack: one AF_XDP socket, UMEM slice and pinned worker per rx queue, counting and recycling frames. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <xdp/xsk.h>

#include "log.h"
#include "stack.h"

#define STATS_INTERVAL_NS (100 * 1000 * 1000)

/* The kernel's loss counters (XDP_STATISTICS), in the order they are registered with stack_add_loss. */
enum afxdp_loss { LOSS_RX_DROPPED, LOSS_RX_RING_FULL, LOSS_FILL_EMPTY, LOSS_RX_INVALID, LOSS_COUNT };
static const char *const loss_names[LOSS_COUNT] = {"rx_dropped", "rx_ring_full", "rx_fill_ring_empty_descs",
						   "rx_invalid_descs"};

struct afxdp_umem {
	void *area;
	size_t size;
	bool hugepages;
	struct xsk_umem *umem;
	/* Rings xsk_umem__create maps; libxdp copies them into the first socket's fill/comp. */
	struct xsk_ring_prod fill_save;
	struct xsk_ring_cons comp_save;
};

struct afxdp_run;

struct afxdp_queue {
	struct afxdp_run *run;
	int index;             /* entry in shm->queues and cfg->queues */
	int queue_id;          /* rx queue of the interface */
	struct afxdp_umem *umem;
	uint64_t first_frame;  /* byte offset of this queue's frames in the UMEM */
	struct xsk_socket *xsk;
	struct xsk_ring_cons rx;
	struct xsk_ring_prod fill;
	struct xsk_ring_cons comp;
	int fd;
	bool in_map;
	bool started;
	pthread_t thread;
};

struct afxdp_run {
	const struct stack_config *cfg;
	struct stack_shm *shm;
	volatile sig_atomic_t *stop;
	int loss_index[LOSS_COUNT];
	int nready;         /* workers pinned and looping (atomic) */
	int worker_claim;   /* set by the first failing worker, which then owns why (atomic) */
	int worker_error;   /* that worker's failure, negative errno, published after why (atomic) */
	int numems;
	char why[STACK_MESSAGE_LEN]; /* the setup failure, published once it is final */
	struct afxdp_umem umems[STACK_MAX_QUEUES];
	struct afxdp_queue queues[STACK_MAX_QUEUES];
};

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
		return "not enough lockable memory for the UMEM; lower --ring-size or raise the memlock limit";
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

/* Keeps a setup failure's one-line reason; afxdp_run publishes it only once it is final (zero-copy may retry). */
static int setup_error(struct afxdp_run *run, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int setup_error(struct afxdp_run *run, int err, const char *fmt, ...)
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
		.fill_size = (uint32_t)cfg->ring_size,
		.comp_size = (uint32_t)cfg->ring_size,
		.frame_size = (uint32_t)cfg->frame_size,
		.frame_headroom = XSK_UMEM__DEFAULT_FRAME_HEADROOM,
	};
	int err;

	u->size = (size_t)frames * (size_t)cfg->frame_size;
	/* Hugepages spare TLB misses when --touch reads every frame; plain pages work everywhere. */
	u->area = mmap(NULL, u->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	u->hugepages = u->area != MAP_FAILED;
	if (!u->hugepages)
		u->area = mmap(NULL, u->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
			       -1, 0);
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
		.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD, /* rxtop owns the XDP program */
		.xdp_flags = cfg->xdp_mode == 1 ? XDP_FLAGS_DRV_MODE : cfg->xdp_mode == 2 ? XDP_FLAGS_SKB_MODE : 0,
		.bind_flags = bind_flags,
	};
	int err;

	err = xsk_socket__create_shared(&q->xsk, cfg->ifname, (uint32_t)q->queue_id, q->umem->umem, &q->rx, NULL,
					&q->fill, &q->comp, &scfg);
	if (err) {
		q->xsk = NULL;
		return err;
	}
	q->fd = xsk_socket__fd(q->xsk);
	return 0;
}

/* Posts the queue's ring_size frames to the fill ring; the other ring_size frames of its slice stay spare. */
static int fill_prime(struct afxdp_queue *q)
{
	uint32_t n = (uint32_t)q->run->cfg->ring_size, idx;

	if (xsk_ring_prod__reserve(&q->fill, n, &idx) != n)
		return -ENOSPC;
	for (uint32_t i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(&q->fill, idx + i) = q->first_frame + (uint64_t)i * q->run->cfg->frame_size;
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

			return setup_error(q->run, -err, "setsockopt(queue %d, %s=%d): %s — %s", q->queue_id,
					  opts[i].name, opts[i].value, strerror(err),
					  err == EPERM ? "needs CAP_NET_ADMIN" : "this kernel lacks busy polling");
		}
	}
	return 0;
}

static void teardown(struct afxdp_run *run)
{
	const struct stack_config *cfg = run->cfg;

	for (int i = 0; i < cfg->nqueues; i++) {
		struct afxdp_queue *q = &run->queues[i];

		/* The kernel also drops the entry when the socket closes; removing it first keeps the map honest. */
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
static int setup_sockets(struct afxdp_run *run, bool zerocopy)
{
	const struct stack_config *cfg = run->cfg;
	uint32_t slice = 2 * (uint32_t)cfg->ring_size; /* frames per queue: fill ring + rx ring in flight */
	uint16_t bind_flags = (zerocopy ? XDP_ZEROCOPY : XDP_COPY) | (cfg->need_wakeup ? XDP_USE_NEED_WAKEUP : 0);
	const char *mode = zerocopy ? "zerocopy" : "copy";
	int err;

	run->numems = cfg->shared_umem ? 1 : cfg->nqueues;
	for (int i = 0; i < run->numems; i++) {
		err = umem_create(&run->umems[i], cfg, cfg->shared_umem ? slice * (uint32_t)cfg->nqueues : slice);
		if (err)
			return setup_error(run, err, "xsk_umem__create(%u frames of %d bytes): %s — %s",
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
			return setup_error(run, err, "xsk_socket__create(queue %d, %s): %s — %s", q->queue_id, mode,
					  strerror(-err), explain(-err, zerocopy));
		err = fill_prime(q);
		if (err)
			return setup_error(run, err, "fill ring of queue %d: cannot post %d frames", q->queue_id,
					  cfg->ring_size);
		err = cfg->busy_poll ? set_busy_poll(q) : 0;
		if (err)
			return err;
	}
	return 0;
}

static int insert_into_map(struct afxdp_run *run)
{
	for (int i = 0; i < run->cfg->nqueues; i++) {
		struct afxdp_queue *q = &run->queues[i];
		int err = xsk_socket__update_xskmap(q->xsk, run->cfg->xsks_map_fd);

		if (err) {
			err = err < 0 ? err : -errno;
			return setup_error(run, err, "xsk_socket__update_xskmap(queue %d): %s — %s", q->queue_id,
					  strerror(-err),
					  err == -E2BIG ? "the XSKMAP has fewer entries than this queue id"
							: "the map fd is not rxtop's XSKMAP");
		}
		q->in_map = true;
	}
	return 0;
}

static void read_xsk_statistics(struct afxdp_queue *q, struct stack_queue_stats *stats)
{
	struct xdp_statistics xs = {0};
	socklen_t len = sizeof(xs);
	const int *idx = q->run->loss_index;

	if (getsockopt(q->fd, SOL_XDP, XDP_STATISTICS, &xs, &len) < 0)
		return;
	stack_count_set(&stats->loss[idx[LOSS_RX_DROPPED]], xs.rx_dropped);
	stack_count_set(&stats->loss[idx[LOSS_RX_RING_FULL]], xs.rx_ring_full);
	stack_count_set(&stats->loss[idx[LOSS_FILL_EMPTY]], xs.rx_fill_ring_empty_descs);
	stack_count_set(&stats->loss[idx[LOSS_RX_INVALID]], xs.rx_invalid_descs);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Tells the kernel to move packets: runs the NAPI when busy polling, kicks the driver in zero-copy. */
static int kick_rx(const struct afxdp_queue *q)
{
	return recvfrom(q->fd, NULL, 0, MSG_DONTWAIT, NULL, NULL) < 0 ? -errno : 0;
}

/* Only a socket that lost its device is fatal; EAGAIN/EBUSY/ENOBUFS from a kick just mean "try again". */
static bool kick_failed(int err)
{
	return err == -ENETDOWN || err == -ENXIO || err == -ENODEV;
}

static void worker_fail(struct afxdp_queue *q, int err, const char *call, const char *hint)
{
	int unclaimed = 0;

	if (!__atomic_compare_exchange_n(&q->run->worker_claim, &unclaimed, 1, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return;
	setup_error(q->run, err, "%s(queue %d): %s — %s", call, q->queue_id, strerror(-err), hint);
	__atomic_store_n(&q->run->worker_error, err, __ATOMIC_RELEASE);
}

/* Returns the n frames just read back to the fill ring; there is always room since they came out of it. */
static void refill(struct afxdp_queue *q, const uint64_t *addrs, uint32_t n)
{
	uint32_t idx;

	while (xsk_ring_prod__reserve(&q->fill, n, &idx) != n) {
		if (*q->run->stop)
			return;
		kick_rx(q);
	}
	for (uint32_t i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(&q->fill, idx + i) = addrs[i];
	xsk_ring_prod__submit(&q->fill, n);
}

static void *worker_main(void *arg)
{
	struct afxdp_queue *q = arg;
	struct afxdp_run *run = q->run;
	const struct stack_config *cfg = run->cfg;
	struct stack_queue_stats *stats = &run->shm->queues[q->index];
	uint32_t batch = (uint32_t)cfg->batch;
	uint64_t addrs[1024], polls = 0, checksum = 0, next_stats = 0;
	int err = stack_pin_worker(cfg, q->index);

	if (err) {
		worker_fail(q, err, "pthread_setaffinity_np", "is every CPU given with -c online?");
		return NULL;
	}
	__atomic_add_fetch(&run->nready, 1, __ATOMIC_RELEASE);
	while (!*run->stop) {
		uint32_t idx, n = xsk_ring_cons__peek(&q->rx, batch, &idx);
		uint64_t bytes = 0;

		polls++;
		if (n == 0) {
			/* Busy poll runs the NAPI here; without need_wakeup every empty poll kicks, like xdpsock. */
			if (cfg->busy_poll || !cfg->need_wakeup || xsk_ring_prod__needs_wakeup(&q->fill))
				err = kick_rx(q);
			if (kick_failed(err)) {
				worker_fail(q, err, "recvfrom", "the interface went down or vanished");
				break;
			}
		} else {
			for (uint32_t i = 0; i < n; i++) {
				const struct xdp_desc *desc = xsk_ring_cons__rx_desc(&q->rx, idx + i);

				if (cfg->touch)
					checksum += stack_touch(xsk_umem__get_data(q->umem->area, desc->addr),
								desc->len);
				bytes += desc->len;
				addrs[i] = xsk_umem__extract_addr(desc->addr);
			}
			xsk_ring_cons__release(&q->rx, n);
			refill(q, addrs, n);
			stack_count_add(&stats->packets, n);
			stack_count_add(&stats->bytes, bytes);
			stack_count_add(&stats->batches, 1);
		}
		if ((polls & 255) == 0 || n) {
			uint64_t now = now_ns();

			stack_count_set(&stats->polls, stack_count_read(&stats->polls) + polls);
			polls = 0;
			if (now >= next_stats) {
				read_xsk_statistics(q, stats);
				next_stats = now + STATS_INTERVAL_NS;
			}
		}
	}
	stack_count_set(&stats->polls, stack_count_read(&stats->polls) + polls);
	read_xsk_statistics(q, stats);
	/* Keeps --touch's reads from being optimised away. */
	__asm__ volatile("" : : "r"(checksum));
	return NULL;
}

/* "copy, native XDP": what is live now, read back from the kernel rather than assumed from the options. */
static void describe_mode(const struct afxdp_run *run, bool zerocopy_refused, char *out, size_t len)
{
	const struct stack_config *cfg = run->cfg;
	LIBBPF_OPTS(bpf_xdp_query_opts, query);
	struct xdp_options opts = {0};
	socklen_t optlen = sizeof(opts);
	const char *xdp = "no XDP program (nothing will arrive)";

	getsockopt(run->queues[0].fd, SOL_XDP, XDP_OPTIONS, &opts, &optlen);
	if (bpf_xdp_query(cfg->ifindex, 0, &query) == 0) {
		if (query.drv_prog_id)
			xdp = "native XDP";
		else if (query.skb_prog_id)
			xdp = "generic XDP";
		else if (query.hw_prog_id)
			xdp = "offloaded XDP";
	}
	snprintf(out, len, "afxdp on %s: %d queue%s, %s%s, %s, %s, batch %d, ring %d, frame %d%s%s%s", cfg->ifname,
		 cfg->nqueues, cfg->nqueues > 1 ? "s" : "", (opts.flags & XDP_OPTIONS_ZEROCOPY) ? "zerocopy" : "copy",
		 zerocopy_refused ? " (zero-copy refused by the driver)" : "", xdp,
		 cfg->busy_poll ? "busy-poll" : cfg->need_wakeup ? "need_wakeup" : "always-kick", cfg->batch,
		 cfg->ring_size, cfg->frame_size, cfg->shared_umem ? ", shared UMEM" : "",
		 run->umems[0].hugepages ? ", hugepages" : "", cfg->touch ? ", touch" : "");
}

static int start_workers(struct afxdp_run *run)
{
	for (int i = 0; i < run->cfg->nqueues; i++) {
		struct afxdp_queue *q = &run->queues[i];
		int err = pthread_create(&q->thread, NULL, worker_main, q);

		if (err)
			return setup_error(run, -err, "pthread_create(worker for queue %d): %s", q->queue_id,
					  strerror(err));
		q->started = true;
	}
	/* RUNNING promises pinned, looping workers: wait for each to say so, or for the first failure. */
	while (__atomic_load_n(&run->nready, __ATOMIC_ACQUIRE) < run->cfg->nqueues) {
		int err = __atomic_load_n(&run->worker_error, __ATOMIC_ACQUIRE);

		if (err)
			return err;
		usleep(1000);
	}
	return 0;
}

static void stop_workers(struct afxdp_run *run)
{
	*run->stop = 1;
	for (int i = 0; i < run->cfg->nqueues; i++) {
		if (run->queues[i].started)
			pthread_join(run->queues[i].thread, NULL);
		run->queues[i].started = false;
	}
}

/* Sleeps until asked to stop; a failing worker or a vanished interface ends the run with a reason. */
static int watch(struct afxdp_run *run)
{
	for (unsigned tick = 1; !*run->stop; tick++) {
		int err = __atomic_load_n(&run->worker_error, __ATOMIC_ACQUIRE);

		if (err)
			return err;
		if (tick % 25 == 0 && if_nametoindex(run->cfg->ifname) != (unsigned)run->cfg->ifindex)
			return setup_error(run, -ENODEV, "afxdp: %s vanished while receiving", run->cfg->ifname);
		usleep(20 * 1000);
	}
	return 0;
}

static int afxdp_run(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop)
{
	struct afxdp_run *run = calloc(1, sizeof(*run));
	bool zerocopy_refused = false;
	int err;

	if (!run)
		return stack_fail(shm, -ENOMEM, "afxdp: out of memory");
	run->cfg = cfg;
	run->shm = shm;
	run->stop = stop;
	if (cfg->xsks_map_fd < 0) {
		err = setup_error(run, -EINVAL, "afxdp: no XSKMAP; rxtop attaches its XDP program before starting afxdp");
		goto out;
	}
	for (int l = 0; l < LOSS_COUNT; l++)
		run->loss_index[l] = stack_add_loss(shm, "xsk", loss_names[l]);
	for (int i = 0; i < cfg->nqueues; i++)
		shm->queue_ids[i] = cfg->queues[i];
	__atomic_store_n(&shm->nqueues, (uint32_t)cfg->nqueues, __ATOMIC_RELEASE);

	err = setup_sockets(run, cfg->zerocopy >= 0);
	if (err && cfg->zerocopy == 0) {
		/* Auto: zero-copy was refused; fall back to copy and say so in the running message. */
		log_debug("afxdp: %s; trying copy mode", run->why);
		zerocopy_refused = true;
		teardown(run);
		err = setup_sockets(run, false);
	}
	if (err)
		goto out;
	err = insert_into_map(run);
	if (err)
		goto out;
	err = start_workers(run);
	if (err)
		goto out;
	describe_mode(run, zerocopy_refused, shm->message, sizeof(shm->message));
	__atomic_store_n(&shm->state, STACK_RUNNING, __ATOMIC_RELEASE);
	err = watch(run);
out:
	stop_workers(run);
	teardown(run);
	if (err)
		stack_fail(shm, err, "%s", run->why);
	free(run);
	return err;
}

/* Number of rx queues the interface has, from sysfs; 0 when sysfs does not show it (another namespace). */
static int rx_queue_count(const char *ifname)
{
	char path[96];
	int n = 0;

	for (;; n++) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/queues/rx-%d", ifname, n);
		if (access(path, F_OK) != 0)
			break;
	}
	return n;
}

static int afxdp_check(const struct stack_config *cfg, char *why, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	int nrx = rx_queue_count(cfg->ifname);

	for (int i = 0; i < cfg->nqueues; i++) {
		if (nrx > 0 && cfg->queues[i] >= nrx) {
			snprintf(why, len, "%s has %d rx queue%s (0-%d); queue %d does not exist", cfg->ifname, nrx,
				 nrx > 1 ? "s" : "", nrx - 1, cfg->queues[i]);
			return -EINVAL;
		}
		for (int j = 0; j < i; j++) {
			if (cfg->queues[j] == cfg->queues[i]) {
				snprintf(why, len, "queue %d is listed twice; one AF_XDP socket per queue", cfg->queues[i]);
				return -EINVAL;
			}
		}
	}
	if (cfg->frame_size > page) {
		snprintf(why, len, "--frame-size %d exceeds the page size %ld; AF_XDP aligned frames need %d or %ld",
			 cfg->frame_size, page, 2048, page);
		return -EINVAL;
	}
	return 0;
}

const struct stack_ops stack_afxdp = {
	.name = "afxdp",
	.xdp = STACK_XDP_REDIRECT,
	.check = afxdp_check,
	.run = afxdp_run,
};
