// SPDX-License-Identifier: GPL-2.0-only
/* The blocking UDP baselines: recvfrom (one datagram per call) and recvmmsg (a batch per call). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sock_common.h"

/* A blocked receive returns after this long, so a stop request is seen within ~100 ms. */
static int set_receive_timeout(struct sock_worker *w)
{
	struct timeval timeout = {.tv_usec = 100 * 1000};

	if (setsockopt(w->fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) < 0)
		return stack_fail(w->shm, -errno, "setsockopt(SO_RCVTIMEO): %s", strerror(errno));
	return sock_set_busy_poll(w->cfg, w->shm, w->fd);
}

/* Timeouts and signals are the normal ways a blocked call returns empty; anything else is fatal. */
static int empty_receive(struct sock_worker *w, const char *call)
{
	if (errno == EAGAIN || errno == EINTR) {
		sock_poll_drops(w);
		return 0;
	}
	return stack_fail(w->shm, -errno, "%s on queue %d: %s", call, w->cfg->queues[w->index],
			  strerror(errno));
}

/*
 * recvmsg with one buffer is recvfrom that also returns msg_flags (MSG_TRUNC); the kernel path and the cost
 * per datagram are the same.
 */
static int recvfrom_loop(struct sock_worker *w)
{
	struct iovec iov = {.iov_len = w->buffer_len};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	int err = set_receive_timeout(w);

	iov.iov_base = malloc(w->buffer_len);
	if (!iov.iov_base)
		err = stack_fail(w->shm, -ENOMEM, "malloc(%zu): out of memory", w->buffer_len);
	while (!err && !*w->stop) {
		ssize_t n;

		n = recvmsg(w->fd, &msg, 0);
		stack_count_add(&w->stats->polls, 1);
		if (n < 0) {
			err = empty_receive(w, "recvfrom");
			continue;
		}
		sock_count_datagram(w, iov.iov_base, (size_t)n, msg.msg_flags);
		stack_count_add(&w->stats->packets, 1);
		stack_count_add(&w->stats->bytes, n);
		sock_count_batch(w);
	}
	sock_poll_drops(w);
	free(iov.iov_base);
	return err;
}

/* MSG_WAITFORONE: block for the first datagram, then take what is queued, up to cfg->batch. */
static int recvmmsg_loop(struct sock_worker *w)
{
	struct sock_batch batch = {0};
	int err = set_receive_timeout(w);

	if (!err && sock_batch_init(&batch, w->cfg->batch, w->buffer_len) < 0)
		return stack_fail(w->shm, -ENOMEM, "out of memory for %d buffers", w->cfg->batch);
	while (!err && !*w->stop) {
		int n = recvmmsg(w->fd, batch.msgs, batch.size, MSG_WAITFORONE, NULL);

		stack_count_add(&w->stats->polls, 1);
		if (n <= 0) {
			err = empty_receive(w, "recvmmsg");
			continue;
		}
		sock_batch_account(w, &batch, n);
	}
	sock_poll_drops(w);
	sock_batch_free(&batch);
	return err;
}

static int udp_check(const struct stack_config *cfg, char *why, size_t len)
{
	return sock_check(cfg, false, why, len);
}

static int run_with(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop,
		    int (*loop)(struct sock_worker *w))
{
	int fds[STACK_MAX_QUEUES];
	int err = sock_open_group(cfg, shm, fds, false);

	if (err)
		return err;
	err = sock_run_workers(cfg, shm, stop, fds, loop);
	for (int i = 0; i < cfg->nqueues; i++)
		close(fds[i]);
	return err;
}

static int recvfrom_run(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop)
{
	return run_with(cfg, shm, stop, recvfrom_loop);
}

static int recvmmsg_run(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop)
{
	return run_with(cfg, shm, stop, recvmmsg_loop);
}

const struct stack_ops stack_recvfrom = {
    .name = "recvfrom",
    .xdp = STACK_XDP_PASS,
    .check = udp_check,
    .run = recvfrom_run,
};

const struct stack_ops stack_recvmmsg = {
    .name = "recvmmsg",
    .xdp = STACK_XDP_PASS,
    .check = udp_check,
    .run = recvmmsg_run,
};
