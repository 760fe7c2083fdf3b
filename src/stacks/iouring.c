// SPDX-License-Identifier: GPL-2.0-only
/* The io_uring receiver: per worker a ring, a provided buffer ring and multishot recv (UDP) or accept + recv
 * (TCP). */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "iouring.h"
#include "sock_common.h"
#include "steer.h"

#define TCP_BUFFER_SIZE                                                                                      \
	8192 /* a stream chunk: fewer completions per byte, 32 MiB per worker at 4096 buffers */
#define BUFFER_GROUP 0
#define TCP_MAX_CONNECTIONS 64 /* fixed-file slots per worker */
#define WAIT_TIMEOUT_NS (100 * 1000 * 1000)
#define LOSS_REFRESH_NS (100 * 1000 * 1000)

/* user_data: what completed in the upper 32 bits, the fixed-file slot (TCP) in the lower. */
enum completion_kind { KIND_RECV = 1, KIND_ACCEPT = 2, KIND_CLOSE = 3 };

struct loss_slots {
	int enobufs, cq_overflow, rearms, rcvbuf_drops, truncated;
};

struct worker {
	const struct stack_config *cfg;
	const struct loss_slots *loss;
	struct stack_queue_stats *stats;
	volatile sig_atomic_t *stop;
	volatile int *quit; /* set by any worker that fails, so the others end too */
	int index;
	int ready; /* 1 armed, -1 failed; read by run() */
	int err;
	char why[STACK_MESSAGE_LEN];

	struct io_uring ring;
	bool ring_open;
	int fd; /* UDP socket or TCP listener */
	struct io_uring_buf_ring *buf_ring;
	size_t buf_ring_bytes;
	unsigned buf_mask;
	unsigned char *buffers;
	size_t buffers_bytes, buffer_size;
	unsigned returned; /* buffers added to buf_ring since its last advance */

	uint32_t drops_at_start;
	uint64_t enobufs, rearms, truncated, touch_sum;
	struct timespec last_refresh;
	pthread_t thread;
} __attribute__((aligned(64))); /* each worker's state on cache lines of its own */

/* ---- one worker ---- */

static struct io_uring_sqe *next_sqe(struct worker *w)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&w->ring);

	if (!sqe) {
		io_uring_submit(&w->ring);
		sqe = io_uring_get_sqe(&w->ring);
	}
	return sqe;
}

static __u64 tag(enum completion_kind kind, unsigned slot)
{
	return (__u64)kind << 32 | slot;
}

static int arm_recv(struct worker *w, int fd, bool fixed)
{
	struct io_uring_sqe *sqe = next_sqe(w);

	if (!sqe)
		return -EBUSY;
	io_uring_prep_recv_multishot(sqe, fd, NULL, 0, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT | (fixed ? IOSQE_FIXED_FILE : 0);
	sqe->buf_group = BUFFER_GROUP;
	io_uring_sqe_set_data64(sqe, tag(KIND_RECV, fixed ? (unsigned)fd : 0));
	return 0;
}

static int arm_accept(struct worker *w)
{
	struct io_uring_sqe *sqe = next_sqe(w);

	if (!sqe)
		return -EBUSY;
	/* Accepted sockets go straight into free fixed-file slots: no fd table, no fget per recv. */
	io_uring_prep_multishot_accept_direct(sqe, w->fd, NULL, NULL, 0);
	io_uring_sqe_set_data64(sqe, tag(KIND_ACCEPT, 0));
	return 0;
}

static void close_connection(struct worker *w, unsigned slot)
{
	struct io_uring_sqe *sqe = next_sqe(w);

	if (!sqe)
		return; /* the slot stays taken until the ring closes */
	io_uring_prep_close_direct(sqe, slot);
	io_uring_sqe_set_data64(sqe, tag(KIND_CLOSE, slot));
}

static int setup_buffers(struct worker *w)
{
	const struct stack_config *cfg = w->cfg;
	unsigned entries = 1;
	struct io_uring_buf_reg reg = {0};
	int err;

	while (entries < (unsigned)cfg->buffers)
		entries <<= 1;
	w->buffer_size =
	    cfg->proto == STACK_PROTO_TCP ? TCP_BUFFER_SIZE : sock_datagram_buffer_len(cfg->ifname);
	w->buf_ring_bytes = entries * sizeof(struct io_uring_buf);
	w->buf_ring =
	    mmap(NULL, w->buf_ring_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	w->buffers_bytes = (size_t)cfg->buffers * w->buffer_size;
	w->buffers = mmap(NULL, w->buffers_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w->buf_ring == MAP_FAILED || w->buffers == MAP_FAILED) {
		snprintf(w->why, sizeof(w->why), "mmap of %d buffers: %s", cfg->buffers, strerror(errno));
		return -ENOMEM;
	}
	reg.ring_addr = (__u64)(uintptr_t)w->buf_ring;
	reg.ring_entries = entries;
	reg.bgid = BUFFER_GROUP;
	err = io_uring_register_buf_ring(&w->ring, &reg, 0);
	if (err) {
		snprintf(w->why, sizeof(w->why), "io_uring_register_buf_ring(%u entries): %s", entries,
			 strerror(-err));
		return err;
	}
	io_uring_buf_ring_init(w->buf_ring);
	w->buf_mask = (unsigned)io_uring_buf_ring_mask(entries);
	for (int i = 0; i < cfg->buffers; i++)
		io_uring_buf_ring_add(w->buf_ring, w->buffers + (size_t)i * w->buffer_size,
				      (unsigned)w->buffer_size, (unsigned short)i, (int)w->buf_mask, i);
	io_uring_buf_ring_advance(w->buf_ring, cfg->buffers);
	return 0;
}

static int worker_setup(struct worker *w)
{
	const struct stack_config *cfg = w->cfg;
	int cpu = cfg->ncpus > 0 ? cfg->cpus[w->index % cfg->ncpus] : -1;
	char note[STACK_MESSAGE_LEN];
	int err;

	err = stack_pin_worker(cfg, w->index);
	if (err) {
		snprintf(w->why, sizeof(w->why), "pinning worker %d to CPU %d: %s", w->index, cpu,
			 strerror(-err));
		return err;
	}
	w->drops_at_start = stack_socket_drops(w->fd);
	/* The ring is created here: SINGLE_ISSUER + DEFER_TASKRUN bind it to this thread. */
	err = iouring_ring_init(&w->ring, cfg, 0, false, note, sizeof(note));
	if (err) {
		snprintf(w->why, sizeof(w->why), "%s", note);
		return err;
	}
	w->ring_open = true;
	if (note[0] && w->index == 0)
		fprintf(stderr, "iouring: %s\n", note);
	err = setup_buffers(w);
	if (err)
		return err;
	if (cfg->busy_poll) {
		err = iouring_register_napi(&w->ring, cfg);
		if (err) {
			snprintf(w->why, sizeof(w->why),
				 "kernel refused NAPI busy poll: IORING_REGISTER_NAPI: %s%s", strerror(-err),
				 err == -EINVAL ? " (needs Linux 6.9)" : "");
			return err;
		}
	}
	if (cfg->proto == STACK_PROTO_TCP) {
		err = io_uring_register_files_sparse(&w->ring, TCP_MAX_CONNECTIONS);
		if (err) {
			snprintf(w->why, sizeof(w->why), "io_uring_register_files_sparse: %s",
				 strerror(-err));
			return err;
		}
		err = arm_accept(w);
	} else {
		err = arm_recv(w, w->fd, false);
	}
	if (!err)
		err = io_uring_submit(&w->ring) < 0 ? -EIO : 0;
	if (err)
		snprintf(w->why, sizeof(w->why), "arming the first %s: %s",
			 cfg->proto == STACK_PROTO_TCP ? "accept" : "recv", strerror(-err));
	clock_gettime(CLOCK_MONOTONIC, &w->last_refresh);
	return err;
}

static void return_buffer(struct worker *w, unsigned bid)
{
	io_uring_buf_ring_add(w->buf_ring, w->buffers + (size_t)bid * w->buffer_size,
			      (unsigned)w->buffer_size, (unsigned short)bid, (int)w->buf_mask,
			      (int)w->returned++);
}

/* Handles a recv completion; adds to *packets / *bytes. -errno ends the worker. */
static int on_recv(struct worker *w, const struct io_uring_cqe *cqe, unsigned slot, uint64_t *packets,
		   uint64_t *bytes)
{
	bool tcp = w->cfg->proto == STACK_PROTO_TCP;

	if (cqe->flags & IORING_CQE_F_BUFFER) {
		unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;

		if (w->cfg->touch && cqe->res > 0)
			w->touch_sum +=
			    stack_touch(w->buffers + (size_t)bid * w->buffer_size, (size_t)cqe->res);
		return_buffer(w, bid);
	}
	if (cqe->res > 0 || (cqe->res == 0 && !tcp)) {
		*packets += 1;
		*bytes += (uint64_t)cqe->res;
		/*
		 * A UDP buffer holds any datagram that arrives in one frame with room to spare, so a
		 * completion that fills it exactly was cut short: a datagram reassembled from fragments,
		 * longer than the buffer. Plain recv cannot say MSG_TRUNC; that equality is the sign.
		 */
		if (!tcp && (size_t)cqe->res == w->buffer_size)
			w->truncated++;
	} else if (cqe->res == 0 || (tcp && cqe->res != -ENOBUFS)) {
		close_connection(w, slot); /* end of stream or a reset: the peer is done */
		return 0;
	} else if (cqe->res == -ENOBUFS) {
		w->enobufs++; /* the datagram stays queued on the socket; it is not lost yet */
	} else {
		snprintf(w->why, sizeof(w->why), "multishot recv: %s", strerror(-cqe->res));
		return cqe->res;
	}
	if (cqe->flags & IORING_CQE_F_MORE)
		return 0;
	/* The kernel ended the multishot (buffer ring empty, CQ overflow, ...): arm it again. */
	w->rearms++;
	return arm_recv(w, tcp ? (int)slot : w->fd, tcp);
}

static int on_accept(struct worker *w, const struct io_uring_cqe *cqe)
{
	int err = 0;

	if (cqe->res >= 0)
		err = arm_recv(w, cqe->res, true);
	else if (cqe->res != -ENFILE) /* -ENFILE: all fixed-file slots busy; the next accept may find one */
		fprintf(stderr, "iouring: accept: %s\n", strerror(-cqe->res));
	if (!err && !(cqe->flags & IORING_CQE_F_MORE)) {
		w->rearms++;
		err = arm_accept(w);
	}
	return err;
}

static void refresh_loss(struct worker *w)
{
	const struct loss_slots *loss = w->loss;

	stack_count_set(&w->stats->loss[loss->enobufs], w->enobufs);
	stack_count_set(&w->stats->loss[loss->rearms], w->rearms);
	if (loss->truncated >= 0)
		stack_count_set(&w->stats->loss[loss->truncated], w->truncated);
	stack_count_set(&w->stats->loss[loss->cq_overflow], *w->ring.cq.koverflow);
	if (w->cfg->proto == STACK_PROTO_UDP) {
		stack_count_set(&w->stats->loss[loss->rcvbuf_drops],
				stack_socket_drops(w->fd) - w->drops_at_start);
		stack_note_napi_id(w->stats, w->fd);
	}
}

/* Consumes up to max completions, then hands their buffers back in one ring advance. */
static int reap(struct worker *w, unsigned max)
{
	uint64_t packets = 0, bytes = 0;
	struct io_uring_cqe *cqe;
	unsigned head, seen = 0;
	int err = 0;

	io_uring_for_each_cqe(&w->ring, head, cqe)
	{
		unsigned kind = (unsigned)(cqe->user_data >> 32), slot = (unsigned)cqe->user_data;

		seen++;
		if (kind == KIND_RECV)
			err = on_recv(w, cqe, slot, &packets, &bytes);
		else if (kind == KIND_ACCEPT)
			err = on_accept(w, cqe);
		if (err || seen == max)
			break;
	}
	io_uring_cq_advance(&w->ring, seen);
	if (w->returned) {
		io_uring_buf_ring_advance(w->buf_ring, (int)w->returned);
		w->returned = 0;
	}
	if (packets) {
		stack_count_add(&w->stats->packets, packets);
		stack_count_add(&w->stats->bytes, bytes);
		stack_count_add(&w->stats->batches, 1);
	}
	return err;
}

static bool refresh_due(struct worker *w)
{
	struct timespec now;
	long long elapsed;

	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed =
	    (now.tv_sec - w->last_refresh.tv_sec) * 1000000000LL + (now.tv_nsec - w->last_refresh.tv_nsec);
	if (elapsed < LOSS_REFRESH_NS)
		return false;
	w->last_refresh = now;
	return true;
}

static int worker_loop(struct worker *w)
{
	struct __kernel_timespec timeout = {.tv_nsec = WAIT_TIMEOUT_NS};
	unsigned batch = (unsigned)w->cfg->batch;
	int err = 0;

	while (!*w->stop && !*w->quit && !err) {
		struct io_uring_cqe *cqe;
		int ret;

		/*
		 * Submit re-arms and sleep until a completion is there (or 100 ms passed). Waiting for a
		 * whole batch does not work with DEFER_TASKRUN: the kernel wakes the waiter by the count of
		 * pending task-work items, and one multishot recv has at most one, so it would sleep to the
		 * timeout.
		 */
		ret = io_uring_submit_and_wait_timeout(&w->ring, &cqe, 1, &timeout, NULL);
		stack_count_add(&w->stats->polls, 1);
		if (ret < 0 && ret != -ETIME && ret != -EINTR && ret != -EBUSY && ret != -EAGAIN) {
			snprintf(w->why, sizeof(w->why), "io_uring_submit_and_wait_timeout: %s",
				 strerror(-ret));
			err = ret;
			break;
		}
		err = reap(w, batch);
		if (refresh_due(w))
			refresh_loss(w);
	}
	/* Flush completions still held back as deferred task work, so the last partial batch counts. */
	if (!err) {
		io_uring_get_events(&w->ring);
		err = reap(w, ~0U);
	}
	refresh_loss(w);
	return err;
}

static void worker_teardown(struct worker *w)
{
	if (w->ring_open)
		io_uring_queue_exit(&w->ring);
	if (w->fd >= 0)
		close(w->fd);
	if (w->buf_ring && w->buf_ring != MAP_FAILED)
		munmap(w->buf_ring, w->buf_ring_bytes);
	if (w->buffers && w->buffers != MAP_FAILED)
		munmap(w->buffers, w->buffers_bytes);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	w->err = worker_setup(w);
	__atomic_store_n(&w->ready, w->err ? -1 : 1, __ATOMIC_RELEASE);
	if (!w->err)
		w->err = worker_loop(w);
	if (w->err)
		*w->quit = 1;
	worker_teardown(w);
	return NULL;
}

/* ---- the stack ---- */

/* Every worker armed (1), one failed (-1), or still setting up (0). */
static int workers_ready(struct worker *workers, int n)
{
	int armed = 0;

	for (int i = 0; i < n; i++) {
		int ready = __atomic_load_n(&workers[i].ready, __ATOMIC_ACQUIRE);

		if (ready < 0)
			return -1;
		armed += ready;
	}
	return armed == n;
}

/*
 * One socket per worker, opened here in queue order: each gets its own rx queue's packets from the first one
 * on (src/stacks/steer.h). SO_INCOMING_CPU still steers what no program does (the kernel's hash otherwise
 * picks). On failure closes them and returns stack_fail()'s -errno.
 */
static int open_sockets(const struct stack_config *cfg, struct stack_shm *shm, struct worker *workers)
{
	struct steer_group group;
	char why[160];
	int err = 0;

	steer_group_init(&group, cfg);
	for (int i = 0; i < cfg->nqueues && !err; i++) {
		int cpu = cfg->ncpus > 0 ? cfg->cpus[i % cfg->ncpus] : -1;

		workers[i].fd = iouring_open_socket(cfg, cpu, &group, why, sizeof(why));
		if (workers[i].fd < 0)
			err = stack_fail(shm, workers[i].fd, "iouring (queue %d): %s", cfg->queues[i], why);
	}
	if (!err && (err = steer_group_open(&group, why, sizeof(why))))
		stack_fail(shm, err, "iouring: %s", why);
	steer_group_free(&group);
	for (int i = 0; err && i < cfg->nqueues; i++) {
		if (workers[i].fd >= 0)
			close(workers[i].fd);
		workers[i].fd = -1;
	}
	return err;
}

static int iouring_run(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop)
{
	struct timespec tick = {.tv_nsec = 1000 * 1000};
	struct loss_slots loss;
	struct worker *workers;
	volatile int quit = 0;
	int started = 0, ready = 0, err = 0;

	loss.enobufs = stack_add_event(shm, "iouring", "enobufs");
	loss.cq_overflow = stack_add_loss(shm, "iouring", "cq_overflow");
	loss.rearms = stack_add_event(shm, "iouring", "rearms");
	loss.rcvbuf_drops = stack_add_loss(shm, "socket", "rcvbuf_drops");
	/* Datagrams received but cut short: an event, the packet itself is counted. */
	loss.truncated = cfg->proto == STACK_PROTO_UDP ? stack_add_event(shm, "iouring", "truncated") : -1;
	workers = aligned_alloc(64, (size_t)cfg->nqueues * sizeof(*workers));
	if (!workers)
		return stack_fail(shm, -ENOMEM, "iouring: out of memory");
	memset(workers, 0, (size_t)cfg->nqueues * sizeof(*workers));
	for (int i = 0; i < cfg->nqueues; i++) {
		shm->queue_ids[i] = cfg->queues[i];
		workers[i] = (struct worker){.cfg = cfg,
					     .loss = &loss,
					     .stats = &shm->queues[i],
					     .stop = stop,
					     .quit = &quit,
					     .index = i,
					     .fd = -1};
	}
	__atomic_store_n(&shm->nqueues, (uint32_t)cfg->nqueues, __ATOMIC_RELEASE);
	if ((err = open_sockets(cfg, shm, workers))) {
		free(workers);
		return err;
	}

	for (; started < cfg->nqueues; started++) {
		struct worker *w = &workers[started];

		err = -pthread_create(&w->thread, NULL, worker_main, w);
		if (err) {
			quit = 1;
			break;
		}
	}
	while (!err && (ready = workers_ready(workers, started)) == 0 && !*stop)
		nanosleep(&tick, NULL);
	if (!err && ready > 0) {
		/* Every ring registered NAPI busy polling (a refusal fails its worker). */
		shm->busy_poll = cfg->busy_poll && cfg->busy_poll_us > 0;
		__atomic_store_n(&shm->state, STACK_RUNNING, __ATOMIC_RELEASE);
	}
	for (int i = 0; i < started; i++) {
		pthread_join(workers[i].thread, NULL);
		if (workers[i].err && !err) {
			err = workers[i].err;
			stack_fail(shm, err, "iouring worker %d (queue %d): %s", i, cfg->queues[i],
				   workers[i].why);
		}
	}
	for (int i = started; i < cfg->nqueues; i++)
		close(workers[i].fd); /* a thread that never ran */
	if (err && __atomic_load_n(&shm->state, __ATOMIC_ACQUIRE) != STACK_FAILED)
		stack_fail(shm, err, "iouring: pthread_create: %s", strerror(-err));
	free(workers);
	return err;
}

const struct stack_ops stack_iouring = {
    .name = "iouring",
    .xdp = STACK_XDP_PASS,
    .check = stack_check_queues,
    .run = iouring_run,
};
