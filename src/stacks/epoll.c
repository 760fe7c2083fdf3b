// SPDX-License-Identifier: GPL-2.0-only
/* The epoll receiver: non-blocking sockets woken by epoll; UDP in recvmmsg batches, or TCP read to EAGAIN. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sock_common.h"

/* Per-epoll busy polling (Linux 6.9); older C libraries do not declare it yet. */
#ifndef EPIOCSPARAMS
struct epoll_params {
	uint32_t busy_poll_usecs;
	uint16_t busy_poll_budget;
	uint8_t prefer_busy_poll;
	uint8_t pad;
};
#define EPIOCSPARAMS _IOW(0x8A, 0x01, struct epoll_params)
#endif

#define EPOLL_EVENTS 64
#define WAIT_MS 100 /* epoll_wait returns this often, so a stop request is seen promptly */
#define TCP_READ_LEN (64 * 1024)
#define UDP_WAKE_BUDGET 16 /* level-triggered: recvmmsg batches per wake-up at most */

static int watch(struct sock_worker *w, int epoll_fd, int fd)
{
	struct epoll_event event = {
	    .events = EPOLLIN | EPOLLRDHUP | (w->cfg->edge_triggered ? EPOLLET : 0),
	    .data.fd = fd,
	};

	if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) < 0)
		return stack_fail(w->shm, -errno, "epoll_ctl(ADD): %s", strerror(errno));
	return 0;
}

/* The worker's epoll instance watching its socket, with busy polling when asked. */
static int epoll_open(struct sock_worker *w)
{
	struct epoll_params params = {
	    .busy_poll_usecs = w->cfg->busy_poll_us,
	    .busy_poll_budget = w->cfg->busy_poll_budget,
	    .prefer_busy_poll = 1,
	};
	int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	int err;

	if (epoll_fd < 0)
		return stack_fail(w->shm, -errno, "epoll_create1: %s", strerror(errno));
	err = sock_set_busy_poll(w->cfg, w->shm, w->fd);
	if (!err && w->cfg->busy_poll && ioctl(epoll_fd, EPIOCSPARAMS, &params) < 0)
		err = stack_fail(w->shm, -errno, "ioctl(EPIOCSPARAMS, busy poll %d us): %s",
				 w->cfg->busy_poll_us, strerror(errno));
	if (!err)
		err = watch(w, epoll_fd, w->fd);
	if (err) {
		close(epoll_fd);
		return err;
	}
	return epoll_fd;
}

static int wait_events(struct sock_worker *w, int epoll_fd, struct epoll_event *events, int max)
{
	int ready = epoll_wait(epoll_fd, events, max, WAIT_MS);

	if (ready < 0 && errno != EINTR)
		return stack_fail(w->shm, -errno, "epoll_wait: %s", strerror(errno));
	return ready < 0 ? 0 : ready;
}

/*
 * Per wake-up, read batches until a short one says the queue is empty, at most UDP_WAKE_BUDGET of them.
 * Edge-triggered the wake-up comes once, so there is no budget: read to the end. Level-triggered epoll
 * reports the socket again while data is left, so the budget only bounds one wake-up's work.
 */
static int udp_loop(struct sock_worker *w)
{
	struct sock_batch batch = {0};
	struct epoll_event event;
	int epoll_fd = epoll_open(w);
	int err = epoll_fd < 0 ? epoll_fd : 0;

	if (!err && sock_batch_init(&batch, w->cfg->batch, w->buffer_len) < 0)
		err = stack_fail(w->shm, -ENOMEM, "out of memory for %d buffers", w->cfg->batch);
	while (!err && !*w->stop) {
		int n, ready = wait_events(w, epoll_fd, &event, 1);

		if (ready <= 0) {
			err = ready;
			sock_poll_drops(w);
			continue;
		}
		for (int round = 0; w->cfg->edge_triggered || round < UDP_WAKE_BUDGET; round++) {
			n = recvmmsg(w->fd, batch.msgs, batch.size, MSG_DONTWAIT, NULL);
			stack_count_add(&w->stats->polls, 1);
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				err = stack_fail(w->shm, -errno, "recvmmsg on queue %d: %s",
						 w->cfg->queues[w->index], strerror(errno));
			if (n <= 0)
				break;
			sock_batch_account(w, &batch, n);
			if (n < batch.size)
				break;
		}
	}
	sock_poll_drops(w);
	sock_batch_free(&batch);
	if (epoll_fd >= 0)
		close(epoll_fd);
	return err;
}

static void accept_all(struct sock_worker *w, int epoll_fd)
{
	for (;;) {
		int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return; /* EAGAIN: backlog empty; other errors concern that one connection */
		if (watch(w, epoll_fd, fd) < 0) {
			close(fd);
			return;
		}
	}
}

/* Reads a connection until EAGAIN; closes it on EOF or error (close also leaves the epoll set). */
static void read_connection(struct sock_worker *w, int fd, char *buffer)
{
	for (;;) {
		ssize_t n = read(fd, buffer, TCP_READ_LEN);

		stack_count_add(&w->stats->polls, 1);
		if (n > 0) {
			if (w->cfg->touch)
				w->touched += stack_touch(buffer, n);
			stack_count_add(&w->stats->packets, 1);
			stack_count_add(&w->stats->bytes, n);
			stack_count_add(&w->stats->batches, 1);
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		close(fd);
		return;
	}
}

static int tcp_loop(struct sock_worker *w)
{
	struct epoll_event events[EPOLL_EVENTS];
	char *buffer = malloc(TCP_READ_LEN);
	int epoll_fd = epoll_open(w);
	int err = epoll_fd < 0 ? epoll_fd : 0;

	if (!err && !buffer)
		err = stack_fail(w->shm, -ENOMEM, "malloc(%d): out of memory", TCP_READ_LEN);
	while (!err && !*w->stop) {
		int ready = wait_events(w, epoll_fd, events, EPOLL_EVENTS);

		err = ready < 0 ? ready : 0;
		for (int i = 0; i < ready; i++) {
			if (events[i].data.fd == w->fd)
				accept_all(w, epoll_fd);
			else
				read_connection(w, events[i].data.fd, buffer);
		}
	}
	free(buffer);
	if (epoll_fd >= 0)
		close(epoll_fd);
	return err;
}

static int epoll_check(const struct stack_config *cfg, char *why, size_t len)
{
	return sock_check(cfg, true, why, len);
}

static int epoll_run(const struct stack_config *cfg, struct stack_shm *shm, volatile sig_atomic_t *stop)
{
	int fds[STACK_MAX_QUEUES];
	int err = sock_open_group(cfg, shm, fds, true);

	if (err)
		return err;
	err = sock_run_workers(cfg, shm, stop, fds, cfg->proto == STACK_PROTO_TCP ? tcp_loop : udp_loop);
	for (int i = 0; i < cfg->nqueues; i++)
		close(fds[i]);
	return err;
}

const struct stack_ops stack_epoll = {
    .name = "epoll",
    .xdp = STACK_XDP_PASS,
    .check = epoll_check,
    .run = epoll_run,
};
