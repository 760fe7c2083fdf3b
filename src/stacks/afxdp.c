// SPDX-License-Identifier: GPL-2.0-only
/* The afxdp stack: one AF_XDP socket, UMEM slice and pinned worker per rx queue, counting and recycling
 * frames. */
#include <errno.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "afxdp.h"
#include "log.h"
#include "payload.h"

#define STATS_INTERVAL_NS (100 * 1000 * 1000)
/* --poll: the longest sleep on an empty ring, so that a stop is seen (a signal wakes only the main thread).
 */
#define POLL_TIMEOUT_MS 100

static const char *const loss_names[LOSS_COUNT] = {"rx_dropped", "rx_ring_full", "rx_fill_ring_empty_descs",
						   "rx_invalid_descs"};

static void read_xsk_statistics(struct afxdp_queue *q, struct stack_queue_stats *stats)
{
	struct xdp_statistics xs = {0};
	socklen_t len = sizeof(xs);
	const int *idx = q->run->loss_index;

	stack_note_napi_id(stats, q->fd);
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

/*
 * --poll: sleeps until the rx ring has frames. The kernel wakes the socket when it publishes them
 * (xsk_flush), and its poll kicks the driver where need_wakeup asks (zero-copy), as a kick would. A spinning
 * worker that shares its core with the NAPI thread feeding it takes turns with it at the scheduler's whim; a
 * sleeping one gives the core back whenever the ring is empty.
 */
static int wait_rx(const struct afxdp_queue *q)
{
	struct pollfd p = {.fd = q->fd, .events = POLLIN};

	if (poll(&p, 1, POLL_TIMEOUT_MS) < 0)
		return errno == EINTR ? 0 : -errno;
	return p.revents & (POLLERR | POLLNVAL) ? -ENETDOWN : 0;
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
	afxdp_reason(q->run, err, "%s(queue %d): %s — %s", call, q->queue_id, strerror(-err), hint);
	__atomic_store_n(&q->run->worker_error, err, __ATOMIC_RELEASE);
}

/*
 * Returns the n frames just read back to the fill ring. There is room: the fill ring has a slot for every
 * frame of the slice, these n are in neither ring, and the kernel publishes its fill-ring consumer index with
 * the rx producer (xsk_flush). The loop only guards against a kernel that would publish it later.
 */
static void refill(struct afxdp_queue *q, const uint64_t *addrs, uint32_t n)
{
	uint32_t idx = 0;

	while (xsk_ring_prod__reserve(&q->fill, n, &idx) != n) {
		if (*q->run->stop)
			return;
		kick_rx(q);
	}
	for (uint32_t i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(&q->fill, idx + i) = addrs[i];
	xsk_ring_prod__submit(&q->fill, n);
}

/*
 * Nothing on the rx ring? Reads the kernel's producer index without writing the ring's cached state (which
 * xsk_ring_cons__peek does on every call), so an idle spin only reads.
 */
static bool rx_ring_empty(const struct xsk_ring_cons *rx)
{
	return rx->cached_prod == rx->cached_cons &&
	       __atomic_load_n(rx->producer, __ATOMIC_ACQUIRE) == rx->cached_cons;
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
		uint32_t idx = 0, n = rx_ring_empty(&q->rx) ? 0 : xsk_ring_cons__peek(&q->rx, batch, &idx);
		uint64_t bytes = 0;

		polls++;
		if (n == 0) {
			/*
			 * Like xdpsock: busy polling runs the NAPI in this call; otherwise kick only when the
			 * kernel asks (need_wakeup). Bound without need_wakeup the driver keeps polling by
			 * itself, so a kick on every empty peek would only add syscalls.
			 */
			if (cfg->rx_poll)
				err = wait_rx(q);
			else
				err =
				    cfg->busy_poll || xsk_ring_prod__needs_wakeup(&q->fill) ? kick_rx(q) : 0;
			if (kick_failed(err)) {
				worker_fail(q, err, cfg->rx_poll ? "poll" : "recvfrom",
					    "the interface went down or vanished");
				break;
			}
		} else {
			/* Start loading every frame's headers before parsing the first: the kernel just
			 * wrote them (on the softirq's CPU in copy mode), each a cache miss taken in turn
			 * otherwise. */
			for (uint32_t i = 0; i < n; i++)
				__builtin_prefetch(xsk_umem__get_data(
				    q->umem->area, xsk_ring_cons__rx_desc(&q->rx, idx + i)->addr));
			for (uint32_t i = 0; i < n; i++) {
				const struct xdp_desc *desc = xsk_ring_cons__rx_desc(&q->rx, idx + i);
				const uint8_t *frame = xsk_umem__get_data(q->umem->area, desc->addr);
				/* What a socket would return: the UDP/TCP payload (docs/stacks.md). */
				struct stack_payload p = stack_frame_payload(frame, desc->len);

				if (cfg->touch)
					checksum += stack_touch(frame + p.offset, p.len);
				bytes += p.len;
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

static int start_workers(struct afxdp_run *run)
{
	for (int i = 0; i < run->cfg->nqueues; i++) {
		struct afxdp_queue *q = &run->queues[i];
		int err = pthread_create(&q->thread, NULL, worker_main, q);

		if (err)
			return afxdp_reason(run, -err, "pthread_create(worker for queue %d): %s", q->queue_id,
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
			return afxdp_reason(run, -ENODEV, "afxdp: %s vanished while receiving",
					    run->cfg->ifname);
		usleep(20 * 1000);
	}
	return 0;
}

static int afxdp_run(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop)
{
	/* Cache-line aligned, like the afxdp_queue array inside it. */
	struct afxdp_run *run = aligned_alloc(64, (sizeof(*run) + 63) / 64 * 64);
	bool zerocopy_refused = false;
	int err;

	if (!run)
		return stack_fail(shm, -ENOMEM, "afxdp: out of memory");
	/* libxdp says on stderr how it loaded xsk_def_prog (e.g. without its dispatcher): RXTOP_DEBUG shows
	 * it. */
	log_quiet_libs();
	memset(run, 0, sizeof(*run));
	run->cfg = cfg;
	run->shm = shm;
	run->stop = stop;
	if (!cfg->libxdp_program && cfg->xsks_map_fd < 0) {
		err = afxdp_reason(run, -EINVAL,
				   "afxdp: no XSKMAP; rxtop attaches its XDP program before starting afxdp");
		goto out;
	}
	/*
	 * libxdp attaches xsk_def_prog with the first socket and detaches it with the last; a SIGKILL (this
	 * child dies with rxtop) skips the latter. The janitor removes it then, and only a program that
	 * appeared during this run.
	 */
	err = cfg->libxdp_program ? leftovers_janitor_start(&run->janitor, cfg->ifindex, NULL) : 0;
	if (err) {
		afxdp_reason(run, err, "afxdp: fork (cleanup helper): %s", strerror(-err));
		goto out;
	}
	/*
	 * rx_dropped already holds the packets lost to an empty fill ring (and to invalid fill
	 * descriptors); those two are shown as events so the ledger counts each loss once.
	 */
	for (int l = 0; l < LOSS_COUNT; l++)
		run->loss_index[l] = l == LOSS_FILL_EMPTY || l == LOSS_RX_INVALID
					 ? stack_add_event(shm, "xsk", loss_names[l])
					 : stack_add_loss(shm, "xsk", loss_names[l]);
	for (int i = 0; i < cfg->nqueues; i++)
		shm->queue_ids[i] = cfg->queues[i];
	__atomic_store_n(&shm->nqueues, (uint32_t)cfg->nqueues, __ATOMIC_RELEASE);

	err = afxdp_sockets_setup(run, cfg->zerocopy >= 0);
	if (err && cfg->zerocopy == 0) {
		/* Auto: zero-copy was refused; fall back to copy and say so in the running message. */
		log_debug("afxdp: %s; trying copy mode", run->why);
		zerocopy_refused = true;
		afxdp_teardown(run);
		err = afxdp_sockets_setup(run, false);
	}
	if (err)
		goto out;
	err = cfg->libxdp_program ? 0 : afxdp_map_insert(run);
	if (err)
		goto out;
	err = start_workers(run);
	if (err)
		goto out;
	afxdp_describe_mode(run, zerocopy_refused, shm->message, sizeof(shm->message));
	__atomic_store_n(&shm->state, STACK_RUNNING, __ATOMIC_RELEASE);
	err = watch(run);
out:
	stop_workers(run);
	afxdp_teardown(run);
	leftovers_janitor_finish(&run->janitor);
	if (err)
		stack_fail(shm, err, "%s", run->why);
	free(run);
	return err;
}

static int afxdp_check(const struct stack_config *cfg, char *why, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);

	if (cfg->frame_size > page) {
		snprintf(why, len,
			 "--frame-size %d exceeds the page size %ld; AF_XDP aligned frames need %d or %ld",
			 cfg->frame_size, page, 2048, page);
		return -EINVAL;
	}
	return stack_check_queues(cfg, why, len);
}

const struct stack_ops stack_afxdp = {
    .name = "afxdp",
    .xdp = STACK_XDP_REDIRECT,
    .check = afxdp_check,
    .run = afxdp_run,
};
