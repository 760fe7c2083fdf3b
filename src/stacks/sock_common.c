// SPDX-License-Identifier: GPL-2.0-only
/* Socket setup and worker threads shared by the socket receivers (recvfrom, recvmmsg, epoll). */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "sock_common.h"
#include "steer.h"

int sock_check(const struct stack_config *cfg, bool tcp_ok, char *why, size_t len)
{
	if (cfg->proto == STACK_PROTO_TCP && !tcp_ok) {
		snprintf(why, len, "TCP is not supported by this stack; use --proto udp, or the epoll stack");
		return -EINVAL;
	}
	return stack_check_queues(cfg, why, len);
}

static int set_int(int fd, int level, int name, int value)
{
	return setsockopt(fd, level, name, &value, sizeof(value)) < 0 ? -errno : 0;
}

/* Kernel receive buffer: SO_RCVBUFFORCE passes net.core.rmem_max (root); plain SO_RCVBUF otherwise. */
static int set_rcvbuf(int fd, int bytes)
{
	if (set_int(fd, SOL_SOCKET, SO_RCVBUFFORCE, bytes) == 0)
		return 0;
	return set_int(fd, SOL_SOCKET, SO_RCVBUF, bytes);
}

static int open_one(const struct stack_config *cfg, struct stack_shm *shm, struct steer_group *group,
		    bool nonblock)
{
	bool tcp = cfg->proto == STACK_PROTO_TCP;
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(cfg->port)};
	char why[160];
	int fd, err;

	fd = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0),
		    0);
	if (fd < 0)
		return stack_fail(shm, -errno, "socket(%s): %s", tcp ? "TCP" : "UDP", strerror(errno));
	err = set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1);
	if (err)
		goto fail_errno;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cfg->ifname, strlen(cfg->ifname)) < 0) {
		err = -errno;
		stack_fail(shm, err, "setsockopt(SO_BINDTODEVICE, %s): %s", cfg->ifname, strerror(-err));
		goto fail;
	}
	if (cfg->rcvbuf && (err = set_rcvbuf(fd, cfg->rcvbuf))) {
		stack_fail(shm, err, "setsockopt(SO_RCVBUF, %d): %s", cfg->rcvbuf, strerror(-err));
		goto fail;
	}
	/*
	 * No SO_RXQ_OVFL: once a socket has dropped anything it would add a control message to every
	 * datagram, a cost that grows exactly under overload. Workers read the drop count with SO_MEMINFO
	 * every ~100 ms.
	 */
	if (tcp && (err = set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1)))
		goto fail_errno;
	if ((err = steer_group_before_bind(group, fd, why, sizeof(why)))) {
		stack_fail(shm, err, "%s", why);
		goto fail;
	}
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		err = -errno;
		stack_fail(shm, err, "bind(%s port %u): %s", cfg->ifname, cfg->port, strerror(-err));
		goto fail;
	}
	if (tcp && listen(fd, 128) < 0) {
		err = -errno;
		stack_fail(shm, err, "listen(port %u): %s", cfg->port, strerror(-err));
		goto fail;
	}
	if ((err = steer_group_add(group, fd, why, sizeof(why)))) {
		stack_fail(shm, err, "%s", why);
		goto fail;
	}
	return fd;
fail_errno:
	stack_fail(shm, err, "setsockopt on the %s socket: %s", tcp ? "TCP" : "UDP", strerror(-err));
fail:
	close(fd);
	return err;
}

int sock_open_group(const struct stack_config *cfg, struct stack_shm *shm, int *fds, bool nonblock)
{
	struct steer_group group;
	char why[160];
	int opened = 0, err = 0;

	steer_group_init(&group, cfg);
	for (; opened < cfg->nqueues; opened++) {
		fds[opened] = open_one(cfg, shm, &group, nonblock);
		if (fds[opened] < 0) {
			err = fds[opened];
			goto cleanup;
		}
	}
	if ((err = steer_group_open(&group, why, sizeof(why))))
		stack_fail(shm, err, "%s", why);
cleanup:
	steer_group_free(&group);
	if (err)
		for (int i = 0; i < opened; i++)
			close(fds[i]);
	return err;
}

int sock_set_busy_poll(const struct stack_config *cfg, struct stack_shm *shm, int fd)
{
	int err;

	if (!cfg->busy_poll)
		return 0;
	if ((err = set_int(fd, SOL_SOCKET, SO_BUSY_POLL, cfg->busy_poll_us)))
		return stack_fail(shm, err, "setsockopt(SO_BUSY_POLL, %d): %s", cfg->busy_poll_us,
				  strerror(-err));
	if ((err = set_int(fd, SOL_SOCKET, SO_PREFER_BUSY_POLL, 1)))
		return stack_fail(shm, err, "setsockopt(SO_PREFER_BUSY_POLL): %s", strerror(-err));
	if ((err = set_int(fd, SOL_SOCKET, SO_BUSY_POLL_BUDGET, cfg->busy_poll_budget)))
		return stack_fail(shm, err, "setsockopt(SO_BUSY_POLL_BUDGET, %d): %s", cfg->busy_poll_budget,
				  strerror(-err));
	shm->busy_poll = cfg->busy_poll_us > 0;
	return 0;
}

size_t sock_datagram_buffer_len(const char *ifname)
{
	long mtu = netdev_sysfs_long(ifname, "mtu"); /* -1 when unreadable: the floor then */

	return mtu + 64 > SOCK_DATAGRAM_BUFFER_MIN ? (size_t)mtu + 64 : SOCK_DATAGRAM_BUFFER_MIN;
}

static void *worker_main(void *arg)
{
	struct sock_worker *w = arg;
	struct stack_shm *shm = w->shm;
	int err = stack_pin_worker(w->cfg, w->index);

	if (err)
		w->err = stack_fail(shm, err, "pthread_setaffinity_np(cpu %d): %s",
				    w->cfg->cpus[w->index % w->cfg->ncpus], strerror(-err));
	else
		w->err = w->loop(w);
	if (w->err < 0)
		*w->stop = 1; /* one worker failed: the others end too */
	return NULL;
}

int sock_run_workers(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop,
		     const int *fds, int (*loop)(struct sock_worker *w))
{
	static struct sock_worker workers[STACK_MAX_QUEUES];
	pthread_t threads[STACK_MAX_QUEUES];
	int drops = -1, truncated = -1, started = 0, err = 0;

	if (cfg->proto == STACK_PROTO_UDP) {
		drops = stack_add_loss(shm, "socket", "rcvbuf_drops");
		truncated = stack_add_event(shm, "socket", "truncated");
	}
	for (int i = 0; i < cfg->nqueues; i++) {
		workers[i] = (struct sock_worker){
		    .cfg = cfg,
		    .shm = shm,
		    .stop = stop,
		    .loop = loop,
		    .index = i,
		    .fd = fds[i],
		    .drops_loss = drops,
		    .truncated_loss = truncated,
		    .drops_at_start = stack_socket_drops(fds[i]),
		    .buffer_len = sock_datagram_buffer_len(cfg->ifname),
		    .stats = &shm->queues[i],
		};
		shm->queue_ids[i] = cfg->queues[i];
	}
	__atomic_store_n(&shm->nqueues, (uint32_t)cfg->nqueues, __ATOMIC_RELEASE);
	for (; started < cfg->nqueues; started++) {
		err = -pthread_create(&threads[started], NULL, worker_main, &workers[started]);
		if (err) {
			stack_fail(shm, err, "pthread_create: %s", strerror(-err));
			*stop = 1;
			break;
		}
	}
	if (!err)
		__atomic_store_n(&shm->state, STACK_RUNNING, __ATOMIC_RELEASE);
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
		if (!err && workers[i].err < 0)
			err = workers[i].err;
	}
	return err;
}

int sock_batch_init(struct sock_batch *batch, int size, size_t buffer_len)
{
	memset(batch, 0, sizeof(*batch));
	batch->size = size;
	batch->msgs = calloc(size, sizeof(*batch->msgs));
	batch->iov = calloc(size, sizeof(*batch->iov));
	batch->data = malloc((size_t)size * buffer_len);
	if (!batch->msgs || !batch->iov || !batch->data) {
		sock_batch_free(batch);
		return -ENOMEM;
	}
	for (int i = 0; i < size; i++) {
		batch->iov[i] =
		    (struct iovec){.iov_base = batch->data + i * buffer_len, .iov_len = buffer_len};
		batch->msgs[i].msg_hdr.msg_iov = &batch->iov[i];
		batch->msgs[i].msg_hdr.msg_iovlen = 1;
	}
	return 0;
}

void sock_batch_free(struct sock_batch *batch)
{
	free(batch->msgs);
	free(batch->iov);
	free(batch->data);
	memset(batch, 0, sizeof(*batch));
}

void sock_count_datagram(struct sock_worker *w, const void *data, size_t len, int msg_flags)
{
	if (w->cfg->touch)
		w->touched += stack_touch(data, len);
	if ((msg_flags & MSG_TRUNC) && w->truncated_loss >= 0)
		stack_count_set(&w->stats->loss[w->truncated_loss], ++w->truncated);
}

void sock_batch_account(struct sock_worker *w, struct sock_batch *batch, int n)
{
	uint64_t bytes = 0;

	for (int i = 0; i < n; i++) {
		bytes += batch->msgs[i].msg_len;
		sock_count_datagram(w, batch->iov[i].iov_base, batch->msgs[i].msg_len,
				    batch->msgs[i].msg_hdr.msg_flags);
	}
	stack_count_add(&w->stats->packets, n);
	stack_count_add(&w->stats->bytes, bytes);
	sock_count_batch(w);
}

static uint64_t coarse_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void sock_count_batch(struct sock_worker *w)
{
	uint64_t batches = stack_count_read(&w->stats->batches) + 1;

	stack_count_set(&w->stats->batches, batches);
	/* The NAPI id can change with the route in; one getsockopt per 1024 batches keeps it current. */
	if ((batches & 1023) == 1)
		stack_note_napi_id(w->stats, w->fd);
	/* The drop count about every 100 ms: a clock read (vDSO) per 32 batches, a getsockopt per 100 ms. */
	if ((batches & 31) == 0 && coarse_now_ns() >= w->next_drops_ns)
		sock_poll_drops(w);
}

void sock_poll_drops(struct sock_worker *w)
{
	w->next_drops_ns = coarse_now_ns() + 100 * 1000 * 1000;
	stack_note_napi_id(w->stats, w->fd);
	if (w->drops_loss >= 0)
		stack_count_set(&w->stats->loss[w->drops_loss],
				stack_socket_drops(w->fd) - w->drops_at_start);
}
